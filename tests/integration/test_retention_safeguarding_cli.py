"""parentrus-admin never erases a family with a safety worry passed on among those due,
and erase-family says which safeguarding records go with the family."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from helpers.values import PASSPHRASE
from test_backup_cli import admin
from test_retention_cli import _closed  # a closed family, so many days ago

from parentrus_desktop.domain import Family, WorryPassedOn, new_record_id
from parentrus_desktop.domain.safeguarding import PassedOnTo
from parentrus_desktop.store.profiles import LockedProfile, create_profile
from parentrus_desktop.vault.kdf import KdfParameters


def test_erase_due_holds_a_family_with_a_worry_and_erase_family_warns(
    data_dir: Path, floor_kdf: KdfParameters
) -> None:
    profile, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    worried, plain = _closed("K7Q-4M", 800), _closed("W3X-7P", 500)
    told = WorryPassedOn(
        id=new_record_id(),
        family=worried.id,
        on=date(2021, 3, 4),
        at=time(9, 15),
        to=PassedOnTo.SCHOOL_LEAD,
    )
    profile.save(worried, plain, told)
    path = profile.path
    profile.lock()

    shown = admin(data_dir, "retention", "show", passphrase=PASSPHRASE)
    assert "K7Q-4M" in shown.stdout and "a safety worry about this family" in shown.stdout
    erased = admin(data_dir, "retention", "erase-due", "--yes", passphrase=PASSPHRASE)
    assert erased.returncode == 0, erased.stderr
    assert "Erased 1 family: W3X-7P." in erased.stdout
    assert "K7Q-4M: held, not erased" in erased.stdout
    opened = LockedProfile(path).unlock(PASSPHRASE)
    assert [f.code for f in opened.all(Family)] == ["K7Q-4M"]
    opened.lock()

    asked = admin(data_dir, "erase-family", "K7Q-4M", passphrase=PASSPHRASE)
    assert asked.returncode != 0 and "--yes" in asked.stderr  # no terminal to ask at
    assert "This also erases the safety worries you passed on." in asked.stdout
    done = admin(data_dir, "erase-family", "K7Q-4M", "--yes", passphrase=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert "safety worries you passed on" in done.stdout
    opened = LockedProfile(path).unlock(PASSPHRASE)
    assert opened.all(Family) == [] and opened.all(WorryPassedOn) == []
    opened.lock()
