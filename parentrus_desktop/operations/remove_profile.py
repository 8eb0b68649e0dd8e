"""Removing my profile from this laptop (after moving to a new one, or leaving the
programme): the passphrase is asked again, then the profile and this laptop's own
backups of it are made unopenable and deleted (store/removal.py)."""

from __future__ import annotations

from pathlib import Path

from parentrus_desktop.operations import Done
from parentrus_desktop.store.profiles import check_current_passphrase
from parentrus_desktop.store.removal import remove_profile
from parentrus_desktop.store.unlocked import UnlockedProfile

#: What a removal changes that a screen may show: the list of profiles.
PROFILES = "profiles"


def check_before_removing(profile: UnlockedProfile, passphrase: str) -> Done[None]:
    """Raise WrongPassphrase unless ``passphrase`` opens this profile: nobody passing an
    unlocked laptop removes a mentor's records. Slow (the key derivation): run it in
    the background; then lock the profile without a backup and call ``remove``."""
    check_current_passphrase(profile, passphrase)
    return Done(None, frozenset())


def remove(path: Path) -> Done[int]:
    """Remove the locked profile at ``path`` and its backups on this laptop; how many
    files went. The profile must be locked first, without the day's backup."""
    return Done(remove_profile(path), frozenset({PROFILES}))
