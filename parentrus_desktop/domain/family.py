"""A mentored household: who they are, how to reach them, what they hope for."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.vocabulary import Barrier, ContactMethod, FamilyStatus

# Letters and digits a mentor will not misread on a printed sheet (no 0/O, 1/I/L, 5/S, 2/Z).
_CODE_ALPHABET = "34679ABCDEFGHJKMNPQRTUVWXY"
_FAMILY_CODE = re.compile(rf"^[{_CODE_ALPHABET}]{{3}}-[{_CODE_ALPHABET}]{{2}}$")
LATEST_YEAR_GROUP = 14  # nursery is 0; sixth form ends at 13; 14 leaves room for local schemes


def new_family_code() -> str:
    """A pseudonym such as ``K7Q-4M`` that a mentor can say aloud and write on paper."""
    letters = [secrets.choice(_CODE_ALPHABET) for _ in range(5)]
    return "".join(letters[:3]) + "-" + "".join(letters[3:])


def family_code(value: object, field_name: str = "code") -> str:
    if not isinstance(value, str) or not _FAMILY_CODE.match(value.strip().upper()):
        raise v.InvalidRecord(
            field_name,
            v.N_("A family code looks like K7Q-4M: three letters or digits, a dash, two."),
        )
    return value.strip().upper()


@dataclass(frozen=True, slots=True, kw_only=True)
class Child:
    first_name: str
    school_id: str | None = None  # from the schools directory
    year_group: int | None = None
    # Members of staff at the child's school (their ids in the school's list): who
    # teaches the child, and the family's one key person there (added later: None).
    class_teacher: str | None = None
    key_contact: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "first_name",
            v.text(
                self.first_name, "child_first_name", required=True, longest=v.LONGEST_SHORT_TEXT
            ),
        )
        v.record_id(self.school_id, "child_school", required=False)
        if self.year_group is not None:
            v.whole_number(self.year_group, "year_group", lowest=0, highest=LATEST_YEAR_GROUP)
        v.record_id(self.class_teacher, "class_teacher", required=False)
        v.record_id(self.key_contact, "key_contact", required=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """How and when the family is happy to be contacted."""

    method: ContactMethod = ContactMethod.PHONE_CALL
    phone: str = ""
    best_times: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", v.choice(self.method, ContactMethod, "contact_method"))
        phone = v.text(self.phone, "phone", longest=40)
        if phone and not re.fullmatch(r"\+?[0-9 ()\-]{5,40}", phone):
            raise v.InvalidRecord("phone", v.N_("A phone number has only digits, spaces and +."))
        object.__setattr__(self, "phone", phone)
        object.__setattr__(
            self, "best_times", v.text(self.best_times, "best_times", longest=v.LONGEST_SHORT_TEXT)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class EngagementPlan:
    goals: str = ""
    strategies: str = ""
    review_on: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "goals", v.text(self.goals, "goals"))
        object.__setattr__(self, "strategies", v.text(self.strategies, "strategies"))
        v.optional_date(self.review_on, "review_on")


@dataclass(frozen=True, slots=True, kw_only=True)
class Family(Record):
    """The household a mentor supports. ``code`` is what shows on a privacy screen."""

    kind: ClassVar[str] = "family"
    code: str
    carers: tuple[str, ...]
    children: tuple[Child, ...] = ()
    languages: tuple[str, ...] = ()
    interpreter_needed: bool = False
    contact: Contact = field(default_factory=Contact)
    aspirations: str = ""
    barriers: tuple[Barrier, ...] = ()
    barrier_other: str = ""
    status: FamilyStatus = FamilyStatus.ACTIVE
    joined_on: date
    closed_on: date | None = None
    plan: EngagementPlan = field(default_factory=EngagementPlan)
    notes: str = ""

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        set_ = object.__setattr__
        set_(self, "code", family_code(self.code))
        carers = v.names(self.carers, "carers")
        if not carers:
            raise v.InvalidRecord(
                "carers", v.N_("Please give the first name of at least one carer.")
            )
        set_(self, "carers", carers)
        set_(self, "children", tuple(self.children))
        if not all(isinstance(child, Child) for child in self.children):
            raise v.InvalidRecord("children", v.N_("Each child needs a first name."))
        set_(self, "languages", v.language_tags(self.languages, "languages"))
        v.yes_no(self.interpreter_needed, "interpreter_needed")
        set_(self, "aspirations", v.text(self.aspirations, "aspirations"))
        set_(self, "barriers", v.choices(self.barriers, Barrier, "barriers"))
        set_(self, "barrier_other", v.text(self.barrier_other, "barrier_other", longest=500))
        set_(self, "status", v.choice(self.status, FamilyStatus, "status"))
        v.a_date(self.joined_on, "joined_on")
        v.optional_date(self.closed_on, "closed_on")
        if self.status is FamilyStatus.CLOSED and self.closed_on is None:
            raise v.InvalidRecord("closed_on", v.N_("Please give the date the family closed."))
        if self.closed_on is not None and self.closed_on < self.joined_on:
            raise v.InvalidRecord("closed_on", v.N_("A family cannot close before it joined."))
        set_(self, "notes", v.text(self.notes, "notes"))

    @property
    def family_id(self) -> str | None:
        return self.id

    @property
    def display_name(self) -> str:
        """How the mentor knows the family: the carers' first names."""
        return " & ".join(self.carers)

    def searchable_text(self) -> str:
        parts = [self.code, *self.carers, *(c.first_name for c in self.children)]
        parts += [self.aspirations, self.barrier_other, self.plan.goals, self.plan.strategies]
        parts += [self.notes, self.contact.phone]
        return "\n".join(p for p in parts if p)
