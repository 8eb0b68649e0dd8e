"""Signs of progress: successes to celebrate and the parent's own check-in ratings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.vocabulary import CelebrationCategory, CheckInQuestion


@dataclass(frozen=True, slots=True, kw_only=True)
class Celebration(Record):
    kind: ClassVar[str] = "celebration"
    family: str
    category: CelebrationCategory
    on: date
    notes: str = ""

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        v.record_id(self.family, "family")
        object.__setattr__(
            self, "category", v.choice(self.category, CelebrationCategory, "category")
        )
        v.a_date(self.on, "on")
        object.__setattr__(self, "notes", v.text(self.notes, "notes"))

    @property
    def family_id(self) -> str | None:
        return self.family

    def searchable_text(self) -> str:
        return self.notes


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckIn(Record):
    """A parent's self-rating, 1 (not at all) to 5 (very much), on each of the six questions.
    A question the parent chose not to answer is simply left out."""

    kind: ClassVar[str] = "check_in"
    family: str
    on: date
    answers: Mapping[CheckInQuestion, int]
    notes: str = ""

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        v.record_id(self.family, "family")
        v.a_date(self.on, "on")
        if not isinstance(self.answers, Mapping) or not self.answers:
            raise v.InvalidRecord("answers", v.N_("Please answer at least one question."))
        answers = {
            v.choice(question, CheckInQuestion, "answers"): v.whole_number(
                rating, "answers", lowest=1, highest=5
            )
            for question, rating in self.answers.items()
        }
        ordered = {q: answers[q] for q in CheckInQuestion if q in answers}
        object.__setattr__(self, "answers", ordered)
        object.__setattr__(self, "notes", v.text(self.notes, "notes"))

    def __hash__(self) -> int:  # answers is a dict; identity is the record id
        return hash(self.id)

    @property
    def family_id(self) -> str | None:
        return self.family

    def searchable_text(self) -> str:
        return self.notes
