"""The consent words cannot change without a new version: each version is held to a
fingerprint of its English words, here and in the registry."""

from __future__ import annotations

import pytest

from parentrus_desktop.domain.consent_words import CONSENT_WORDS, consent_words, fingerprint
from parentrus_desktop.domain.vocabulary import ConsentScope

#: Every version of the words ever read out, with the fingerprint of its English words.
#: Only ever add a line: a consent record names its version, and the words behind it
#: must stay the words that were read.
KNOWN_VERSIONS = {
    (ConsentScope.NOTES_KEPT, "2026-2"): "60132ca9b9b3",
    (ConsentScope.COUNTED, "2026-2"): "dc05869aa42a",
    (ConsentScope.SPEAK_TO_SCHOOL, "2026-2"): "9b62ecd1dcf9",
    (ConsentScope.REFERRAL, "2026-2"): "5d2478a0d70c",
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
