"""Days on the hub's pages are written without glibc-only strftime flags, so the pages
render the same on a Windows server."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from parentrus_sync.hub.pages import _environment

ROOT = Path(__file__).resolve().parents[4]


def test_a_day_is_written_without_a_leading_zero() -> None:
    day = _environment().filters["day"]
    assert day(datetime(2026, 3, 5, 14, 0)) == "5 Mar 2026"
    assert day(datetime(2026, 11, 22)) == "22 Nov 2026"
    assert day(None) == ""


def test_no_code_uses_a_strftime_flag_windows_lacks() -> None:
    glibc_only = re.compile(r"%-[a-zA-Z]")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("parentrus_desktop", "sync/parentrus_sync")
        for path in (ROOT / folder).rglob("*.py")
        if glibc_only.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
