"""A child process that saves sessions in a loop and says which saves were acknowledged.

Run as: python crash_child.py PROFILE_FILE RECOVERY_KEY FAMILY_ID
It prints "ready", then one record id per line, flushed, after each save returns.
The crash test kills it with SIGKILL at a random moment.
"""

from __future__ import annotations

import sys
from pathlib import Path

from helpers.planted import planted_session
from parentrus_desktop.domain import Family
from parentrus_desktop.store.profiles import LockedProfile


def main() -> None:
    path, recovery_key, family_id = sys.argv[1:4]
    # The recovery key opens without Argon2id's half second, so each run starts quickly.
    profile = LockedProfile(Path(path)).unlock_with_recovery_key(recovery_key)
    family = profile.get(family_id)
    assert isinstance(family, Family)
    print("ready", flush=True)
    count = 0
    while True:
        session = planted_session(family, note=f"save {count} " + "words " * (count % 50))
        profile.save(session)
        print(session.id, flush=True)
        count += 1


if __name__ == "__main__":
    main()
