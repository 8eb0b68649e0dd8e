"""A child process that saves sessions in a loop and says which saves were acknowledged.

Run as: python crash_child.py PROFILE_FILE RECOVERY_KEY FAMILY_ID
It imports the app once, then for each line "go" on its input forks a saver, which opens
the profile, prints "ready PID", then one record id per line, flushed, after each save
returns. The crash test kills the saver with SIGKILL at a random moment; this process then
prints "ended STATUS" (the saver's wait status) and waits for the next "go". Forking from a
process that has already imported everything costs milliseconds; a fresh interpreter per
kill cost a second of imports, which was most of the crash test's time.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from helpers.planted import planted_session
from parentrus_desktop.domain import Family
from parentrus_desktop.store.profiles import LockedProfile


def save_until_killed(path: str, recovery_key: str, family_id: str) -> None:
    # The recovery key opens without Argon2id's half second, so each run starts quickly.
    profile = LockedProfile(Path(path)).unlock_with_recovery_key(recovery_key)
    family = profile.get(family_id)
    assert isinstance(family, Family)
    print("ready", os.getpid(), flush=True)
    count = 0
    while True:
        session = planted_session(family, note=f"save {count} " + "words " * (count % 50))
        profile.save(session)
        print(session.id, flush=True)
        count += 1


def main() -> None:
    path, recovery_key, family_id = sys.argv[1:4]
    for line in sys.stdin:
        if line.strip() != "go":
            break
        sys.stdout.flush()  # nothing of ours may be left in the buffer the saver inherits
        saver = os.fork()
        if saver == 0:
            # Nothing is open yet in this process (no database, no thread): the saver
            # opens the profile itself, as a new process would; it never returns.
            try:
                save_until_killed(path, recovery_key, family_id)
            except BaseException:
                traceback.print_exc()
                sys.stderr.flush()
            finally:
                os._exit(1)
        _, status = os.waitpid(saver, 0)
        print("ended", status, flush=True)


if __name__ == "__main__":
    main()
