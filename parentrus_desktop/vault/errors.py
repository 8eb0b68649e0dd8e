"""What can go wrong with a vault, each in words a mentor can act on."""

from __future__ import annotations

from parentrus_desktop.domain.validation import N_


class VaultError(Exception):
    """Base of every vault problem; ``message`` is plain words for the mentor."""

    message = N_("Something went wrong with this profile.")

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class WrongPassphrase(VaultError):
    message = N_("That passphrase does not open this profile. Please check it and try again.")


class WrongRecoveryKey(VaultError):
    message = N_(
        "That recovery key does not open this profile. Please check each group of letters."
    )


class DamagedValue(VaultError):
    """One sealed value failed its integrity check: changed, cut short or moved."""

    message = N_("This record is damaged and cannot be opened. Your other records are safe.")
