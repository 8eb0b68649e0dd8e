"""The hub's refusals and the wire's problems in a mentor's words, by their code.

The hub answers a refusal with a code for programs and an English sentence; a mentor
reads neither. Every code of the wire (``protocol.REFUSAL_CODES``), of the client
(``client.CLIENT_CODES``) and of connecting (``connection``) has plain words here, shown
in the mentor's language; a code this laptop does not know (a newer hub) gets a general
sentence. A laptop's own refusal to make a school's reports (``budget.BudgetRefused``:
the family's yearly privacy budget) has words here too, with its numbers. No Qt: the
screens and ``parentrus-admin`` both use it.
"""

from __future__ import annotations

from parentrus_sync import budget
from parentrus_sync.budget import BudgetRefused

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.i18n import _, format_number

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
_NOT_THE_SETTINGS = N_(
    "The school's hub did not accept this report: it was not made with the school's "
    "privacy settings. Sync again so this laptop gets the school's latest settings; if it "
    "happens again, please tell the person who looks after this laptop."
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
    "bad-policy": N_(
        "The school's settings for its reports are not ones this app can follow (for "
        "example, a privacy limit above 20 a year). Nothing was saved. Please tell the "
        "school's coordinator."
    ),
    "bad-receipt": _NOT_UNDERSTOOD,
    "bad-answer": N_("That address does not answer like a school's hub."),
    "too-large": N_(
        "The report was too large for the school's hub. Please tell the person who looks "
        "after this laptop."
    ),
    "policy-over-budget": N_(
        "The school asks for more about each family than this app ever allows: a privacy "
        "limit above 20 a year. This laptop is not connected. Please tell the school's "
        "coordinator."
    ),
    "version": N_(
        "This app and the school's hub are different versions that cannot work together. "
        "Usually this app needs to be updated: please ask the person who looks after this "
        "laptop."
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
    "wrong-certificate": N_(
        "This is not the school's server named in the invitation: its certificate is not "
        "the one the school gave. Nothing was sent. Please ask the school."
    ),
    "untrusted-certificate": N_(
        "This school's hub has a certificate of its own, which this laptop cannot check "
        "from a code. Please ask the school for the invitation file, and open it here."
    ),
    "untrusted-invitation": N_(
        "This school's hub has a certificate of its own, and this invitation does not say "
        "which one to trust. Please ask the school for a new invitation file."
    ),
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
    # a report the school's policy does not allow (the hub's checks of format 2)
    "bad-privacy": _NOT_THE_SETTINGS,
    "overlapping-period": N_(
        "The school's hub did not accept this report: it already has one from this laptop "
        "for part of the same time. Please tell the person who looks after this laptop."
    ),
    "beyond-limit": N_(
        "The school's hub did not accept this report: a number in it is larger than the "
        "families on one laptop could give. Please tell the person who looks after this laptop."
    ),
    "budget-exceeded": N_(
        "The school's hub did not accept this report: with the reports it already has from "
        "this laptop, it would use more of each family's privacy budget for this school year "
        "than the school allows. This report will not be counted; your records are all "
        "still here. Please tell the person who looks after this laptop."
    ),
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
    # This laptop's own word, not the hub's: a report the app's first version sealed
    # before it was updated, which no hub takes now.
    "first-format": N_(
        "This report was made by the first version of this app, which protected each "
        "family less. The school's hub no longer takes such reports, so it is not sent. "
        "Your records are all still here, and the next report is made the new way."
    ),
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


#: Why this laptop will not make a school's reports (``budget.BudgetRefused``), by code.
#: ``{school}`` is the school's name (not every sentence needs it); the other
#: placeholders are the refusal's numbers.
BUDGET_WORDS: dict[str, str] = {
    budget.TOO_HIGH: N_(
        "These reports would use a privacy limit of {asked} for each family in a year. "
        "The highest this app ever allows is {highest}. This laptop will not make these "
        "reports."
    ),
    budget.OVER_BUDGET: N_(
        "These reports would tell the school more about each family than allowed: their "
        "privacy limit for the year would be {asked}, and the most allowed is {limit}. This "
        "laptop will not make these reports. Ask the school for fewer numbers or fewer "
        "reports a year."
    ),
    budget.USED_UP: N_(
        "This school year's privacy budget for each family at {school} is used up, so no "
        "report is made for {school} until the new school year starts in September."
    ),
}


#: A budget refusal this program does not know (it cannot happen with this version).
UNKNOWN_BUDGET = N_(
    "This laptop makes no reports for {school}: they would use more of each family's "
    "privacy budget than allowed. Please tell the school's coordinator."
)


def budget_words(refusal: BudgetRefused, school: str) -> str:
    """Why no report is made for this school, in the mentor's language, with the
    refusal's numbers written the way that language writes them."""
    numbers = {name: format_number(value) for name, value in refusal.details.items()}
    words = BUDGET_WORDS.get(refusal.code)
    if words is None:  # a newer accountant's code: still never the English sentence
        return _(UNKNOWN_BUDGET).format(school=school)
    return _(words).format(school=school, **numbers)
