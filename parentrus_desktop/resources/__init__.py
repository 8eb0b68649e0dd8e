"""The files the running app reads (catalogs, themes, icons, the user guide): package
data, so a wheel and a bundle carry them; found with importlib.resources, never beside
the source tree."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: Compiled catalogs, ``locale/<language>/LC_MESSAGES/parentrus.mo``: built from i18n/*.po
#: by ``make i18n-compile`` (a source checkout) or by the wheel's build (setup.py).
LOCALE = "locale"
#: ``themes/<name>.toml``, ``common.qss``, ``<name>.qss`` and ``<name>/*.svg`` (see ui/README.md).
THEMES = "themes"
#: The app's icon: ``parentrus-mentor.svg`` and PNGs of each size (packaging/make_icons.py).
ICONS = "icons"
#: The user guide (Help): a copy of docs/guide and the screenshots it shows, laid out as
#: in docs/ (``guide/*.md``, ``screenshots/en/*.png``): packaging/guide_files.py makes it.
GUIDE = "guide"
#: Languages' names in themselves and in each language the app speaks, from CLDR: made
#: by tools/language_names.py and committed (see parentrus_desktop/language_names.py).
LANGUAGE_NAMES = "language_names.json"


def resource_dir(name: str) -> Path:
    """A folder of package data as a path on the disk: gettext and Qt open files by path.

    A wheel installs onto the disk and PyInstaller unpacks package data beside the code,
    so the folder is always a real one (a zipped install is not a way the app ships)."""
    found = files(__name__) / name
    if not isinstance(found, Path):
        raise RuntimeError(f"the app's {name} files are not on the disk: {found}")
    return found
