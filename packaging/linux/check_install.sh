#!/bin/sh
# Unpack the Linux tarball, install it for a throwaway user folder, start the installed
# app (the bundle's smoke test), check the menu entry and icon, then remove it again.
#   sh packaging/linux/check_install.sh dist/parentrus-mentor-linux.tar.gz
set -eu
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/share"
tar -C "$scratch" -xzf "$tarball"
sh "$scratch/parentrus-mentor/install.sh"
entry="$XDG_DATA_HOME/applications/org.parentrus.Mentor.desktop"
grep -q "^Exec=\"$XDG_DATA_HOME/parentrus-mentor/parentrus\"" "$entry"
test -f "$XDG_DATA_HOME/icons/hicolor/256x256/apps/org.parentrus.Mentor.png"
if command -v desktop-file-validate >/dev/null 2>&1; then desktop-file-validate "$entry"; fi
"${PYTHON:-python3}" "$top/packaging/smoke_bundle.py" "$XDG_DATA_HOME/parentrus-mentor/parentrus"
sh "$scratch/parentrus-mentor/install.sh" --remove
test ! -e "$entry" && test ! -e "$XDG_DATA_HOME/parentrus-mentor"
echo "the tarball installs, starts and removes cleanly"
