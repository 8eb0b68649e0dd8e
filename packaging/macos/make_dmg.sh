#!/bin/bash
# Wrap PyInstaller's one-folder app (dist/parentrus) as "Parent'R'Us Mentor.app" in a DMG.
# Runs on a macOS runner (.github/workflows/desktop-bundles.yml); unsigned: signing and
# notarising need the organisation's Apple developer account.
set -euo pipefail
name="Parent'R'Us Mentor"
app="dist/$name.app"
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
cp -R dist/parentrus/. "$app/Contents/MacOS/"
cp packaging/icons/org.parentrus.Mentor.icns "$app/Contents/Resources/org.parentrus.Mentor.icns"
version=$(python -c "import importlib.metadata as m; print(m.version('parentrus-desktop'))")
cat > "$app/Contents/Info.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
  <key>CFBundleName</key><string>$name</string>
  <key>CFBundleIdentifier</key><string>org.parentrus.Mentor</string>
  <key>CFBundleExecutable</key><string>parentrus</string>
  <key>CFBundleIconFile</key><string>org.parentrus.Mentor.icns</string>
  <key>CFBundleShortVersionString</key><string>$version</string>
  <key>CFBundlePackageType</key><string>APPL</string>
  <key>NSHighResolutionCapable</key><true/>
</dict></plist>
PLIST
hdiutil create -volname "$name" -srcfolder "$app" -ov -format UDZO "dist/ParentRUs-Mentor-$version.dmg"
