"""The glossary of school words: enough words, each explained, found in English and in
the family's language; the organisation's own words kept on this laptop."""

from __future__ import annotations

from pathlib import Path

from parentrus_desktop.i18n import pgettext, speaking
from parentrus_desktop.school_words import (
    SCHOOL_WORDS,
    OwnWord,
    check_own_word,
    find,
    shown,
)
from parentrus_desktop.store.own_school_words import FILE_NAME, OwnSchoolWords


def test_there_are_forty_words_or_more_each_explained_none_twice() -> None:
    assert len(SCHOOL_WORDS) >= 40
    english = [entry.english.casefold() for entry in SCHOOL_WORDS]
    assert len(set(english)) == len(english)
    explanations = [entry.explanation for entry in SCHOOL_WORDS]
    assert len(set(explanations)) == len(explanations)
    for entry in SCHOOL_WORDS:
        assert entry.english.strip() and entry.explanation.strip(), entry
        # One to three short sentences, as a parent who left school early reads them.
        assert 1 <= entry.explanation.count(". ") + 1 <= 3, entry.english
        assert len(entry.explanation) <= 220, entry.english
    for must in ("Parents' evening", "SENCO", "Free school meals", "Phonics", "Catchment area"):
        assert must in {entry.english for entry in SCHOOL_WORDS}, must


def test_every_word_and_explanation_has_its_arabic() -> None:
    with speaking(["ar"]) as used:
        assert used == "ar"
        words = shown()
    assert len(words) == len(SCHOOL_WORDS)
    for word in words:
        assert word.word != word.school_says, word.school_says
        assert word.explanation and not word.explanation.isascii(), word.school_says
    # Outside the block the mentor's language is back.
    assert pgettext(*SCHOOL_WORDS[0].word) == SCHOOL_WORDS[0].english


def test_search_finds_a_word_by_its_english_and_by_its_arabic() -> None:
    with speaking(["ar"]):
        words = shown()
    by_english = find(words, "parents evening")
    assert by_english and by_english[0].school_says == "Parents' evening"
    assert find(words, "free SCHOOL meals")[0].school_says == "Free school meals"
    by_arabic = find(words, "أمسية أولياء")
    assert [w.school_says for w in by_arabic] == ["Parents' evening"]
    assert find(words, "الزي المدرسي")[0].school_says == "Uniform"
    # A word met only in an explanation comes after the words whose name matches.
    reading = [w.school_says for w in find(shown(), "reading")]
    assert reading == ["Reading record", "SATs"]
    assert find(words, "zzqx nothing") == []


def test_an_organisations_word_is_kept_on_this_laptop_and_found(tmp_path: Path) -> None:
    store = OwnSchoolWords(tmp_path)
    assert store.load() == []
    store.add(OwnWord("Schoolarts", "De dokter van de school. Hij kijkt of uw kind gezond is."))
    store.add(OwnWord("Brede school", "Activiteiten na schooltijd, in de school."))
    again = OwnSchoolWords(tmp_path).load()  # as after a restart
    assert [w.word for w in again] == ["Schoolarts", "Brede school"]
    found = find(shown(again), "schoolarts")
    assert [w.word for w in found] == ["Schoolarts"] and found[0].own
    # Shown as typed, never translated.
    assert found[0].school_says == found[0].word == "Schoolarts"
    OwnSchoolWords(tmp_path).remove("Schoolarts")
    assert [w.word for w in OwnSchoolWords(tmp_path).load()] == ["Brede school"]
    assert not (tmp_path / (FILE_NAME + ".new")).exists()


def test_a_damaged_file_of_own_words_leaves_the_glossary_working(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("{not json", encoding="utf-8")
    assert OwnSchoolWords(tmp_path).load() == []
    assert len(shown(OwnSchoolWords(tmp_path).load())) == len(SCHOOL_WORDS)


def test_a_word_that_cannot_be_added_says_why() -> None:
    own = [OwnWord("Schoolarts", "De dokter van de school.")]
    assert check_own_word("", "Something", own) is not None
    assert check_own_word("Word", "   ", own) is not None
    assert check_own_word("schoolarts", "Again", own) == "That word is in the list already."
    assert check_own_word("PHONICS", "Again", own) == "That word is in the list already."
    assert check_own_word("x" * 81, "Too long", own) is not None
    assert check_own_word("Rapport", "Het schoolrapport.", own) is None


def test_search_puts_whole_words_and_word_starts_first_and_sets_apostrophes_aside() -> None:
    words = shown()
    sen = [w.school_says for w in find(words, "SEN")]
    assert sen[:2] == ["Special educational needs (SEN)", "SENCO"]  # before "absence"
    assert "Authorised absence" in sen[2:]
    for typed in (
        "parent's evening",
        "parents evening",
        "parents\u2019 evening",
        "Parents' Evening",
    ):
        assert [w.school_says for w in find(words, typed)][:1] == ["Parents' evening"], typed
