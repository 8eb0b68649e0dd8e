"""Benchmark: the real hub (a subprocess, SQLite then PostgreSQL) taking reports from
50 laptops at once; with a baseline (GET /api/v1/hello at the same concurrency) in the
same run, so the figures can be read as ratios on a noisy shared machine.

Run: .venv/bin/python bench/hub_bench.py [--reports 2000] [--laptops 50] [--workers 1]
Target: at least 200 reports/s, and p99 under 100 ms on SQLite at 200 reports/s offered
(fifty laptops sending flat out keep fifty requests waiting, so their p99 is mostly queue:
Little's law puts it near 50 / rate; the paced run is the one that says how quickly the
hub answers at the target load).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

# The tests' kit starts the hub and a throwaway PostgreSQL the same way the tests do.
TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "sync" / "hub")]
from helpers.hub_process import HubProcess  # noqa: E402
from helpers.pg_cluster import PgCluster, PostgresMissing  # noqa: E402
from hubcore_kit import Laptop, enrol_over_http, invitations  # noqa: E402
from parentrus_sync.protocol import canonical_json  # noqa: E402

JSON = {"content-type": "application/json"}


def months(count: int) -> list[str]:
    """Distinct past months, one per report a laptop sends."""
    return [f"{2000 + i // 12:04d}-{i % 12 + 1:02d}" for i in range(count)]


def connected(url: str, count: int) -> list[httpx.Client]:
    """One client per laptop, each already connected: making fifty clients (each loads
    the CA certificates) inside the timed part would be measuring the laptops."""
    clients = [httpx.Client(base_url=url, timeout=120) for _ in range(count)]
    for client in clients:
        client.get("/api/v1/hello")
    return clients


def run_concurrently(
    url: str, work: list[list[bytes | None]], send: Callable[[httpx.Client, bytes | None], int]
) -> tuple[float, list[float], list[int]]:
    """Each list of ``work`` on its own thread and connection; wall time, latencies, statuses."""

    clients = connected(url, len(work))

    def one_laptop(index: int) -> list[tuple[float, int]]:
        done = []
        for body in work[index]:
            start = time.perf_counter()
            status = send(clients[index], body)
            done.append((time.perf_counter() - start, status))
        return done

    start = time.perf_counter()
    return _every_laptop_at_once(clients, one_laptop, start)


def _every_laptop_at_once(
    clients: list[httpx.Client],
    one_laptop: Callable[[int], list[tuple[float, int]]],
    start: float,
) -> tuple[float, list[float], list[int]]:
    """Each laptop on its own thread; (wall time from ``start``, latencies, statuses)."""
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        results = [item for laptop in pool.map(one_laptop, range(len(clients))) for item in laptop]
    wall = time.perf_counter() - start
    for client in clients:
        client.close()
    return wall, [r[0] for r in results], [r[1] for r in results]


def run_paced(
    url: str, work: list[list[bytes]], rate: float
) -> tuple[float, list[float], list[int]]:
    """Open loop: the laptops together offer ``rate`` reports a second, each on a fixed
    schedule; a latency runs from the scheduled moment, so a slow hub cannot hide its
    queue by making the senders wait (no coordinated omission)."""
    interval = len(work) / rate
    clients = connected(url, len(work))
    start = time.perf_counter() + 0.5

    def one_laptop(index: int) -> list[tuple[float, int]]:
        done = []
        for n, body in enumerate(work[index]):
            due = start + (n + index / len(work)) * interval
            time.sleep(max(0.0, due - time.perf_counter()))
            answer = clients[index].post("/api/v1/reports", content=body, headers=JSON)
            done.append((time.perf_counter() - due, answer.status_code))
        return done

    return _every_laptop_at_once(clients, one_laptop, start)


def summary(name: str, wall: float, latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.90))] * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    rate = len(latencies) / wall
    print(
        f"  {name:<22} {rate:8.1f} /s   p50 {p50:7.1f} ms   p90 {p90:7.1f} ms   "
        f"p99 {p99:7.1f} ms   max {ordered[-1] * 1000:7.1f} ms"
    )
    return {"rate": rate, "p50": p50, "p99": p99}


def bench_backend(
    label: str, database_args: list[str], laptops: int, reports: int, workers: int, rate: float
) -> None:
    per_laptop = reports // laptops
    paced_per_laptop = max(1, int(rate * 5 / laptops))  # five seconds at the offered rate
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as folder:
        # Fifty laptops on one loopback address, each sending far more than a laptop does:
        # the hub's limits per address and per laptop (tested on their own) are lifted.
        limits = ("--requests-per-minute", "1000000", "--reports-per-minute", "1000000")
        hub = HubProcess(Path(folder) / "data", database_args, ("--workers", str(workers), *limits))
        try:
            with httpx.Client(base_url=hub.url, timeout=120) as client:
                enrolled: list[Laptop] = [
                    enrol_over_http(client, i) for i in invitations(hub, laptops)
                ]
            # Signed before the clock starts: the laptops' work is not the hub's.
            periods = months(per_laptop + paced_per_laptop)
            bodies: list[list[bytes | None]] = [
                [canonical_json(lap.envelope(period=p)) for p in periods[:per_laptop]]
                for lap in enrolled
            ]
            paced = [
                [canonical_json(lap.envelope(period=p)) for p in periods[per_laptop:]]
                for lap in enrolled
            ]
            hellos: list[list[bytes | None]] = [[None] * per_laptop for _ in enrolled]

            def hello(client: httpx.Client, body: bytes | None) -> int:
                return client.get("/api/v1/hello").status_code

            def upload(client: httpx.Client, body: bytes | None) -> int:
                assert body is not None
                return client.post("/api/v1/reports", content=body, headers=JSON).status_code

            print(
                f"{label}, {workers} worker(s): {laptops} laptops at once, "
                f"{per_laptop * laptops} reports as fast as they go, then "
                f"{paced_per_laptop * laptops} offered at {rate:.0f}/s"
            )
            wall, latencies, statuses = run_concurrently(hub.url, hellos, hello)
            base = summary("baseline GET hello", wall, latencies)
            wall, latencies, statuses = run_concurrently(hub.url, bodies, upload)
            got = summary("POST reports", wall, latencies)
            wrong = [s for s in statuses if s != 201]
            wall, latencies, statuses = run_paced(hub.url, paced, rate)
            summary(f"POST at {rate:.0f}/s offered", wall, latencies)
            wrong += [s for s in statuses if s != 201]
            storage = hub.storage()
            try:
                held = len(storage.reports("riverside-primary"))
            finally:
                storage.close()
            print(
                f"  reports/s as a share of the baseline: {got['rate'] / base['rate']:.2f}; "
                f"p99 ratio {got['p99'] / base['p99']:.1f}x; stored {held}, "
                f"not 201: {len(wrong)}"
            )
            if held != (per_laptop + paced_per_laptop) * laptops or wrong:
                raise SystemExit("The hub lost or refused reports under load.")
        finally:
            hub.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--laptops", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1, help="hub processes")
    parser.add_argument("--rate", type=float, default=200.0, help="offered reports/s")
    args = parser.parse_args()
    options = (args.laptops, args.reports, args.workers, args.rate)
    bench_backend("SQLite", [], *options)
    try:
        cluster = PgCluster()
    except PostgresMissing as missing:
        print(f"PostgreSQL: not measured. {missing}")
        return
    try:
        bench_backend("PostgreSQL", ["--database", cluster.new_database()], *options)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
