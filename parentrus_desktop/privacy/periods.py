"""Reporting periods: the wire's own (``parentrus_sync.periods``), named here for the laptop."""

from __future__ import annotations

from parentrus_sync.periods import (
    DEFAULT_GRACE_DAYS,
    Period,
    PeriodKind,
    is_ready,
    period_named,
    period_of,
    ready_periods,
)

__all__ = [
    "DEFAULT_GRACE_DAYS",
    "Period",
    "PeriodKind",
    "is_ready",
    "period_named",
    "period_of",
    "ready_periods",
]
