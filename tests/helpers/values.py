"""Fixed values the tests share: a passphrase and the day the tests call "today"."""

from __future__ import annotations

from datetime import date

PASSPHRASE = "the kettle is on at the library"
TODAY = date(2026, 11, 22)
