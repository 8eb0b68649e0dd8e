"""A family's check-in answers over time, statement by statement (the family page's chart)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from parentrus_desktop.domain.progress import CheckIn
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.vocabulary import CheckInQuestion


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer to one statement: the day of the check-in and the rating, 1 to 5."""

    on: date
    rating: int


@dataclass(frozen=True, slots=True)
class CheckInTrend:
    """Every check-in day of one family, oldest first, and each statement's answers in
    that order. A statement skipped at a check-in has no answer for that day (not 0)."""

    days: tuple[date, ...] = ()
    answers: dict[CheckInQuestion, tuple[Answer, ...]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.days


def answers_over_time(records: Iterable[Record], family_id: str) -> CheckInTrend:
    """The family's answers to each of the six statements, oldest first. Only that
    family's check-ins count; every statement is there, with no answers if never given."""
    check_ins = sorted(
        (r for r in records if isinstance(r, CheckIn) and r.family == family_id),
        key=lambda check_in: check_in.on,
    )
    return CheckInTrend(
        days=tuple(sorted({c.on for c in check_ins})),
        answers={
            question: tuple(
                Answer(c.on, c.answers[question]) for c in check_ins if question in c.answers
            )
            for question in CheckInQuestion
        },
    )
