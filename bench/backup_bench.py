"""Backup and restore time, as a ratio to a plain file copy of the same closed profile.

Run: .venv/bin/python bench/backup_bench.py [--sizes 2000x50000] [--repeat N]

For each size it builds a demo profile (as bench/vault_bench.py does) and measures, in
this one process, the median of ``--repeat`` runs of:

- a plain ``shutil.copyfile`` of the closed profile, and the same copy flushed to the disk
  (the yardstick: a copy to a stick is safe to take away only once it is on it, and a
  backup flushes for that reason; the unflushed copy's ratio is printed too);
- a backup to a folder (``back_up_to``: SQLite's online backup into a temporary file,
  fsync, rename, and the sealed note of when it was made);
- locking with and without the day's automatic backup (what the mentor waits for);
- unlocking the profile as the app does (key derivation and every record opened);
- a restore onto a new laptop (copy in, key derivation, every record opened and
  checked, the manifest checked, then put in place), and the same without key
  derivation (measured apart: it is calibrated to about half a second on purpose).

Target (issue 13): backup and restore within 3 x the plain copy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from parentrus_desktop.operations.backups import back_up_at_lock, back_up_to, restore
from parentrus_desktop.operations.demo_data import DemoSize, add_example_records
from parentrus_desktop.store.profiles import LockedProfile, create_profile
from parentrus_desktop.vault.kdf import calibrate, derive_key

PASSPHRASE = "benchmarks need a passphrase too"  # noqa: S105 - demo data only
TODAY = date(2026, 11, 22)
RESULTS = Path(__file__).parent / "results"


def _median(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_size(families: int, sessions: int, repeat: int, folder: Path) -> dict[str, object]:
    kdf = calibrate()
    data_dir = folder / "data"
    profile, _ = create_profile(data_dir, f"Bench {families}", PASSPHRASE, kdf=kdf)
    add_example_records(profile, DemoSize(families, sessions), seed=42, today=TODAY)
    path = profile.path
    profile.lock()
    size_mb = path.stat().st_size / 1e6

    copies = folder / "copies"
    copies.mkdir()
    copy_s = _median(lambda: shutil.copyfile(path, copies / "plain-copy"), repeat)

    def copy_to_disk() -> None:
        # A copy to a stick is only safe to take away once it is on it: the same flush
        # the backup does (without it the copy may still be only in memory).
        shutil.copyfile(path, copies / "plain-copy-synced")
        fd = os.open(copies / "plain-copy-synced", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    synced_copy_s = _median(copy_to_disk, repeat)

    unlocked = LockedProfile(path).unlock(PASSPHRASE)
    usb = folder / "usb"
    usb.mkdir()
    moment = iter(datetime(2027, 1, 1, 12, tzinfo=UTC) + timedelta(days=n) for n in range(999))
    backup_s = _median(lambda: back_up_to(unlocked, usb, next(moment)), repeat)
    backup = sorted(usb.iterdir())[-1]
    # Locking: the day's automatic backup, then the lock itself (unlocking is not timed).
    at_lock_s = _median(lambda: back_up_at_lock(unlocked, next(moment)), repeat)
    unlocked.lock()

    derive_s = _median(lambda: derive_key(PASSPHRASE, kdf), repeat)
    unlock_s = _median(lambda: LockedProfile(path).unlock(PASSPHRASE).lock(), repeat)
    laptops = iter(folder / f"laptop-{n}" for n in range(999))
    restore_s = _median(
        lambda: restore(
            next(laptops), backup, lambda locked: locked.unlock(PASSPHRASE), datetime.now(UTC)
        ),
        repeat,
    )
    return {
        "families": families,
        "sessions": sessions,
        "profile_mb": round(size_mb, 1),
        "plain_copy_ms": round(copy_s * 1000, 1),
        "backup_ms": round(backup_s * 1000, 1),
        "backup_ratio": round(backup_s / copy_s, 2),
        "plain_copy_flushed_ms": round(synced_copy_s * 1000, 1),
        "backup_to_flushed_copy_ratio": round(backup_s / synced_copy_s, 2),
        "automatic_backup_at_lock_ms": round(at_lock_s * 1000, 1),
        "restore_ms": round(restore_s * 1000, 1),
        "restore_ratio": round(restore_s / copy_s, 2),
        "restore_to_flushed_copy_ratio": round(restore_s / synced_copy_s, 2),
        "key_derivation_ms": round(derive_s * 1000, 1),
        "unlock_in_the_app_ms": round(unlock_s * 1000, 1),
        "restore_to_unlock_ratio": round(restore_s / unlock_s, 2),
        "restore_without_key_derivation_ms": round((restore_s - derive_s) * 1000, 1),
        "restore_without_key_derivation_ratio": round((restore_s - derive_s) / copy_s, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000x50000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = []
    for size in args.sizes.split(","):
        families, sessions = (int(n) for n in size.split("x"))
        with tempfile.TemporaryDirectory() as folder:
            result = bench_size(families, sessions, args.repeat, Path(folder))
        results.append(result)
        print(json.dumps(result, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "backup_bench.json").write_text(json.dumps(results, indent=2) + "\n")
    over = [r for r in results if float(str(r["backup_to_flushed_copy_ratio"])) > 3]
    if over:
        print("backup is more than 3 x a plain copy", file=sys.stderr)


if __name__ == "__main__":
    main()
