"""Well-formed reports as they travel on the wire, for tests of the hub and the schema
that need a report without building one from a mentor's records."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from parentrus_sync.periods import period_named
from parentrus_sync.report_shape import REPORT_FORMAT, SECOND_FORMAT, cells_of
from parentrus_sync.report_shape_v1 import REPORT_FORMAT as FIRST_FORMAT
from parentrus_sync.report_shape_v1 import Bounds, breakdowns, noise_delta, noise_limit
from parentrus_sync.school_plan import ReportPlan, privacy_block

#: A report's total for (breakdown, cell, the cell's place in its breakdown).
Totals = Callable[[str, str, int], int]


def small_totals(seed: int = 0) -> Totals:
    """Small totals, some negative (as noise gives), varied by seed."""
    return lambda _breakdown, _cell, place: ((place + seed) % 7) - 2


def wire_report(
    school: str = "riverside-primary",
    period: str = "2026-autumn",
    totals: Totals | None = None,
    plan: ReportPlan | None = None,
    rho_year_so_far: float | None = None,
    nonce: str | None = None,
    report_format: str = REPORT_FORMAT,
) -> dict[str, Any]:
    """A report of the current format (or of format 2, as a laptop not yet updated sends)
    under ``plan`` (the default policy's unless given; a month's period needs a monthly
    plan) with the given totals."""
    found = period_named(period)
    chosen = plan or ReportPlan(kind=found.kind)
    count = totals or small_totals()
    spent = chosen.rho_per_release() if rho_year_so_far is None else rho_year_so_far
    cells = cells_of(report_format)
    totals = {
        name: {c: count(name, c, place) for place, c in enumerate(cells[name])}
        for name in chosen.breakdowns
    }
    # The same arguments give the same report, as tests of resending need; a laptop
    # draws its nonce at random.
    seed = json.dumps([school, period, totals], sort_keys=True).encode()
    return {
        "format": report_format,
        "nonce": nonce or hashlib.sha256(seed).hexdigest()[:32],
        "school": school,
        "period": period,
        "privacy": privacy_block(chosen, found, spent),
        "totals": totals,
    }


def second_format_report(**wire: Any) -> dict[str, Any]:
    """A report of format 2 (``parentrus-report/2``), as a laptop whose app is not yet
    updated sends: format 3's, without the nine language cells format 3 added."""
    return wire_report(**wire, report_format=SECOND_FORMAT)


def first_format_report(
    school: str = "riverside-primary", period: str = "2026-10", totals: Totals | None = None
) -> dict[str, Any]:
    """A report of the first format (``parentrus-report/1``), as a hub may still hold
    from before December 2026, at its default policy (ε = 1 per breakdown)."""
    shape = breakdowns(Bounds())
    count = totals or small_totals()
    return {
        "format": FIRST_FORMAT,
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
