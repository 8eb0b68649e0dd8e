"""Where profiles live on this laptop by default."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "ParentRUs Mentor"
APP_AUTHOR = "ParentRUs"


def default_data_dir() -> Path:
    """The platform's per-user application-data folder (e.g. ~/.local/share on Linux,
    %APPDATA% on Windows). The desktop app and the admin tool use the same one."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=True))
