"""The bundle's and installers' files agree with the app: the Flatpak manifest's id,
command and sandbox, the per-user Windows installer, the languages the bundle keeps, and
the workflow that builds them on Windows and macOS (which cannot run on this CI)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from parentrus_desktop.about import APP_ID

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def test_the_flatpak_manifest_names_the_app_and_keeps_its_sandbox_small() -> None:
    manifest = json.loads((PACKAGING / "flatpak" / f"{APP_ID}.json").read_text())
    assert manifest["id"] == APP_ID
    assert manifest["command"] == "parentrus"
    assert manifest["runtime"] == "org.kde.Platform" and manifest["sdk"] == "org.kde.Sdk"
    assert manifest["base"] == "io.qt.PySide.BaseApp"
    assert manifest["runtime-version"] == manifest["base-version"]
    sandbox = manifest["finish-args"]
    # Records stay in the app's own folder: no access to the whole home folder or system.
    assert not {"--filesystem=home", "--filesystem=host"} & set(sandbox)
    assert "--share=network" in sandbox  # the reports to the school
    commands = " ".join(manifest["modules"][-1]["build-commands"])
    for installed in (f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml", "hicolor"):
        assert installed in commands
    for path in re.findall(r"packaging/\S+", commands):
        assert (ROOT / path).exists(), path


def test_the_windows_installer_needs_no_administrator() -> None:
    script = (PACKAGING / "windows" / "parentrus.iss").read_text()
    assert "PrivilegesRequired=lowest" in script
    assert "{localappdata}" in script
    icon = re.search(r"SetupIconFile=\.\.\\icons\\(\S+)", script)
    assert icon and (PACKAGING / "icons" / icon.group(1)).is_file()


def test_the_bundle_keeps_every_shipped_language() -> None:
    spec = (PACKAGING / "parentrus.spec").read_text()
    kept = re.search(r"SHIPPED_LANGUAGES = \(([^)]*)\)", spec)
    assert kept is not None
    catalogs = {po.parent.parent.name for po in (ROOT / "i18n").glob("*/LC_MESSAGES/*.po")}
    assert set(re.findall(r'"([a-z_A-Z]+)"', kept.group(1))) == {"en", *catalogs}


def test_the_windows_and_macos_workflow_builds_and_smoke_tests_both() -> None:
    # Read as text: no YAML library is among the test tools, and the lines checked are plain.
    workflow = (ROOT / ".github" / "workflows" / "desktop-bundles.yml").read_text()
    assert "os: [windows-latest, macos-latest]" in workflow
    runs = [line for line in workflow.splitlines() if "run:" in line or line.startswith(" " * 10)]
    for needed in ("packaging/parentrus.spec", "smoke_bundle.py", "parentrus.iss", "make_dmg.sh"):
        assert any(needed in line for line in runs), needed
    assert "\t" not in workflow  # YAML forbids tabs


def test_the_bundle_has_the_admin_command_the_app_names() -> None:
    """The app's messages name parentrus-admin (e.g. "parentrus-admin verify"): the bundle
    builds it beside the app, from the same main as the installed command."""
    spec = (PACKAGING / "parentrus.spec").read_text()
    assert 'name="parentrus-admin"' in spec and "launch_admin.py" in spec
    with (ROOT / "pyproject.toml").open("rb") as file:
        scripts = tomllib.load(file)["project"]["scripts"]
    module, function = scripts["parentrus-admin"].split(":")
    launcher = (PACKAGING / "launch_admin.py").read_text()
    assert f"from {module} import {function}" in launcher
