#!/bin/sh
# Install the unpacked Linux bundle for this user: no administrator rights needed.
#   tar xf parentrus-mentor-linux.tar.gz && cd parentrus-mentor && ./install.sh
# Puts the app in ~/.local/share/parentrus-mentor, and a menu entry and the icon where
# desktops look for them. ./install.sh --remove takes them away again; your records stay
# (they are in ~/.local/share/ParentRUs Mentor).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
app="$data/parentrus-mentor"
entry="$data/applications/org.parentrus.Mentor.desktop"
icons="$data/icons/hicolor"

if [ "${1:-}" = "--remove" ]; then
    rm -rf "$app" "$entry"
    find "$icons" -name 'org.parentrus.Mentor.*' -delete 2>/dev/null || true
    echo "Parent'R'Us Mentor is removed. Your records are still in your data folder."
    exit 0
fi

mkdir -p "$app" "$data/applications" "$icons"
cp -R "$here/parentrus/." "$app/"
sed "s|^Exec=.*|Exec=\"$app/parentrus\"|" "$here/org.parentrus.Mentor.desktop" > "$entry"
cp -R "$here/icons/hicolor/." "$icons/"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$data/applications" || true
fi
echo "Parent'R'Us Mentor is installed: find it in your applications menu."
