"""Search: words folded for case and accents, every word must match, removals forget."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentrus_desktop.domain import MentorLogEntry, Record, new_record_id
from parentrus_desktop.domain.vocabulary import MentorLogKind
from parentrus_desktop.store.search import SearchIndex, folded

Build = Callable[..., Record]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoë", "zoe"),
        ("ÉCOLE", "ecole"),
        ("Straße", "strasse"),
        ("Ångström", "angstrom"),
        ("İstanbul", "istanbul"),
        ("ﬁle", "file"),  # a ligature is split into its letters
        ("مُحَمَّد", "محمد"),  # Arabic vowel marks are set aside
        ("plain ascii 123", "plain ascii 123"),
    ],
)
def test_folding_sets_aside_case_and_accents(text: str, expected: str) -> None:
    assert folded(text) == expected


@given(st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",))).map(str.strip))
def test_a_record_is_found_by_its_own_words_in_any_case(notes: str) -> None:
    record = MentorLogEntry(
        id=new_record_id(), entry_kind=MentorLogKind.TRAINING, on=date(2024, 1, 1), notes=notes
    )
    search = SearchIndex()
    search.add(record)
    expected = [record.id] if folded(notes).split() else []
    assert search.find(notes) == expected
    assert search.find(notes.lower()) == expected
    assert search.find(" ".join(reversed(notes.split()))) == expected


_COMPATIBILITY_CAPITALS = [("Paid ₨ 500", "rs 500"), ("Fever 38℃", "38°c"), ("ℌello", "hello")]


@pytest.mark.parametrize(("text", "query"), _COMPATIBILITY_CAPITALS)
def test_compatibility_characters_fold_to_lower_case(text: str, query: str) -> None:
    assert folded(folded(text)) == folded(text)
    assert query in folded(text)
    record = MentorLogEntry(
        id=new_record_id(), entry_kind=MentorLogKind.TRAINING, on=date(2024, 1, 1), notes=text
    )
    search = SearchIndex()
    search.add(record)
    assert search.find(query) == [record.id]


@pytest.mark.parametrize(("text", "query"), _COMPATIBILITY_CAPITALS)
def test_compatibility_characters_fold_to_lower_case_when_added_in_bulk(
    text: str, query: str
) -> None:
    record = MentorLogEntry(
        id=new_record_id(), entry_kind=MentorLogKind.TRAINING, on=date(2024, 1, 1), notes=text
    )
    search = SearchIndex()
    search.add_many([record])
    assert search.find(query) == [record.id]


@pytest.mark.parametrize(
    "text",
    [
        "Met Zoë at the ÉCOLE gate",
        "Straße İstanbul ﬁle",
        "تحدثنا عن القراءة مع مُحَمَّد",
        "讨论了家庭作业",
        "क्या पढ़ाई",
        "Українська Ελληνικά",
        "😀👨‍👩‍👧 a\u0301",
        "plain ascii",
        "",
    ],
)
def test_adding_in_bulk_indexes_like_adding_one_by_one(text: str) -> None:
    record = MentorLogEntry(
        id=new_record_id(), entry_kind=MentorLogKind.TRAINING, on=date(2024, 1, 1), notes=text
    )
    one, many = SearchIndex(), SearchIndex()
    one.add(record)
    many.add_many([record])
    for query in [text, text.upper(), folded(text), *text.split()]:
        assert many.find(query) == one.find(query)


def test_marks_that_belong_to_a_letter_are_kept() -> None:
    # The Devanagari virama joins two consonants: setting it aside would turn one word
    # into another, so only Latin, Greek, Cyrillic and Arabic marks are set aside.
    assert "\u094d" in folded("क्या")
    assert folded("क्या") != folded("कया")


@pytest.fixture(params=["add", "add_many"])
def index(request: pytest.FixtureRequest, build: Build) -> tuple[SearchIndex, dict[str, str]]:
    """An index of a few records in several scripts, and their ids by a short name, built
    one record at a time (as records are saved) or all at once (as a profile opens)."""
    records = {
        "zoe": build("mentor_log", notes="Met Zoë and her mum at the école gate"),
        "arabic": build("mentor_log", notes="تحدثنا عن القراءة مع مُحَمَّد في المكتبة"),
        "chinese": build("mentor_log", notes="讨论了家庭作业"),
        "reading": build("mentor_log", notes="Reading club at the library"),
        "family": build("family", carers=("Fatima", "Omar"), notes="Wants help with READING"),
    }
    search = SearchIndex()
    if request.param == "add_many":
        search.add_many(records.values())
    else:
        for record in records.values():
            search.add(record)
    return search, {name: record.id for name, record in records.items()}


def test_case_and_accents_do_not_matter(index: tuple[SearchIndex, dict[str, str]]) -> None:
    search, ids = index
    for query in ("zoe", "ZOE", "Zoë", "zoë", "ECOLE", "école"):
        assert search.find(query) == [ids["zoe"]], query


def test_arabic_text_is_found(index: tuple[SearchIndex, dict[str, str]]) -> None:
    search, ids = index
    assert search.find("القراءة") == [ids["arabic"]]
    assert search.find("محمد") == [ids["arabic"]]  # typed without vowel marks
    assert search.find("مُحَمَّد المكتبة") == [ids["arabic"]]


def test_chinese_text_is_found(index: tuple[SearchIndex, dict[str, str]]) -> None:
    search, ids = index
    assert search.find("家庭") == [ids["chinese"]]


def test_every_word_must_match(index: tuple[SearchIndex, dict[str, str]]) -> None:
    search, ids = index
    assert search.find("reading") == [ids["reading"], ids["family"]]  # in the order added
    assert search.find("reading club") == [ids["reading"]]
    assert search.find("club reading") == [ids["reading"]]  # word order does not matter
    assert search.find("reading fatima") == [ids["family"]]
    assert search.find("reading zoë") == []
    assert search.find("  READ   LIB ") == [ids["reading"]]  # parts of words match


def test_an_empty_query_finds_nothing(index: tuple[SearchIndex, dict[str, str]]) -> None:
    search, _ = index
    assert search.find("") == []
    assert search.find("   \n") == []


def test_limit_stops_early(index: tuple[SearchIndex, dict[str, str]]) -> None:
    search, ids = index
    assert search.find("reading", limit=1) == [ids["reading"]]
    assert search.find("the", limit=10) == [ids["zoe"], ids["reading"]]


def test_remove_forgets_a_record(index: tuple[SearchIndex, dict[str, str]]) -> None:
    search, ids = index
    search.remove(ids["reading"])
    assert search.find("reading") == [ids["family"]]
    search.remove(ids["reading"])  # removing twice is harmless
    search.remove("0" * 32)  # and so is removing an id that was never added
    assert search.find("reading") == [ids["family"]]


def test_adding_again_replaces_the_words(build: Build) -> None:
    search = SearchIndex()
    first = build("mentor_log", notes="Supervision about attendance")
    search.add(first)
    changed = build("mentor_log", id=first.id, notes="Training on e-safety")
    search.add(changed)
    assert search.find("attendance") == []
    assert search.find("safety") == [first.id]
    emptied = build("mentor_log", id=first.id, notes="")
    search.add(emptied)
    assert search.find("safety") == []


def test_clear_forgets_everything(index: tuple[SearchIndex, dict[str, str]]) -> None:
    search, _ = index
    search.clear()
    assert search.find("reading") == []
    assert search.find("zoe") == []
