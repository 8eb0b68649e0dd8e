"""A day with its weekday, and a day with its month, in each language's own order and
words (CLDR's patterns), never an English order with the words swapped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from parentrus_desktop import i18n
from parentrus_desktop.i18n import format_day_and_month, format_day_and_weekday

SUNDAY = date(2026, 11, 22)


@pytest.fixture
def language() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("tag", "with_weekday", "with_month"),
    [
        ("en", "Sunday 22 November", "22 November"),
        ("hu", "november 22., vasárnap", "november 22."),  # month first, weekday last
        ("es", "domingo, 22 de noviembre", "22 de noviembre"),
        ("pl", "niedziela, 22 listopada", "22 listopada"),  # the full weekday, not "niedz."
        ("tr", "22 Kasım Pazar", "22 Kasım"),
        ("sk", "nedeľa 22. novembra", "22. novembra"),  # the day with its dot
    ],
)
def test_a_day_is_written_in_the_languages_own_order(
    tag: str, with_weekday: str, with_month: str
) -> None:
    assert i18n.set_language(tag)
    assert format_day_and_weekday(SUNDAY) == with_weekday
    assert format_day_and_month(SUNDAY) == with_month
