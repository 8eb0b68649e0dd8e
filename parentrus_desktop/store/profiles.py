"""Mentor profiles on this laptop: creating one, listing them, unlocking one.

Each profile is one file, ``<random>.parentrus``, in the data folder. Before unlock
only the mentor's display name can be read from it, for the profile picker.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parentrus_desktop.domain import validation as v
from parentrus_desktop.store.database import create_database, open_database, plain_errors
from parentrus_desktop.store.errors import DamagedFile, ProfileNotFound, UnreadableKeySettings
from parentrus_desktop.store.file_check import check_profile_file
from parentrus_desktop.store.profile_lock import ProfileLock
from parentrus_desktop.vault.errors import (
    DamagedValue,
    VaultError,
    WrongPassphrase,
    WrongRecoveryKey,
)
from parentrus_desktop.vault.kdf import KdfParameters, calibrate, derive_key
from parentrus_desktop.vault.keys import (
    new_recovery_key,
    read_recovery_key,
    recovery_wrapping_key,
    unwrap_key,
    wrap_key,
)
from parentrus_desktop.vault.throttle import UnlockThrottle

if TYPE_CHECKING:
    from parentrus_desktop.store.unlocked import UnlockedProfile

SUFFIX = ".parentrus"
SHORTEST_PASSPHRASE = 8
_PASSPHRASE_WRAP = "profile-key:passphrase"  # noqa: S105 - a label, not a secret
_RECOVERY_WRAP = "profile-key:recovery"


@dataclass(frozen=True, slots=True)
class ProfileEntry:
    """One line of the profile picker. ``problem`` is set when the file cannot be opened."""

    path: Path
    display_name: str
    problem: VaultError | None = None
    training: bool = False


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < SHORTEST_PASSPHRASE:
        raise v.InvalidRecord(
            "passphrase",
            # Translators: the number is always 8 or more; write the form for that number
            v.N_(
                "Please use at least {shortest} characters; a short sentence is easiest "
                "to remember."
            ),
            shortest=SHORTEST_PASSPHRASE,
        )
    return passphrase


def create_profile(
    data_dir: Path,
    display_name: str,
    passphrase: str,
    *,
    kdf: KdfParameters | None = None,
    training: bool = False,
) -> tuple[UnlockedProfile, str]:
    """A new profile, unlocked, and its recovery key (to be shown once, then forgotten)."""
    name = v.text(display_name, "display_name", required=True, longest=60)
    from parentrus_desktop.vault.sealing import new_key  # cryptography: see vault/keys.py

    check_passphrase(passphrase)
    parameters = kdf or calibrate()
    profile_key = new_key()
    recovery_text, recovery_secret = new_recovery_key()
    recovery_salt = os.urandom(16)
    path = data_dir / (secrets.token_hex(8) + SUFFIX)
    db = create_database(path)
    try:
        with plain_errors(), db.atomic():
            db.conn.execute(
                "INSERT INTO vault (id, display_name, kdf, passphrase_wrapped, recovery_salt, "
                "recovery_wrapped, training) VALUES (1, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    json.dumps(parameters.to_json()),
                    wrap_key(derive_key(passphrase, parameters), profile_key, _PASSPHRASE_WRAP),
                    recovery_salt,
                    wrap_key(
                        recovery_wrapping_key(recovery_secret, recovery_salt),
                        profile_key,
                        _RECOVERY_WRAP,
                    ),
                    int(training),
                ),
            )
    except BaseException:
        db.close()
        for leftover in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    from parentrus_desktop.store.unlocked import UnlockedProfile  # as in LockedProfile._open

    window_lock = ProfileLock(path).acquire()  # a new file: nobody else can hold it
    profile = UnlockedProfile(path, db, profile_key, name, window_lock)
    profile.training = training
    return profile, recovery_text


def list_profiles(data_dir: Path) -> list[ProfileEntry]:
    """Every profile file in the data folder, by display name, without unlocking any."""
    if not data_dir.is_dir():
        return []
    entries = []
    for path in sorted(data_dir.glob("*" + SUFFIX)):
        try:
            locked = LockedProfile(path)
            entries.append(ProfileEntry(path, locked.display_name, training=locked.training))
        except VaultError as problem:
            entries.append(ProfileEntry(path, path.stem, problem))
    return sorted(entries, key=lambda e: e.display_name.casefold())


def find_profile(data_dir: Path, display_name: str) -> LockedProfile:
    """The profile with this display name (case aside)."""
    matches = [
        e
        for e in list_profiles(data_dir)
        if e.problem is None and e.display_name.casefold() == display_name.strip().casefold()
    ]
    if len(matches) != 1:
        raise ProfileNotFound
    return LockedProfile(matches[0].path)


class LockedProfile:
    """A profile file before unlock. Reading it never writes to it."""

    def __init__(self, path: Path) -> None:
        check_profile_file(path)
        self.path = path
        header = self._read_header()
        self.display_name: str = header[0]
        try:
            self.kdf = KdfParameters.from_json(json.loads(header[1]))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            # The settings are in the clear: a damaged (or edited) file can hold anything
            # there. Only this profile is unusable; the others are listed as usual.
            raise UnreadableKeySettings from None
        self.training = self._read_training_flag()

    def _read_header(self) -> tuple[str, str, bytes, bytes, bytes]:
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True)
            try:
                row = conn.execute(
                    "SELECT display_name, kdf, passphrase_wrapped, recovery_salt, "
                    "recovery_wrapped FROM vault WHERE id = 1"
                ).fetchone()
            finally:
                conn.close()
        except sqlite3.Error as error:
            raise DamagedFile from error
        if row is None:
            raise DamagedFile
        name, kdf, passphrase_wrapped, recovery_salt, recovery_wrapped = row
        return str(name), str(kdf), passphrase_wrapped, recovery_salt, recovery_wrapped

    def _read_training_flag(self) -> bool:
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True)
            try:
                columns = {row[1] for row in conn.execute("PRAGMA table_info(vault)")}
                if "training" not in columns:  # a file from before training profiles
                    return False
                row = conn.execute("SELECT training FROM vault WHERE id = 1").fetchone()
            finally:
                conn.close()
        except sqlite3.Error as error:
            raise DamagedFile from error
        return bool(row and row[0])

    def unlock(
        self,
        passphrase: str,
        throttle: UnlockThrottle | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> UnlockedProfile:
        """Open every record. Raises WrongPassphrase (and nothing changes) when it is wrong."""
        key = str(self.path)
        if throttle is not None:
            sleep(throttle.wait_seconds(key))
        _, _, wrapped, _, _ = self._read_header()
        try:
            profile_key = unwrap_key(derive_key(passphrase, self.kdf), wrapped, _PASSPHRASE_WRAP)
        except DamagedValue:
            if throttle is not None:
                throttle.failed(key)
            raise WrongPassphrase from None
        if throttle is not None:
            throttle.succeeded(key)
        return self._open(profile_key)

    def unlock_with_recovery_key(self, typed: str) -> UnlockedProfile:
        """Open with the recovery key; the mentor should then choose a new passphrase."""
        secret = read_recovery_key(typed)
        _, _, _, salt, wrapped = self._read_header()
        try:
            profile_key = unwrap_key(recovery_wrapping_key(secret, salt), wrapped, _RECOVERY_WRAP)
        except DamagedValue:
            raise WrongRecoveryKey from None
        return self._open(profile_key)

    def _open(self, profile_key: bytes) -> UnlockedProfile:
        # Here, not at the top: the open profile's code (sqlite_utils, the records) loads
        # when a profile is opened, not with the picker, which only lists the files.
        from parentrus_desktop.store.unlocked import UnlockedProfile

        # Before the file is opened for writing: opening may bring it up to date.
        window_lock = ProfileLock(self.path).acquire()
        try:
            db = open_database(self.path)
        except BaseException:
            window_lock.release()
            raise
        try:
            profile = UnlockedProfile(self.path, db, profile_key, self.display_name, window_lock)
            profile.training = self.training
            return profile
        except BaseException:
            db.close()
            window_lock.release()
            raise


def change_passphrase(
    profile: UnlockedProfile, new_passphrase: str, *, kdf: KdfParameters | None = None
) -> str:
    """Choose a new passphrase, and rekey: returns the new recovery key (show it once).

    Re-wrapping the profile key would not be enough: a copy of the file taken before
    the change still opens with the old passphrase, and its profile key would open every
    record saved later. So everything gets new keys (a new profile key, a new key for
    every family, every value re-sealed, a new manifest) in one transaction. The recovery
    key wraps the profile key too, and the app never keeps the recovery secret, so it
    cannot re-wrap the new key under the old one: a new recovery key is made, and the old
    one stops working (with an old copy it still opens only what that copy holds).
    """
    from parentrus_desktop.vault.sealing import new_key  # cryptography: see vault/keys.py

    check_passphrase(new_passphrase)
    parameters = kdf or calibrate()
    profile_key = new_key()
    recovery_text, recovery_secret = new_recovery_key()
    recovery_salt = os.urandom(16)
    passphrase_wrapped = wrap_key(
        derive_key(new_passphrase, parameters), profile_key, _PASSPHRASE_WRAP
    )
    recovery_wrapped = wrap_key(
        recovery_wrapping_key(recovery_secret, recovery_salt), profile_key, _RECOVERY_WRAP
    )

    def write_header(conn: sqlite3.Connection) -> None:
        conn.execute(
            "UPDATE vault SET kdf = ?, passphrase_wrapped = ?, recovery_salt = ?, "
            "recovery_wrapped = ? WHERE id = 1",
            (json.dumps(parameters.to_json()), passphrase_wrapped, recovery_salt, recovery_wrapped),
        )

    profile.replace_profile_key(profile_key, write_header)
    return recovery_text


def check_current_passphrase(profile: UnlockedProfile, passphrase: str) -> KdfParameters:
    """Raise WrongPassphrase unless this passphrase opens this (unlocked) profile's file;
    returns its key-derivation parameters. Asked before changing keys, so nobody passing
    an unlocked laptop can do it."""
    locked = LockedProfile(profile.path)
    _, _, wrapped, _, _ = locked._read_header()
    try:
        key = unwrap_key(derive_key(passphrase, locked.kdf), wrapped, _PASSPHRASE_WRAP)
    except DamagedValue:
        raise WrongPassphrase from None
    if not secrets.compare_digest(key, profile.profile_key):
        raise WrongPassphrase
    return locked.kdf


def make_new_recovery_key(
    profile: UnlockedProfile, passphrase: str, *, kdf: KdfParameters | None = None
) -> str:
    """A new recovery key (returned, to be shown once); the old one stops working.

    It also rekeys, as a passphrase change does (same passphrase, new salt): a recovery
    key is replaced because the old one may be lost or seen, and whoever has it and any
    copy of the file would otherwise have the profile key that opens everything saved
    from now on.
    """
    current = check_current_passphrase(profile, passphrase)
    parameters = kdf or KdfParameters(
        os.urandom(16), current.memory_kib, current.passes, current.lanes
    )
    return change_passphrase(profile, passphrase, kdf=parameters)
