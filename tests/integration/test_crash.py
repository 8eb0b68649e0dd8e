"""Killing the app mid-save, again and again, never loses an acknowledged save."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers.planted import planted_family
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Session
from parentrus_desktop.store.profiles import LockedProfile, create_profile
from parentrus_desktop.vault.kdf import KdfParameters

KILLS = 100
CHILD = Path(__file__).resolve().parent.parent / "helpers" / "crash_child.py"


@pytest.mark.slow
def test_sigkill_during_saves_keeps_every_acknowledged_save(
    data_dir: Path, floor_kdf: KdfParameters
) -> None:
    profile, recovery_key = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    family = planted_family()
    profile.save(family)
    profile.lock()
    rng = random.Random(20261122)
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(CHILD.parent.parent), *sys.path]),
    }
    acknowledged: set[str] = set()
    # One process imports the app once and forks a fresh saver for each kill (see
    # crash_child.py): each saver opens the profile and saves as a new process would.
    forker = subprocess.Popen(
        [sys.executable, str(CHILD), str(profile.path), recovery_key, family.id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        text=True,
    )
    assert forker.stdin is not None and forker.stdout is not None
    saver: int | None = None  # a saver running and not yet killed
    try:
        for kill in range(KILLS):
            forker.stdin.write("go\n")
            forker.stdin.flush()
            ready = forker.stdout.readline().split()
            assert ready[:1] == ["ready"], _stopped(forker) or ready
            saver = int(ready[1])
            time.sleep(rng.uniform(0.0, 0.15))
            os.kill(saver, signal.SIGKILL)
            saver = None
            # The saver's last lines come before "ended": the forker waits for it to die.
            out = []
            while (line := forker.stdout.readline()) and not line.startswith("ended "):
                out.append(line)
            assert line.startswith("ended "), _stopped(forker) or line
            status = int(line.split()[1])
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
            acknowledged.update(line.strip() for line in out if line.strip())

            reopened = LockedProfile(profile.path).unlock_with_recovery_key(recovery_key)
            try:
                assert reopened.integrity_problems() == [], f"after kill {kill}"
                assert reopened.damaged == [], f"after kill {kill}"
                saved = {s.id for s in reopened.all(Session)}
                assert acknowledged <= saved, f"after kill {kill}: lost {acknowledged - saved}"
            finally:
                reopened.lock()
    finally:
        if saver is not None:  # interrupted while it ran: it must not go on saving
            os.kill(saver, signal.SIGKILL)
        _stopped(forker)
    assert len(acknowledged) > KILLS  # the kills really interrupted a stream of saves


def _stopped(forker: subprocess.Popen[str]) -> str:
    """Ends the forker (its input closed, it leaves its loop) and says what it wrote on
    stderr: why a saver failed, for an assertion's message."""
    if forker.returncode is not None:
        return ""
    _, err = forker.communicate(timeout=30)
    return err
