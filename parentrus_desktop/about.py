"""What the app is: its name, id and version (from the installed package's metadata)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

#: The distribution's name in pyproject.toml, whose ``version`` is the one place it is set.
DISTRIBUTION = "parentrus-desktop"
#: The app's id: the .desktop file's name (less ".desktop"), its icon's name, AppStream's id.
APP_ID = "org.parentrus.Mentor"
#: Said when the package's metadata is missing (a bundle made without it): never a guess.
UNKNOWN_VERSION = "unknown"


@cache
def app_version() -> str:
    """The version pyproject.toml gives, as installed (a wheel, an editable install, a
    bundle that carries the metadata)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return UNKNOWN_VERSION
