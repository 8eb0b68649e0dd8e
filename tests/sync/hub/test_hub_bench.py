"""bench/hub_bench.py in its smallest form, once, so ``make bench`` cannot rot: the laptops
upload quietly and then under junk, on SQLite with one worker and on PostgreSQL with two
(the session's cluster). Not timed: the figures are the benchmark's, not the tests'."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers.pg_cluster import PgCluster

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import hub_bench


def test_the_hub_bench_runs_quiet_and_under_junk(pg_cluster: PgCluster) -> None:
    options = hub_bench.Options(laptops=2, reports=4, rate=40, paced_seconds=0.1, senders=2)
    results = [
        hub_bench.bench_backend("SQLite", [], 1, options),
        hub_bench.bench_backend(
            "PostgreSQL", ["--database", pg_cluster.new_database()], 2, options
        ),
    ]
    for result in results:
        assert set(result.runs) == {
            "baseline", "quiet flat", "quiet paced", "attack flat", "attack paced"
        }  # fmt: skip
        assert all(f.rate > 0 and 0 < f.p50 <= f.p99 for f in result.runs.values())
        # Every laptop's upload taken, quiet and under attack: 2 laptops x (2 + 2) x 2,
        # and the two each sent before the clock.
        assert result.laptop_refusals == [] and result.stored == result.expected == 20
        # One p99 for each round of each run.
        assert {run: len(p99s) for run, p99s in result.round_p99s.items()} == dict.fromkeys(
            ("quiet flat", "quiet paced", "attack flat", "attack paced"), options.rounds
        )
        # The junk was answered, and the access log's schema marks are exactly the
        # laptops' own uploads (a hub that marked none would give -8 here).
        assert sum(result.junk.values()) > 0 and result.junk_seconds > 0
        assert result.junk_schema_work == 0
    table = hub_bench.table(results).splitlines()
    assert len(table) == 1 + 2 * len(results) and table[1].startswith("SQLite")
    said = hub_bench.verdicts(results)
    assert [line.split(":", 1)[0] for line in said] == [
        "SQLite, 1 worker(s)", "PostgreSQL, 2 worker(s)"
    ]  # fmt: skip
    for line, result in zip(said, results, strict=True):
        ratio = hub_bench.typical_p99(result, "attack paced") / hub_bench.typical_p99(
            result, "quiet paced"
        )
        pooled = result.runs["attack paced"].p99 / result.runs["quiet paced"].p99
        assert (": met:" in line) == (max(ratio, pooled) <= hub_bench.WITHIN), line
