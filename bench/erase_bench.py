"""Erasing families when the laptop holds local backups, as a ratio to erasing them from
the profile alone.

Run: .venv/bin/python bench/erase_bench.py [--sizes 2000x50000] [--backups 9]
     [--families 1,10] [--repeat N] [--profile]

For each size it builds a demo profile (as bench/vault_bench.py does) and that many
local backups of it (sealed copies in the profile's backups folder, as the automatic
backup at lock makes them), then for each number of families times, on a fresh copy of
that data folder each run (unlocking is not timed):

- erasing that many families in one step, with every local backup reached (the CLI's
  way: the backups are finished before the command returns);
- the same on a copy of the folder without the backups (the yardstick).

``--profile`` prints where the time goes (cProfile, the 20 costliest calls) for the
first number of families with backups.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from parentrus_desktop.domain import Family
from parentrus_desktop.operations import records as record_actions
from parentrus_desktop.operations.demo_data import DemoSize, add_example_records
from parentrus_desktop.store import backup as backups
from parentrus_desktop.store.profiles import LockedProfile, create_profile
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.kdf import calibrate

PASSPHRASE = "benchmarks need a passphrase too"  # noqa: S105 - demo data only
TODAY = date(2026, 11, 22)
RESULTS = Path(__file__).parent / "results"


def _erase(profile: UnlockedProfile, family_ids: Sequence[str]) -> None:
    """All of them in one step: ``erase_families`` where the code has it, else one by one
    (the code before it)."""
    erase_families = getattr(record_actions, "erase_families", None)
    if erase_families is not None:
        erase_families(profile, family_ids)
    else:
        for family_id in family_ids:
            record_actions.erase_family(profile, family_id)


def _build(folder: Path, families: int, sessions: int, copies: int) -> Path:
    """A closed demo profile and ``copies`` local backups of it; returns its path."""
    profile, _ = create_profile(folder, f"Bench {families}", PASSPHRASE, kdf=calibrate())
    add_example_records(profile, DemoSize(families, sessions), seed=42, today=TODAY)
    backup_folder = backups.local_backup_folder(profile.path)
    backups.make_private_folders(backup_folder, up_to=profile.path.parent)
    for day in range(copies):
        made = datetime(2027, 1, 1 + day, 12, tzinfo=UTC)
        name = f"{made.date().isoformat()}{backups.BACKUP_SUFFIX}"
        backups.back_up(profile, backup_folder / name, made, external=False)
    path = profile.path
    profile.lock()
    return path


def _timed_erase(
    template: Path,
    work: Path,
    count: int,
    *,
    with_backups: bool,
    profiler: cProfile.Profile | None = None,
) -> tuple[float, float]:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(template.parent, work)
    path = work / template.name
    if not with_backups:
        shutil.rmtree(work / backups.BACKUPS_FOLDER)
    profile = LockedProfile(path).unlock(PASSPHRASE)
    try:
        chosen = sorted(f.id for f in profile.all(Family))[:count]
        start, cpu_start = time.perf_counter(), time.process_time()
        if profiler is not None:
            profiler.enable()
        _erase(profile, chosen)
        if profiler is not None:
            profiler.disable()
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        if with_backups:
            left = [p for p in backups.local_backups(path) if _holds(profile, p, chosen)]
            assert not left, "a backup still holds an erased family"
        return seconds, cpu
    finally:
        profile.lock()


def _holds(profile: UnlockedProfile, backup: Path, family_ids: Sequence[str]) -> bool:
    from parentrus_desktop.store.database import read_only

    conn = read_only(backup)
    try:
        marks = ",".join("?" * len(family_ids))
        row = conn.execute(f"SELECT 1 FROM records WHERE id IN ({marks})", family_ids).fetchone()  # noqa: S608 - only question marks
    finally:
        conn.close()
    return row is not None


def _median(action: Callable[[], tuple[float, float]], repeat: int) -> tuple[float, float]:
    runs = [action() for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def bench_size(
    families: int,
    sessions: int,
    copies: int,
    counts: Sequence[int],
    repeat: int,
    folder: Path,
    *,
    profile_it: bool,
) -> dict[str, object]:
    template = _build(folder / "template", families, sessions, copies)
    work = folder / "work"
    result: dict[str, object] = {
        "families": families,
        "sessions": sessions,
        "local_backups": copies,
        "profile_mb": round(template.stat().st_size / 1e6, 1),
    }
    for index, count in enumerate(counts):
        profiler = cProfile.Profile() if profile_it and index == 0 else None
        alone, alone_cpu = _median(
            lambda c=count: _timed_erase(template, work, c, with_backups=False), repeat
        )
        reached, reached_cpu = _median(
            lambda c=count, p=profiler: _timed_erase(
                template, work, c, with_backups=True, profiler=p
            ),
            repeat if profiler is None else 1,
        )
        result[f"erase_{count}_profile_alone_s"] = round(alone, 2)
        result[f"erase_{count}_with_backups_s"] = round(reached, 2)
        result[f"erase_{count}_ratio"] = round(reached / alone, 1)
        # CPU time of this process: the machines are shared, and wall time moves with
        # what else runs; the work is CPU-bound (decrypting, checking, rebuilding).
        result[f"erase_{count}_profile_alone_cpu_s"] = round(alone_cpu, 2)
        result[f"erase_{count}_with_backups_cpu_s"] = round(reached_cpu, 2)
        result[f"erase_{count}_cpu_ratio"] = round(reached_cpu / alone_cpu, 1)
        if profiler is not None:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="2000x50000")
    parser.add_argument("--backups", type=int, default=9)
    parser.add_argument("--families", default="1,10")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    counts = [int(n) for n in args.families.split(",")]
    results = []
    for size in args.sizes.split(","):
        families, sessions = (int(n) for n in size.split("x"))
        with tempfile.TemporaryDirectory() as folder:
            result = bench_size(
                families,
                sessions,
                args.backups,
                counts,
                args.repeat,
                Path(folder),
                profile_it=args.profile,
            )
        results.append(result)
        print(json.dumps(result, indent=2), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "erase_bench.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
