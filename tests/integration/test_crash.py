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
    for kill in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(profile.path), recovery_key, family.id],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            text=True,
        )
        assert child.stdout is not None
        ready = child.stdout.readline().strip()
        assert ready == "ready", child.stderr.read() if child.stderr else ready
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        assert child.returncode == -signal.SIGKILL
        acknowledged.update(line for line in out.split() if line)

        reopened = LockedProfile(profile.path).unlock_with_recovery_key(recovery_key)
        try:
            assert reopened.integrity_problems() == [], f"after kill {kill}"
            assert reopened.damaged == [], f"after kill {kill}"
            saved = {s.id for s in reopened.all(Session)}
            assert acknowledged <= saved, f"after kill {kill}: lost {acknowledged - saved}"
        finally:
            reopened.lock()
    assert len(acknowledged) > KILLS  # the kills really interrupted a stream of saves
