#!/bin/sh
# Install the unpacked Linux bundle for this user: no administrator rights needed.
#   tar xf parentrus-mentor-linux.tar.gz && cd parentrus-mentor && ./install.sh
# Puts the app in ~/.local/share/parentrus-mentor, a menu entry and the icon in their
# usual places. ./install.sh --remove takes them away again (your records stay: they are
# in ~/.local/share/ParentRUs Mentor).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
app="$data/parentrus-mentor"
entry="$data/applications/parentrus-mentor.desktop"
icons="$data/icons/hicolor"

if [ "${1:-}" = "--remove" ]; then
    rm -rf "$app" "$entry"
    for png in "$icons"/*/apps/parentrus-mentor.png "$icons"/scalable/apps/parentrus-mentor.svg; do
        rm -f "$png"
    done
    echo "Parent'R'Us Mentor is removed. Your records are still in your data folder."
    exit 0
fi

mkdir -p "$app" "$data/applications"
cp -R "$here/parentrus/." "$app/"
sed "s|^Exec=.*|Exec=\"$app/parentrus\"|" "$here/parentrus-mentor.desktop" > "$entry"
for png in "$here"/icons/parentrus-mentor-*.png; do
    size=$(basename "$png" .png | sed 's/parentrus-mentor-//')
    mkdir -p "$icons/${size}x${size}/apps"
    cp "$png" "$icons/${size}x${size}/apps/parentrus-mentor.png"
done
mkdir -p "$icons/scalable/apps"
cp "$here/icons/parentrus-mentor.svg" "$icons/scalable/apps/parentrus-mentor.svg"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
echo "Parent'R'Us Mentor is installed: find it in your applications menu."
