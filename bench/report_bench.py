"""Benchmark: every monthly report for a year, for every school, at 2,000 families /
50,000 sessions; and the accuracy a school gets from one term's total for one cell.

Run: .venv/bin/python bench/report_bench.py
"""

from __future__ import annotations

import math
import statistics
import time
from datetime import date

from parentrus_desktop.domain import School
from parentrus_desktop.operations.demo_data import DemoSize, demo_records
from parentrus_desktop.privacy.noise import NoiseSource, noise_variance
from parentrus_desktop.privacy.periods import PeriodKind, period_of
from parentrus_desktop.privacy.report import PreparedRecords, SchoolPolicy, build_report

TODAY = date(2026, 12, 10)


def main() -> None:
    records = list(demo_records(DemoSize(2000, 50_000), seed=4, today=TODAY))
    schools = [r for r in records if isinstance(r, School)]
    months = [
        period_of(date(2025 + (i + 11) // 12, (i + 11) % 12 + 1, 1), PeriodKind.MONTH)
        for i in range(12)
    ]
    noise = NoiseSource(b"benchmark noise secret, 32 bytes")
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        prepared = PreparedRecords(records)
        for school in schools:
            for month in months:
                build_report(
                    prepared,
                    school_id=school.id,
                    hub_school=school.name,
                    period=month,
                    policy=SchoolPolicy(),
                    noise=noise,
                )
        timings.append(time.perf_counter() - start)
    print(
        f"{len(schools) * len(months)} reports for a year at 2,000 families / 50,000 "
        f"sessions: median {statistics.median(timings):.2f} s (runs {timings})"
    )
    # Accuracy, by simulation: a term is 3 monthly reports from each of 5 mentors'
    # laptops, each with its own noise secret; the school sees the sum for a cell.
    trials = 4000
    for epsilon in (1.0, 0.5):
        errors = []
        for trial in range(trials):
            error = 0
            for mentor in range(5):
                laptop = NoiseSource(f"laptop {mentor} of trial {trial}".encode().ljust(32, b"."))
                error += sum(
                    laptop.noise(f"riverside|2026-{m:02d}|sessions_by_kind|one_to_one", epsilon, 1)
                    for m in (9, 10, 11)
                )
            errors.append(error)
        predicted = math.sqrt(noise_variance(epsilon, 1) * 15)
        print(
            f"epsilon {epsilon}: a term's total for one cell at a 5-mentor school is off by "
            f"sd {statistics.pstdev(errors):.2f} (simulated, {trials} terms; theory "
            f"{predicted:.2f}), before the hub rounds to the nearest 5"
        )


if __name__ == "__main__":
    main()
