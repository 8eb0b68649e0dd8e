"""A page printed for a family speaks the family's language while the app keeps the
mentor's, and a background thread is not switched by it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest

from parentrus_desktop import i18n
from parentrus_desktop.i18n import _, current_language, format_day, speaking

SAVE = "Save"  # a message every catalog translates


@pytest.fixture
def mentor_in_english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.mark.usefixtures("mentor_in_english")
def test_a_family_language_is_spoken_inside_the_block_only() -> None:
    with speaking(["ar"]) as used:
        assert used == "ar"
        assert current_language() == "ar"
        assert _(SAVE) != SAVE
        assert format_day(date(2026, 3, 5)) != "5 Mar 2026"
    assert current_language() == "en"
    assert _(SAVE) == SAVE


@pytest.mark.usefixtures("mentor_in_english")
def test_the_first_language_with_words_is_chosen_and_none_means_the_mentors() -> None:
    with speaking(["ti", "ar", "en"]) as used:  # no Tigrinya catalog
        assert used == "ar"
    with speaking(["ti"]) as used:
        assert used == "en"
        assert _(SAVE) == SAVE
    i18n.set_language("ar")
    with speaking(["ti", "en"]) as used:
        assert used == "en"
        assert _(SAVE) == SAVE
    with speaking([]) as used:
        assert used == "ar"


@pytest.mark.usefixtures("mentor_in_english")
def test_another_thread_keeps_the_mentors_language() -> None:
    seen: list[str] = []
    with speaking(["ar"]):
        worker = threading.Thread(target=lambda: seen.append(_(SAVE)))
        worker.start()
        worker.join()
    assert seen == [SAVE]
