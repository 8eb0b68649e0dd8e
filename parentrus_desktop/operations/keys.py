"""Changing the passphrase and making a new recovery key: both rekey the whole profile.

Each returns the new recovery key, to be shown once and then forgotten. Key derivation
and re-sealing every value take seconds on a big profile: the GUI runs these off the
UI thread.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime

from parentrus_desktop.operations import KEYS, Done
from parentrus_desktop.operations.activity import (
    PASSPHRASE_CHANGED,
    RECOVERY_KEY_CHANGED,
    log_activity,
)
from parentrus_desktop.store import profiles
from parentrus_desktop.store.backup import renew_local_backups
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import VaultError
from parentrus_desktop.vault.kdf import KdfParameters


def change_passphrase(
    profile: UnlockedProfile,
    new_passphrase: str,
    *,
    current_passphrase: str | None = None,
    kdf: KdfParameters | None = None,
) -> Done[str]:
    """A new passphrase, new keys for everything, and a new recovery key (the result).

    ``current_passphrase``, when given, must open the profile (WrongPassphrase otherwise):
    the app asks for it so that nobody passing an unlocked laptop can change it. Opening
    with the recovery key after a forgotten passphrase leaves it out. The old passphrase
    and the old recovery key stop working on this file, and a copy of the file taken
    before the change opens none of what is saved after it.
    """
    profiles.check_passphrase(new_passphrase)
    if current_passphrase is not None:
        profiles.check_current_passphrase(profile, current_passphrase)
    recovery_key = profiles.change_passphrase(profile, new_passphrase, kdf=kdf)
    log_activity(profile, PASSPHRASE_CHANGED)
    _renew_backups(profile)
    return Done(recovery_key, frozenset({KEYS}))


def make_new_recovery_key(
    profile: UnlockedProfile, passphrase: str, *, kdf: KdfParameters | None = None
) -> Done[str]:
    """A new recovery key (the result); the old one stops working. The passphrase must
    open the profile (WrongPassphrase otherwise) and stays the same; the keys are all
    new, so the old recovery key with any copy of the file opens nothing saved later."""
    recovery_key = profiles.make_new_recovery_key(profile, passphrase, kdf=kdf)
    log_activity(profile, RECOVERY_KEY_CHANGED)
    _renew_backups(profile)
    return Done(recovery_key, frozenset({KEYS}))


def _renew_backups(profile: UnlockedProfile) -> None:
    """The laptop's own backups under the new keys only: the old passphrase and recovery
    key still open the old ones. Never a reason for the change itself to fail."""
    with contextlib.suppress(VaultError, sqlite3.Error, OSError):
        renew_local_backups(profile, datetime.now(UTC))
