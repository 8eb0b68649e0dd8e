"""The consent words a mentor reads out to a family, one text per consent scope, each
with a version: a consent record names the version that was read, so the words behind
any "yes" can be shown again. Changing the English words means a new version (a test
holds each version to a fingerprint of its words)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.domain.vocabulary import ConsentScope


@dataclass(frozen=True, slots=True)
class ConsentWords:
    """One scope's words: plain sentences, read out one after the other."""

    scope: ConsentScope
    version: str
    #: The first 12 hex digits of the SHA-256 of the English sentences (see fingerprint):
    #: written down beside the version, so the words cannot change and keep it.
    fingerprint: str
    sentences: tuple[str, ...]


def fingerprint(sentences: tuple[str, ...]) -> str:
    """A short fingerprint of the English sentences, one per line."""
    return hashlib.sha256("\n".join(sentences).encode("utf-8")).hexdigest()[:12]


#: Said after every scope's own words: the family's rights, the same for each.
_ALWAYS = (
    N_("You can say no. Saying no does not change the help you get."),
    N_("You can take this back at any time. Just tell your mentor."),
)

CONSENT_WORDS: dict[ConsentScope, ConsentWords] = {
    words.scope: words
    for words in (
        ConsentWords(
            ConsentScope.NOTES_KEPT,
            "2026-3",
            "0e46f236ffe4",
            (
                N_(
                    "Your mentor writes short notes about your family and your meetings: "
                    "first names, your child's school, what you talked about and what "
                    "you agreed to do."
                ),
                N_(
                    "The notes stay on your mentor's laptop, locked with a secret "
                    "passphrase. Only your mentor can open them."
                ),
                # What is kept private has limits, and a family must hear them first.
                N_(
                    "Your mentor talks about their work with their manager, using a code, "
                    "not your name."
                ),
                N_(
                    "If your mentor is worried about a child's safety, they must tell the "
                    "safeguarding lead."
                ),
                N_("The school only gets numbers. It never gets your name or the notes."),
                N_("You can ask to see the notes, and to have them deleted."),
                *_ALWAYS,
            ),
        ),
        ConsentWords(
            ConsentScope.COUNTED,
            "2026-2",
            "dc05869aa42a",
            (
                N_(
                    "Each term the school gets numbers from all the mentors' work, such as "
                    "how many families met a mentor."
                ),
                N_(
                    "The school only gets numbers. It never gets your name, your child's "
                    "name or anything you said."
                ),
                N_("The numbers are made a little fuzzy, so no one can pick out your family."),
                N_("If you say no, your family is left out of every number."),
                *_ALWAYS,
            ),
        ),
        ConsentWords(
            ConsentScope.SPEAK_TO_SCHOOL,
            "2026-2",
            "9b62ecd1dcf9",
            (
                N_("Your mentor may speak to the school for you, about the things you choose."),
                N_("Together you agree how far your mentor may go and what stays private."),
                N_(
                    "Your mentor tells you what was said, and the school's answer. "
                    "Apart from that, the school only gets numbers."
                ),
                *_ALWAYS,
            ),
        ),
        ConsentWords(
            ConsentScope.REFERRAL,
            "2026-2",
            "5d2478a0d70c",
            (
                N_(
                    "Your mentor may pass your name and how to reach you to one service, "
                    "the one you agreed, so they can help you."
                ),
                N_("Only that service gets them, and only for this help."),
                N_("The school only gets numbers. It never gets your name from your mentor."),
                *_ALWAYS,
            ),
        ),
    )
}


#: Words read out before today's, kept so a consent given with them can show what the
#: family heard. Only ever add: older versions whose words were not kept (2026-1) are not
#: here, and their consents show today's words with a line saying so.
EARLIER_WORDS: tuple[ConsentWords, ...] = (
    ConsentWords(
        ConsentScope.NOTES_KEPT,
        "2026-2",
        "60132ca9b9b3",
        (
            N_(
                "Your mentor writes short notes about your family and your meetings: "
                "first names, your child's school, what you talked about and what "
                "you agreed to do."
            ),
            N_(
                "The notes stay on your mentor's laptop, locked with a secret "
                "passphrase. Only your mentor can open them."
            ),
            N_("The school only gets numbers. It never gets your name or the notes."),
            N_("You can ask to see the notes, and to have them deleted."),
            *_ALWAYS,
        ),
    ),
)


def consent_words(scope: ConsentScope) -> ConsentWords:
    """The words read out today for this scope."""
    return CONSENT_WORDS[scope]


def words_given_with(scope: ConsentScope, version: str) -> ConsentWords | None:
    """The words of this version of the scope, if the app still has them (today's, or an
    earlier version kept in EARLIER_WORDS); None for a version whose words were not kept."""
    today = CONSENT_WORDS[scope]
    if version == today.version:
        return today
    return next((w for w in EARLIER_WORDS if w.scope is scope and w.version == version), None)
