"""Benchmarks for the vault and store: open-all, search, save, memory, key derivation.

Run: .venv/bin/python bench/vault_bench.py [--sizes 200x5000,2000x50000] [--repeat N]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from parentrus_desktop.domain import Family, Record, Session, new_record_id
from parentrus_desktop.domain.vocabulary import SessionKind, VenueCategory
from parentrus_desktop.operations.demo_data import DemoSize, demo_records
from parentrus_desktop.store.profiles import LockedProfile, change_passphrase, create_profile
from parentrus_desktop.vault.kdf import calibrate, derive_key
from parentrus_desktop.vault.keys import unwrap_key
from parentrus_desktop.vault.sealing import Sealer

PASSPHRASE = "benchmarks need a passphrase too"  # noqa: S105 - demo data only
TODAY = date(2026, 11, 22)
RESULTS = Path(__file__).parent / "results"

# VmHWM is this process's own peak resident memory (getrusage's maxrss can carry the
# parent's peak across exec on Linux, which made an earlier version of this report 590 MB).
MEMORY_CHILD = """
import sys
from pathlib import Path
from parentrus_desktop.store.profiles import LockedProfile

def peak_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

before = peak_kib()
profile = LockedProfile(Path(sys.argv[1])).unlock_with_recovery_key(sys.argv[2])
profile.prepare_search()
profile.search("homework")
print(before, peak_kib(), len(profile))
"""


def _median_seconds(action, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _bare_decrypt_loop(path: Path, profile_key: bytes) -> float:
    """Only AES-GCM over the same sealed bytes: the floor that open-all is compared with."""
    import sqlite3

    from parentrus_desktop.store.unlocked import TABLE, family_key_purpose
    from parentrus_desktop.vault.sealing import placement

    conn = sqlite3.connect(path)
    keys = conn.execute("SELECT id, wrapped FROM keys").fetchall()
    rows = conn.execute("SELECT id, kind, key_id, schema_version, sealed FROM records").fetchall()
    conn.close()
    start = time.perf_counter()
    sealers = {None: Sealer(profile_key)}
    for key_id, wrapped in keys:
        sealers[key_id] = Sealer(unwrap_key(profile_key, wrapped, family_key_purpose(key_id)))
    for row_id, kind, key_id, version, sealed in rows:
        sealers[key_id].open(sealed, placement(TABLE, kind, row_id, version))
    return time.perf_counter() - start


def _fresh_index(profile) -> None:  # type: ignore[no-untyped-def]
    profile._index = None  # the benchmark times a cold build, as after unlock
    profile.prepare_search()


def bench_size(families: int, sessions: int, repeat: int, folder: Path) -> dict[str, object]:
    kdf = calibrate()
    profile, recovery_key = create_profile(folder, f"Bench {families}", PASSPHRASE, kdf=kdf)
    batch: list[Record] = []
    for record in demo_records(DemoSize(families, sessions), seed=42, today=TODAY):
        batch.append(record)
        if len(batch) == 5000:
            profile.save(*batch)
            batch.clear()
    profile.save(*batch)
    count = len(profile)
    profile_key = profile.profile_key
    profile.lock()
    locked = LockedProfile(profile.path)

    kdf_seconds = _median_seconds(lambda: derive_key(PASSPHRASE, kdf), 3)
    # Opening with the recovery key skips Argon2id (HKDF takes microseconds), so this is
    # "open every record after key derivation". Each opened copy is locked again before
    # the next, as in the app.
    gc.collect()
    open_seconds = _median_seconds(
        lambda: locked.unlock_with_recovery_key(recovery_key).lock(), repeat
    )
    unlocked = locked.unlock_with_recovery_key(recovery_key)
    bare_seconds = statistics.median(
        _bare_decrypt_loop(profile.path, profile_key) for _ in range(repeat)
    )
    index_seconds = _median_seconds(lambda: _fresh_index(unlocked), repeat)
    common = _median_seconds(lambda: unlocked.search("homework"), repeat * 3)
    three_words = _median_seconds(lambda: unlocked.search("parents evening maths"), repeat * 3)
    hits = len(unlocked.search("homework"))
    family = next(r for r in unlocked if isinstance(r, Family))

    def save_one() -> None:
        unlocked.save(
            Session(
                id=new_record_id(),
                session_kind=SessionKind.ONE_TO_ONE,
                venue_category=VenueCategory.LIBRARY,
                on=TODAY,
                families=(family.id,),
                notes="Benchmark session about reading at home.",
            )
        )

    save_seconds = _median_seconds(save_one, repeat * 5)
    # Changing the passphrase re-seals every value under new keys in one transaction,
    # beside the bare decrypt loop over the same bytes (key derivation timed apart).
    start = time.perf_counter()
    recovery_key = change_passphrase(unlocked, PASSPHRASE + " again", kdf=kdf)
    rekey_seconds = time.perf_counter() - start - kdf_seconds
    unlocked.lock()
    child = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(profile.path), recovery_key],
        capture_output=True,
        text=True,
        check=True,
    )
    before_kib, after_kib, _ = (int(x) for x in child.stdout.split())
    return {
        "families": families,
        "sessions": sessions,
        "records": count,
        "file_mib": round(profile.path.stat().st_size / 2**20, 1),
        "kdf": {
            "memory_mib": kdf.memory_kib // 1024,
            "passes": kdf.passes,
            "seconds": round(kdf_seconds, 3),
        },
        "open_all_seconds": round(open_seconds, 3),
        "bare_decrypt_seconds": round(bare_seconds, 3),
        "open_to_bare_ratio": round(open_seconds / bare_seconds, 1),
        "search_index_build_ms": round(index_seconds * 1000, 1),
        "search_common_ms": round(common * 1000, 1),
        "search_common_hits": hits,
        "search_three_words_ms": round(three_words * 1000, 1),
        "save_one_session_ms": round(save_seconds * 1000, 1),
        "change_passphrase_seconds": round(rekey_seconds, 2),
        "change_passphrase_to_bare_ratio": round(rekey_seconds / bare_seconds, 1),
        "peak_memory_mib": round(after_kib / 1024),
        "memory_before_unlock_mib": round(before_kib / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="200x5000,2000x50000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes.split(","):
            families, sessions = (int(n) for n in size.split("x"))
            result = bench_size(families, sessions, args.repeat, Path(folder) / size)
            results.append(result)
            print(json.dumps(result, indent=2), flush=True)
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"vault-{stamp}.json").write_text(
        json.dumps({"cpus": os.cpu_count(), "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
