"""A well-formed report as it travels on the wire, for tests of the hub and the schema
that need a report without building one from a mentor's records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parentrus_sync.report_shape import REPORT_FORMAT, Bounds, breakdowns, noise_delta, noise_limit

#: A report's total for (breakdown, cell, the cell's place in its breakdown).
Totals = Callable[[str, str, int], int]


def small_totals(seed: int = 0) -> Totals:
    """Small totals, some negative (as noise gives), varied by seed."""
    return lambda _breakdown, _cell, place: ((place + seed) % 7) - 2


def wire_report(
    school: str = "riverside-primary", period: str = "2026-10", totals: Totals | None = None
) -> dict[str, Any]:
    """A report at the default policy (ε = 1 everywhere) with the given totals."""
    shape = breakdowns(Bounds())
    count = totals or small_totals()
    return {
        "format": REPORT_FORMAT,
        "school": school,
        "period": period,
        "privacy": {
            "mechanism": "two-sided geometric, redrawn beyond a limit",
            "epsilon": {b.name: 1.0 for b in shape},
            "epsilon_total": 15.0,
            "epsilon_per_family": {b.name: 8.0 if b.unit == "session" else 1.0 for b in shape},
            "epsilon_per_family_total": 57.0,
            "units": {b.name: b.unit for b in shape},
            "sensitivity": {b.name: b.sensitivity for b in shape},
            "noise_limit": {b.name: noise_limit(1.0, b.sensitivity) for b in shape},
            "delta": {b.name: noise_delta(1.0, b.sensitivity) for b in shape},
            "bounds": {name: getattr(Bounds(), name) for name in Bounds.__dataclass_fields__},
        },
        "totals": {
            b.name: {c: count(b.name, c, place) for place, c in enumerate(b.cells)} for b in shape
        },
    }
