"""What the app is: its name, id and version (from the installed package's metadata)."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

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
    found = version_from_metadata_file()
    if found is not None:
        return found
    # Another layout (an egg, a zip): importlib.metadata knows them all.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return UNKNOWN_VERSION


def version_from_metadata_file() -> str | None:
    """The ``Version:`` of the first ``parentrus_desktop-*.dist-info`` on sys.path, where
    importlib.metadata finds it (a wheel, an editable install, the bundle's copy), read
    without importlib.metadata: it and the email package it parses with took ~50 ms of a
    cold start, before the first screen. None when there is no such folder."""
    folder_name = DISTRIBUTION.replace("-", "_")
    for entry in sys.path:
        try:
            folders = sorted(Path(entry or ".").glob(f"{folder_name}-*.dist-info"))
        except OSError:
            continue
        for folder in folders:
            try:
                with (folder / "METADATA").open(encoding="utf-8") as metadata:
                    for line in metadata:
                        if line.startswith("Version:"):
                            return line.removeprefix("Version:").strip()
                        if not line.strip():
                            break  # the headers end at the first empty line
            except OSError:
                continue
    return None
