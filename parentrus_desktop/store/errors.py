"""Problems with a profile's file, each in plain words and each leaving the file as it was."""

from __future__ import annotations

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.vault.errors import VaultError


class NotAVault(VaultError):
    message = N_("This file is not a Parent'R'Us profile. It has not been changed.")


class NewerVersion(VaultError):
    message = N_(
        "This profile was saved by a newer version of Parent'R'Us Mentor. "
        "Please update the app on this laptop; the profile has not been changed."
    )


class DamagedFile(VaultError):
    message = N_(
        "This profile's file is damaged or incomplete (perhaps it was copied only in part). "
        "It has not been changed. Ask your IT volunteer to run 'parentrus-admin verify', "
        "or restore it from a backup."
    )


class UnreadableKeySettings(DamagedFile):
    message = N_(
        "This profile's file is damaged: the settings needed to open it cannot be read. "
        "It has not been changed. Ask your IT volunteer to restore it from a backup."
    )


class DiskFull(VaultError):
    message = N_(
        "The laptop's disk is full, so this was not saved. Everything saved before is safe. "
        "Please free some space and try again."
    )


class UpgradeFailed(VaultError):
    message = N_(
        "This profile could not be brought up to date for this version of the app. "
        "It has not been changed. Please ask your IT volunteer for help."
    )


class ProfileNotFound(VaultError):
    message = N_("There is no profile with that name on this laptop.")


class FamilyNotFound(VaultError):
    message = N_("There is no family with that code in this profile.")
