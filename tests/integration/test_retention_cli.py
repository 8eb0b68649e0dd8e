"""parentrus-admin retention: the rule, Today's list, erasing those due and keeping one,
from the command line as from Settings and Today."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from helpers.planted import planted_family
from helpers.values import PASSPHRASE
from test_backup_cli import admin

from parentrus_desktop.domain import Family
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.store.profiles import LockedProfile, create_profile
from parentrus_desktop.vault.kdf import KdfParameters


def _closed(code: str, days_ago: int) -> Family:
    return replace(
        planted_family(code),
        id=uuid.uuid4().hex,
        joined_on=date(2020, 1, 1),
        status=FamilyStatus.CLOSED,
        closed_on=date.today() - timedelta(days=days_ago),
    )


def test_the_rule_the_list_erasing_and_keeping_from_the_command_line(
    data_dir: Path, floor_kdf: KdfParameters
) -> None:
    profile, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    profile.save(_closed("K7Q-4M", 800), _closed("W3X-7P", 500), _closed("HNR-3T", 30))
    path = profile.path
    profile.lock()

    def run(*args: str) -> str:
        done = admin(data_dir, "retention", *args, passphrase=PASSPHRASE)
        assert done.returncode == 0, done.stderr
        return done.stdout

    shown = run("show")
    assert "12 months after they closed" in shown and "Nothing is erased until" in shown
    assert "K7Q-4M" in shown and "W3X-7P" in shown and "HNR-3T" not in shown

    refused = admin(data_dir, "retention", "set", "--months", "0", passphrase=PASSPHRASE)
    assert refused.returncode != 0 and "Choose between 1 and 120 months" in refused.stderr
    run("set", "--months", "24")
    shown = run("show")
    assert "24 months" in shown and "K7Q-4M" in shown and "W3X-7P" not in shown

    asked = admin(
        data_dir, "retention", "set", "--erase-automatically", "yes", passphrase=PASSPHRASE
    )
    assert asked.returncode != 0 and "--yes" in asked.stderr  # no terminal to ask at
    assert "Nothing is erased until" in run("show")

    in_a_year = (date.today() + timedelta(days=365)).isoformat()
    run("keep", "K7Q-4M", "--until", in_a_year, "--reason", "safeguarding_or_legal")
    assert "No family is due for erasure today." in run("show")

    run("set", "--months", "12")
    not_confirmed = admin(data_dir, "retention", "erase-due", passphrase=PASSPHRASE)
    assert not_confirmed.returncode != 0 and "--yes" in not_confirmed.stderr
    assert "Erased 1 family: W3X-7P." in run("erase-due", "--yes")

    opened = LockedProfile(path).unlock(PASSPHRASE)
    assert sorted(f.code for f in opened.all(Family)) == ["HNR-3T", "K7Q-4M"]
    opened.lock()
