"""A profile whose key-derivation settings cannot be read is listed as damaged; the other
mentors' profiles are listed and open as usual."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers.values import PASSPHRASE

from parentrus_desktop.store.errors import DamagedFile, UnreadableKeySettings
from parentrus_desktop.store.profiles import LockedProfile, create_profile, list_profiles
from parentrus_desktop.vault.kdf import KdfParameters

#: What a damaged or edited file can hold in its clear ``kdf`` column.
BAD_SETTINGS = {
    "garbage": "{not json at all",
    "below the floor": json.dumps(
        {"algorithm": "argon2id", "salt": "00" * 16, "memory_kib": 1, "passes": 3, "lanes": 4}
    ),
    "not an object": json.dumps([1, 2, 3]),
    "a missing field": json.dumps({"algorithm": "argon2id", "salt": "00" * 16}),
    "a salt that is not hex": json.dumps(
        {"algorithm": "argon2id", "salt": "zz", "memory_kib": 65536, "passes": 3, "lanes": 4}
    ),
}


def two_profiles(data_dir: Path, kdf: KdfParameters, bad: str) -> tuple[Path, Path]:
    """Hodan's profile, whole, and Amina's, whose kdf column now holds ``bad``."""
    hodan, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=kdf)
    amina, _ = create_profile(data_dir, "Amina", PASSPHRASE, kdf=kdf)
    hodan.lock()
    amina.lock()
    conn = sqlite3.connect(amina.path)
    conn.execute("UPDATE vault SET kdf = ?", (bad,))
    conn.commit()
    conn.close()
    return hodan.path, amina.path


@pytest.mark.parametrize("bad", BAD_SETTINGS.values(), ids=BAD_SETTINGS.keys())
def test_bad_key_settings_are_one_damaged_entry_among_the_others(
    data_dir: Path, floor_kdf: KdfParameters, bad: str
) -> None:
    hodan, amina = two_profiles(data_dir, floor_kdf, bad)
    entries = {e.path: e for e in list_profiles(data_dir)}
    assert entries[hodan].problem is None and entries[hodan].display_name == "Hodan"
    problem = entries[amina].problem
    assert isinstance(problem, UnreadableKeySettings) and isinstance(problem, DamagedFile)
    assert "cannot be read" in problem.message
    LockedProfile(hodan).unlock(PASSPHRASE).lock()
    with pytest.raises(UnreadableKeySettings):
        LockedProfile(amina)
