"""Something someone has to do next, including requests to the school tracked to an answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.vocabulary import ActionOwner, FollowUpStatus, StaffRole


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUp(Record):
    """A follow-up. When ``owner`` is the school it is a request to the school: it stays
    open until ``school_answer`` records what the school did ("you asked — we delivered")."""

    kind: ClassVar[str] = "follow_up"
    family: str | None = None
    session: str | None = None  # the session it came from, if any
    owner: ActionOwner
    what: str
    due_on: date
    status: FollowUpStatus = FollowUpStatus.OPEN
    school: str | None = None  # for requests to the school: which one
    school_answer: str = ""
    answered_on: date | None = None
    done_on: date | None = None
    raised_on: date | None = None
    school_role: StaffRole | None = None  # for requests to the school: whom it went to

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        set_ = object.__setattr__
        v.record_id(self.family, "family", required=False)
        v.record_id(self.session, "session", required=False)
        set_(self, "owner", v.choice(self.owner, ActionOwner, "owner"))
        set_(self, "what", v.text(self.what, "what", required=True, longest=2000))
        v.a_date(self.due_on, "due_on")
        set_(self, "status", v.choice(self.status, FollowUpStatus, "status"))
        v.record_id(self.school, "school", required=False)
        set_(self, "school_answer", v.text(self.school_answer, "school_answer", longest=2000))
        v.optional_date(self.answered_on, "answered_on")
        v.optional_date(self.done_on, "done_on")
        v.optional_date(self.raised_on, "raised_on")
        if self.school_role is not None:
            set_(self, "school_role", v.choice(self.school_role, StaffRole, "school_role"))
        if self.answered_on is not None and not self.is_school_request:
            raise v.InvalidRecord(
                "answered_on", v.N_("Only a request to the school gets an answer.")
            )
        if self.status is FollowUpStatus.DONE and self.done_on is None:
            raise v.InvalidRecord("done_on", v.N_("Please give the date it was done."))

    @property
    def is_school_request(self) -> bool:
        return self.owner is ActionOwner.SCHOOL

    @property
    def school_has_answered(self) -> bool:
        return self.answered_on is not None

    @property
    def family_id(self) -> str | None:
        return self.family

    def is_overdue(self, today: date) -> bool:
        return self.status is FollowUpStatus.OPEN and self.due_on < today

    def searchable_text(self) -> str:
        return "\n".join(p for p in (self.what, self.school_answer) if p)
