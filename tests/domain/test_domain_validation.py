"""The shared checks: free text, language tags, choices, numbers and the error they raise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentrus_desktop.domain import InvalidRecord, MentorLogEntry, Record
from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.vocabulary import Topic

Build = Callable[..., Record]


def test_invalid_record_says_which_field_and_why() -> None:
    error = InvalidRecord(
        "minutes", "Please give a number from {lowest} to {highest}.", lowest=1, highest=720
    )
    assert isinstance(error, ValueError)
    assert error.field == "minutes"
    assert error.message == "Please give a number from {lowest} to {highest}."  # untranslated
    assert error.details == {"lowest": 1, "highest": 720}
    assert str(error) == "minutes: Please give a number from 1 to 720."


def test_text_is_trimmed() -> None:
    assert v.text("  hello\n\t", "notes") == "hello"
    assert v.text("", "notes") == ""
    assert v.text("  ", "notes") == ""


@pytest.mark.parametrize("value", [None, 3, ["a"], b"bytes"])
def test_text_must_be_a_string(value: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        v.text(value, "notes")
    assert caught.value.field == "notes"


def test_required_text_may_not_be_blank() -> None:
    with pytest.raises(InvalidRecord) as caught:
        v.text(" \n ", "what", required=True)
    assert caught.value.field == "what"


def test_the_length_limit_counts_letters_after_trimming() -> None:
    assert v.text("x" * 10, "notes", longest=10) == "x" * 10
    assert v.text("  " + "x" * 10 + "  ", "notes", longest=10) == "x" * 10
    assert v.text("ب" * 10, "notes", longest=10) == "ب" * 10  # letters, not UTF-8 bytes
    with pytest.raises(InvalidRecord) as caught:
        v.text("x" * 11, "notes", longest=10)
    assert caught.value.field == "notes"
    assert caught.value.details == {"longest": 10}


def test_notes_may_be_long_but_not_a_pasted_file(build: Build) -> None:
    entry = build("mentor_log", notes="x" * v.LONGEST_NOTE)
    assert isinstance(entry, MentorLogEntry)
    assert len(entry.notes) == v.LONGEST_NOTE
    with pytest.raises(InvalidRecord) as caught:
        build("mentor_log", notes="x" * (v.LONGEST_NOTE + 1))
    assert caught.value.field == "notes"


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "  note \x00", "\x00 ", "الاسم\x00"])
def test_a_nul_character_is_refused(value: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        v.text(value, "notes")
    assert caught.value.field == "notes"


@given(st.text())
def test_text_either_comes_back_trimmed_or_is_refused(value: str) -> None:
    if "\x00" in value:
        with pytest.raises(InvalidRecord) as caught:
            v.text(value, "notes")
        assert caught.value.field == "notes"
    else:
        assert v.text(value, "notes") == value.strip()


@pytest.mark.parametrize(
    "tag", ["en", "ar", "ur", "yue", "pa-Arab", "pt-BR", "es-419", "zh-Hant-TW", "sr-Latn-RS"]
)
def test_good_language_tags_are_accepted(tag: str) -> None:
    assert v.language_tags([tag, tag], "languages") == (tag,)


@pytest.mark.parametrize(
    "tag",
    [
        "",
        "e",
        "english",
        "EN",
        "En",
        "en_GB",
        "en-gb",
        "pt-BRA",
        "en-",
        "-en",
        " en",
        "en ",
        "zh-Hant-TW-x",
        "en\x00",
        7,
        None,
    ],
)
def test_bad_language_tags_are_refused(tag: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        v.language_tags(["en", tag], "languages")
    assert caught.value.field == "languages"


def test_a_language_tag_with_a_trailing_newline_is_refused() -> None:
    with pytest.raises(InvalidRecord):
        v.language_tags(["en\n"], "languages")


def test_language_tags_keep_their_order() -> None:
    assert v.language_tags(["ur", "en", "ar", "en"], "languages") == ("ur", "en", "ar")


def test_choices_are_each_once_in_vocabulary_order() -> None:
    assert v.choices(["other", "reading", Topic.READING, "attendance"], Topic, "topics") == (
        Topic.READING,
        Topic.ATTENDANCE,
        Topic.OTHER,
    )
    with pytest.raises(InvalidRecord) as caught:
        v.choices(["reading", "READING"], Topic, "topics")
    assert caught.value.field == "topics"


@pytest.mark.parametrize("value", [True, False, 1.0, "3", None])
def test_whole_numbers_are_integers_not_booleans(value: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        v.whole_number(value, "minutes", lowest=0, highest=10)
    assert caught.value.field == "minutes"


@pytest.mark.parametrize("value", [datetime(2024, 1, 1, 9, 0), "2024-01-01", None, 20240101])
def test_a_date_is_a_calendar_day(value: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        v.a_date(value, "on")
    assert caught.value.field == "on"


def test_dates_before_2000_are_refused() -> None:
    assert v.a_date(date(2000, 1, 1), "on") == date(2000, 1, 1)
    with pytest.raises(InvalidRecord):
        v.a_date(date(1999, 12, 31), "on")
    assert v.optional_date(None, "on") is None


@pytest.mark.parametrize("value", [1, 0, "yes", None])
def test_yes_no_is_a_real_boolean(value: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        v.yes_no(value, "agreed")
    assert caught.value.field == "agreed"


def test_record_ids_are_32_lower_case_hex_digits() -> None:
    good = "0123456789abcdef" * 2
    assert v.record_id(good, "family") == good
    assert v.record_id(None, "family", required=False) is None
    for bad in (None, good[:-1], good + "0", good.upper(), good[:-1] + "g", good + "\n"):
        with pytest.raises(InvalidRecord) as caught:
            v.record_id(bad, "family")
        assert caught.value.field == "family"
