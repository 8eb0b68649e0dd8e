"""A meeting with one family or several: where, when, what about, and whether it happened."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.vocabulary import (
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    Topic,
    VenueCategory,
)

LONGEST_SESSION_MINUTES = 12 * 60
#: Kinds that meet one household at a time.
SINGLE_FAMILY_KINDS = frozenset(
    {
        SessionKind.ONE_TO_ONE,
        SessionKind.HOME_VISIT,
        SessionKind.PHONE_OR_VIDEO,
        SessionKind.SCHOOL_MEETING,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Session(Record):
    """One session. A group names every family present; ``others`` counts people not mentored."""

    kind: ClassVar[str] = "session"
    session_kind: SessionKind
    venue_category: VenueCategory
    venue: str | None = None  # from the venues directory: a name, never an address
    on: date
    starts_at: time | None = None
    minutes: int = 60
    families: tuple[str, ...]
    others: int = 0
    languages: tuple[str, ...] = ()
    interpreter_used: bool = False
    topics: tuple[Topic, ...] = ()
    topic_other: str = ""
    notes: str = ""
    status: SessionStatus = SessionStatus.HELD
    non_attendance_reason: NonAttendanceReason | None = None
    entered_on: date | None = None  # when it was logged: late entries count in that period

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        set_ = object.__setattr__
        set_(self, "session_kind", v.choice(self.session_kind, SessionKind, "session_kind"))
        set_(self, "venue_category", v.choice(self.venue_category, VenueCategory, "venue_category"))
        v.record_id(self.venue, "venue", required=False)
        v.a_date(self.on, "on")
        if self.starts_at is not None:
            if type(self.starts_at) is not time or self.starts_at.tzinfo is not None:
                raise v.InvalidRecord("starts_at", v.N_("Please give a time such as 10:30."))
            # Sessions are planned to the minute; seconds would not survive saving.
            set_(self, "starts_at", self.starts_at.replace(second=0, microsecond=0))
        v.whole_number(self.minutes, "minutes", lowest=1, highest=LONGEST_SESSION_MINUTES)
        families = tuple(dict.fromkeys(self.families))
        for family in families:
            v.record_id(family, "families")
        set_(self, "families", families)
        v.whole_number(self.others, "others", lowest=0, highest=500)
        self._check_who_came()
        set_(self, "languages", v.language_tags(self.languages, "languages"))
        v.yes_no(self.interpreter_used, "interpreter_used")
        set_(self, "topics", v.choices(self.topics, Topic, "topics"))
        set_(self, "topic_other", v.text(self.topic_other, "topic_other", longest=500))
        set_(self, "notes", v.text(self.notes, "notes"))
        set_(self, "status", v.choice(self.status, SessionStatus, "status"))
        self._check_non_attendance()
        v.optional_date(self.entered_on, "entered_on")

    def _check_who_came(self) -> None:
        count = len(self.families)
        if self.session_kind in SINGLE_FAMILY_KINDS and count != 1:
            raise v.InvalidRecord("families", v.N_("Please choose the one family you met."))
        if self.session_kind is SessionKind.GROUP and count == 0:
            raise v.InvalidRecord("families", v.N_("A group session needs at least one family."))
        if self.session_kind is SessionKind.PARENTS_FORUM and count == 0 and self.others == 0:
            raise v.InvalidRecord("families", v.N_("Please say who came to the forum."))
        if self.session_kind in SINGLE_FAMILY_KINDS and self.others:
            raise v.InvalidRecord("others", v.N_("Only group sessions and forums have others."))

    def _check_non_attendance(self) -> None:
        if self.status is SessionStatus.DID_NOT_ATTEND:
            if self.non_attendance_reason is None:
                raise v.InvalidRecord(
                    "non_attendance_reason", v.N_("Please say why they could not come, if known.")
                )
            object.__setattr__(
                self,
                "non_attendance_reason",
                v.choice(self.non_attendance_reason, NonAttendanceReason, "non_attendance_reason"),
            )
        elif self.non_attendance_reason is not None:
            raise v.InvalidRecord(
                "non_attendance_reason", v.N_("A reason is only needed when they did not come.")
            )

    @property
    def family_id(self) -> str | None:
        # A session with one family is sealed under that family's key, so erasing the
        # family erases it. A group session belongs to the mentor's profile key instead.
        return self.families[0] if len(self.families) == 1 and not self.is_group else None

    @property
    def is_group(self) -> bool:
        return self.session_kind in (SessionKind.GROUP, SessionKind.PARENTS_FORUM)

    def families_mentioned(self) -> tuple[str, ...]:
        return self.families

    def without_family(self, family_id: str) -> Session | None:
        """This session with one family taken out, or None if nobody would be left."""
        rest = tuple(f for f in self.families if f != family_id)
        if not rest and not (self.session_kind is SessionKind.PARENTS_FORUM and self.others):
            return None
        if self.session_kind is SessionKind.GROUP and not rest:
            return None
        return replace(self, families=rest)

    def searchable_text(self) -> str:
        return "\n".join(p for p in (self.topic_other, self.notes) if p)
