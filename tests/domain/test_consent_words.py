"""The consent words cannot change without a new version: each version is held to a
fingerprint of its English words, here and in the registry."""

from __future__ import annotations

import pytest

from parentrus_desktop.domain.consent_words import (
    CONSENT_WORDS,
    EARLIER_WORDS,
    ConsentWords,
    consent_words,
    fingerprint,
    words_given_with,
)
from parentrus_desktop.domain.vocabulary import ConsentScope

#: Every version of the words ever read out, with the fingerprint of its English words.
#: Only ever add a line: a consent record names its version, and the words behind it
#: must stay the words that were read.
KNOWN_VERSIONS = {
    (ConsentScope.NOTES_KEPT, "2026-2"): "60132ca9b9b3",
    (ConsentScope.COUNTED, "2026-2"): "dc05869aa42a",
    (ConsentScope.SPEAK_TO_SCHOOL, "2026-2"): "9b62ecd1dcf9",
    (ConsentScope.REFERRAL, "2026-2"): "5d2478a0d70c",
    (ConsentScope.NOTES_KEPT, "2026-3"): "0e46f236ffe4",
}


def test_every_scope_has_words_and_a_version() -> None:
    assert set(CONSENT_WORDS) == set(ConsentScope)
    for scope in ConsentScope:
        words = consent_words(scope)
        assert words.scope is scope
        assert 0 < len(words.version) <= 40  # what Consent.wording_version accepts
        assert words.sentences and all(s.strip() for s in words.sentences)


@pytest.mark.parametrize("scope", list(ConsentScope))
def test_the_words_are_the_ones_their_version_was_given_for(scope: ConsentScope) -> None:
    words = consent_words(scope)
    assert fingerprint(words.sentences) == words.fingerprint, (
        f"The words for {scope.value} changed: give them a new version, its fingerprint "
        "in the registry, and a new line in KNOWN_VERSIONS."
    )
    assert KNOWN_VERSIONS.get((scope, words.version)) == words.fingerprint, (
        f"Version {words.version} of {scope.value} was read out with other words: "
        "changed words need a new version."
    )


def test_a_changed_sentence_changes_the_fingerprint() -> None:
    words = consent_words(ConsentScope.COUNTED)
    changed = (words.sentences[0] + " ", *words.sentences[1:])
    assert fingerprint(changed) != words.fingerprint


def test_the_words_say_what_is_kept_who_sees_it_and_that_they_can_say_no() -> None:
    for scope in ConsentScope:
        said = " ".join(consent_words(scope).sentences)
        assert "You can say no." in said
        assert "take this back at any time" in said
        assert "school only gets numbers" in said


@pytest.mark.parametrize("earlier", EARLIER_WORDS, ids=lambda w: f"{w.scope.value}-{w.version}")
def test_earlier_words_kept_are_the_ones_read_out_then(earlier: ConsentWords) -> None:
    assert fingerprint(earlier.sentences) == earlier.fingerprint
    assert KNOWN_VERSIONS.get((earlier.scope, earlier.version)) == earlier.fingerprint
    assert earlier.version != consent_words(earlier.scope).version
    assert words_given_with(earlier.scope, earlier.version) is earlier


def test_the_words_about_notes_say_where_what_is_private_ends() -> None:
    said = consent_words(ConsentScope.NOTES_KEPT).sentences
    assert (
        "If your mentor is worried about a child's safety, they must tell the "
        "safeguarding lead." in said
    )
    assert (
        "Your mentor talks about their work with their manager, using a code, not your name."
        in said
    )
    # The words the family heard before stay readable; words never kept are not made up.
    before = words_given_with(ConsentScope.NOTES_KEPT, "2026-2")
    assert before is not None and not any("safeguarding" in s for s in before.sentences)
    assert words_given_with(ConsentScope.NOTES_KEPT, "2026-1") is None
