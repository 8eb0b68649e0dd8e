"""What every screen is given: the data folder, settings, and the clock (so tests can set it)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from parentrus_desktop.gui.preferences import Preferences
from parentrus_desktop.vault.kdf import KdfParameters, calibrate
from parentrus_desktop.vault.throttle import UnlockThrottle


@dataclass
class AppContext:
    data_dir: Path
    preferences: Preferences
    make_kdf: Callable[[], KdfParameters] = calibrate
    today: Callable[[], date] = date.today
    clock: Callable[[], float] = time.monotonic
    throttle: UnlockThrottle = field(default_factory=UnlockThrottle)
