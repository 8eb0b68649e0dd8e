"""The organisation's safeguarding steps and contacts, in each language it writes them in,
and which of them a mentor reads.

Where they are kept: in the profile, sealed under the profile key (a sealed item), like
the rule for keeping records. They are not secret, but a mentor reads them at the worst
moment, so no one must be able to change them without the passphrase: a plain file
beside the profiles could be edited by anyone with the laptop (or by any other profile),
and a wrong phone number there would send a worry to the wrong place. The contacts also
often name the programme's staff. The price is that each mentor on a shared laptop sets
them once (pasted from what the organisation gives them); until then the app's default
steps are shown, and marked as such.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.i18n import _, current_language
from parentrus_desktop.operations import Done
from parentrus_desktop.store.unlocked import UnlockedProfile

#: The kind of sealed item the steps are kept as, and its one id.
STEPS = "safeguarding-steps"
_STEPS_ID = "safeguarding-steps"
#: The longest text of steps and contacts for one language.
LONGEST_STEPS = 5000
#: The language tried after the mentor's own, before the first one set.
FALLBACK_LANGUAGE = "en"

#: Shown until the organisation sets its own, in the mentor's language (one message a
#: step: shorter for translators, and a step can be reworded alone).
DEFAULT_STEPS = (
    N_("If a child is in danger right now, call the emergency number (999 in the UK)."),
    N_("Tell your programme's safeguarding lead the same day."),
    N_("Write down what you saw and heard, in the family's own words, with the date and time."),
    N_("Do not promise to keep it secret."),
    N_("Do not ask questions to find out more, and do not investigate: that is not your job."),
)


def default_steps() -> str:
    """The app's general steps, one a line, in the language in use."""
    return "\n".join(_(step) for step in DEFAULT_STEPS)


@dataclass(frozen=True)
class Steps:
    """The steps a mentor reads: the text, the language it is in, and whether it is the
    app's default (the organisation has not set its own)."""

    text: str
    language: str
    is_default: bool


def organisation_steps(profile: UnlockedProfile) -> dict[str, str]:
    """Every language the organisation's steps are set in, with its text, in the order
    they were first set."""
    value = profile.sealed_items(STEPS).get(_STEPS_ID)
    if value is None:
        return {}
    try:
        plain = json.loads(value)
    except ValueError:
        return {}
    if not isinstance(plain, dict):
        return {}
    return {k: t for k, t in plain.items() if isinstance(k, str) and isinstance(t, str) and t}


def steps_for(profile: UnlockedProfile, language: str | None = None) -> Steps:
    """The steps in ``language`` (the mentor's, unless given); else in English; else in the
    first language set; else the app's default, in the mentor's language."""
    wanted = language or current_language()
    set_in = organisation_steps(profile)
    for tried in (wanted, wanted.split("-")[0], FALLBACK_LANGUAGE, *set_in):
        if tried in set_in:
            return Steps(set_in[tried], tried, is_default=False)
    return Steps(default_steps(), current_language(), is_default=True)


def set_steps(profile: UnlockedProfile, language: str, text: str) -> Done[dict[str, str]]:
    """Save the organisation's steps in one language; empty text removes that language
    (the default shows again once none is left)."""
    if not language or len(language) > 20:
        raise InvalidRecord("language", N_("Please choose one of the options."))
    cleaned = text.strip().replace("\x00", "")
    if len(cleaned) > LONGEST_STEPS:
        raise InvalidRecord(
            "steps",
            N_("This is too long: please keep it under {longest} letters."),
            longest=LONGEST_STEPS,
        )
    steps = organisation_steps(profile)
    if cleaned:
        steps[language] = cleaned
    else:
        steps.pop(language, None)
    value = json.dumps(steps, ensure_ascii=False).encode()
    profile.save_sealed_items(STEPS, {_STEPS_ID: value})
    return Done(steps, frozenset({STEPS}))
