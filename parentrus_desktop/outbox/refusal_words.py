"""The hub's refusals and the wire's problems in a mentor's words, by their code.

The hub answers a refusal with a code for programs and an English sentence; a mentor
reads neither. Every code of the wire (``protocol.REFUSAL_CODES``), of the client
(``client.CLIENT_CODES``) and of connecting (``connection``) has plain words here, shown
in the mentor's language; a code this laptop does not know (a newer hub) gets a general
sentence. No Qt: the screens and ``parentrus-admin`` both use it.
"""

from __future__ import annotations

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.i18n import _

_NOT_UNDERSTOOD = N_(
    "The school's hub and this laptop did not understand each other. Nothing was lost. "
    "Please tell the person who looks after this laptop."
)
_NOT_AN_INVITATION = N_(
    "This file is not an invitation from a school, or it is damaged. Please ask the "
    "school for a new one."
)
_EXPIRED = N_("This invitation has expired. Please ask the school for a new one.")
_NOT_THE_HUB = N_(
    "This is not the school's hub: its key is not the one in the invitation. "
    "Nothing was sent. Please check the address with the school."
)

#: The words for each code, in English as the catalog holds them.
WORDS: dict[str, str] = {
    # the message itself
    "bad-json": _NOT_UNDERSTOOD,
    "bad-number": _NOT_UNDERSTOOD,
    "not-json": _NOT_UNDERSTOOD,
    "bad-field": _NOT_UNDERSTOOD,
    "bad-envelope": _NOT_UNDERSTOOD,
    "bad-enrolment": _NOT_UNDERSTOOD,
    "bad-policy": _NOT_UNDERSTOOD,
    "bad-receipt": _NOT_UNDERSTOOD,
    "bad-answer": N_("That address does not answer like a school's hub."),
    "too-large": N_(
        "The report was too large for the school's hub. Please tell the person who looks "
        "after this laptop."
    ),
    "version": N_(
        "This program and the school's hub are different versions that cannot work "
        "together. Please ask for this program, or the hub, to be updated."
    ),
    # invitations, codes and addresses
    "bad-invitation": _NOT_AN_INVITATION,
    "bad-code": N_(
        "That code is not complete. A code has 24 letters and numbers, in six groups of four."
    ),
    "bad-address": N_("The school's hub address is not a web address."),
    "insecure-address": N_(
        "The school's hub address must start with https:// so nobody can read what is sent."
    ),
    "unknown-token": N_(
        "This invitation is not known here. Please check the code or ask for a new one."
    ),
    "used-token": N_("This invitation has already been used. Please ask the school for a new one."),
    "expired-token": _EXPIRED,
    "expired-invitation": _EXPIRED,
    "wrong-hub": _NOT_THE_HUB,
    "wrong-certificate": _NOT_THE_HUB,
    # reports
    "bad-report": N_(
        "The school's hub could not read this report. Please tell the person who looks "
        "after this laptop."
    ),
    "future-period": N_("The report is for a period that has not ended yet."),
    "bad-signature": N_(
        "The school's hub could not check that this report comes from this laptop. "
        "Please connect this laptop to the school again."
    ),
    "bad-bundle": N_("This file is not a file of reports from a laptop."),
    "changed-report": N_(
        "The school already has a different report from this laptop for this period. "
        "A report cannot be changed once it has been received."
    ),
    # who may send
    "unknown-device": N_(
        "This laptop is not connected to the school's hub. Please connect it again "
        "with a new invitation."
    ),
    "revoked": N_(
        "The school has disconnected this laptop. Please talk to the school's coordinator."
    ),
    "wrong-school": N_("This laptop is connected to a different school."),
    "unknown-school": N_("There is no such school on this hub."),
    "slow-down": N_("Too many tries in a short time. Please wait a minute."),
}

#: A refusal whose body is not the hub's (``http-<status>``): no reason was given.
NO_REASON = N_("The school's hub said no, without saying why.")
#: A code this laptop does not know, from a newer hub.
UNKNOWN = N_(
    "The school's hub did not accept this, for a reason this program does not know. "
    "Please tell the person who looks after this laptop; updating this program may help."
)


def refusal_words(code: str) -> str:
    """The plain words for a refusal's code, in the mentor's language."""
    if code in WORDS:
        return _(WORDS[code])
    if code.startswith("http-"):
        return _(NO_REASON)
    return _(UNKNOWN)
