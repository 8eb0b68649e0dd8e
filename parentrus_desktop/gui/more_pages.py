"""The list pages for follow-ups, referrals, celebrations, check-ins and the mentor's log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeAlias, TypeVar

from PySide6.QtWidgets import QDialog

from parentrus_desktop.domain import (
    Agency,
    Celebration,
    CheckIn,
    FollowUp,
    MentorLogEntry,
    Record,
    Referral,
    Venue,
)
from parentrus_desktop.domain.vocabulary import FollowUpStatus, ReferralStatus
from parentrus_desktop.gui.lists import Column, Filter, RecordListPage
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.who_to_ask import who_does_it
from parentrus_desktop.i18n import _, format_day
from parentrus_desktop.labels import label

R = TypeVar("R", bound=Record)

#: Opens the form of one kind of record: a saved one to change it, or None for a new one.
OpenForm: TypeAlias = Callable[[R | None], QDialog]


def _family(records: OpenRecords) -> Callable[[Record], str]:
    return lambda r: records.family_label(records.family(r.family_id)) if r.family_id else "—"


def follow_ups_page(
    records: OpenRecords,
    open_form: OpenForm[FollowUp],
    mark_done: Callable[[FollowUp], None],
    today: Callable[[], date],
) -> RecordListPage[FollowUp]:
    return RecordListPage(
        records,
        name="follow-ups",
        title=_("Follow-ups"),
        explanation=_(
            "What you, the family, the school or a service still has to do. "
            "Requests to the school stay here until the school answers."
        ),
        kind=FollowUp,
        columns=[
            Column(_("By when"), lambda f: format_day(f.due_on)),
            Column(_("Family"), _family(records)),
            Column(_("Who"), who_does_it),
            # What the mentor typed may name people: hidden on the privacy screen.
            Column(_("What"), lambda f: "…" if records.privacy else _(f.what)),
            Column(
                _("Status"),
                lambda f: label(f.status) + (" – " + _("late") if f.is_overdue(today()) else ""),
            ),
        ],
        filters=[
            Filter(_("To do"), lambda f: f.status is FollowUpStatus.OPEN),
            Filter(_("Requests to the school"), lambda f: f.is_school_request),
            Filter(
                _("Waiting for the school to answer"),
                lambda f: (
                    f.is_school_request
                    and not f.school_has_answered
                    and f.status is FollowUpStatus.OPEN
                ),
            ),
            Filter(_("All"), lambda f: True),
        ],
        order=lambda f: f.due_on,
        add_text=_("Add a follow-up"),
        open_form=open_form,
        extra_buttons=[(_("Mark as done"), "mark-done", mark_done)],
    )


def referrals_page(
    records: OpenRecords,
    open_form: OpenForm[Referral],
    open_agency: Callable[[Agency | None], QDialog],
) -> RecordListPage[Referral]:
    def service(referral: Referral) -> str:
        agency = records.profile.get(referral.agency) if referral.agency else None
        return agency.name if isinstance(agency, Agency) else "—"

    return RecordListPage(
        records,
        name="referrals",
        title=_("Referrals"),
        explanation=_("Families you pointed to other services, with their consent."),
        kind=Referral,
        columns=[
            Column(_("Date"), lambda r: format_day(r.made_on)),
            Column(_("Family"), _family(records)),
            Column(_("Kind of help"), lambda r: label(r.category)),
            Column(_("Service"), service),
            Column(_("Status"), lambda r: label(r.status)),
        ],
        filters=[
            Filter(
                _("Still going"),
                lambda r: r.status not in (ReferralStatus.COMPLETED, ReferralStatus.DECLINED),
            ),
            Filter(_("All"), lambda r: True),
        ],
        order=lambda r: -r.made_on.toordinal(),  # newest first
        add_text=_("Add a referral"),
        open_form=open_form,
        extra_buttons=[
            (_("Add a service to the directory"), "add-agency", lambda _r: open_agency(None))
        ],
    )


def celebrations_page(
    records: OpenRecords, open_form: OpenForm[Celebration]
) -> RecordListPage[Celebration]:
    return RecordListPage(
        records,
        name="celebrations",
        title=_("Celebrations"),
        explanation=_("Successes to celebrate with the family."),
        kind=Celebration,
        columns=[
            Column(_("Date"), lambda c: format_day(c.on)),
            Column(_("Family"), _family(records)),
            Column(_("What happened"), lambda c: label(c.category)),
        ],
        filters=[Filter(_("All"), lambda c: True)],
        order=lambda c: -c.on.toordinal(),  # newest first
        add_text=_("Add a celebration"),
        open_form=open_form,
    )


def check_ins_page(records: OpenRecords, open_form: OpenForm[CheckIn]) -> RecordListPage[CheckIn]:
    return RecordListPage(
        records,
        name="check-ins",
        title=_("Check-ins"),
        explanation=_(
            "Each parent rates how they feel about school, from 1 to 5, at the "
            "start and every few months. This is how the programme shows it helps."
        ),
        kind=CheckIn,
        columns=[
            Column(_("Date"), lambda c: format_day(c.on)),
            Column(_("Family"), _family(records)),
            Column(_("Answers"), lambda c: " ".join(str(v) for v in c.answers.values())),
        ],
        filters=[Filter(_("All"), lambda c: True)],
        order=lambda c: -c.on.toordinal(),  # newest first
        add_text=_("Add a check-in"),
        open_form=open_form,
    )


def my_log_page(
    records: OpenRecords, open_form: OpenForm[MentorLogEntry]
) -> RecordListPage[MentorLogEntry]:
    return RecordListPage(
        records,
        name="my-log",
        title=_("My log"),
        explanation=_("Your own supervision, training and wellbeing. About no family."),
        kind=MentorLogEntry,
        columns=[
            Column(_("Date"), lambda e: format_day(e.on)),
            Column(_("What it was"), lambda e: label(e.entry_kind)),
            Column(_("Minutes"), lambda e: str(e.minutes)),
        ],
        filters=[Filter(_("All"), lambda e: True)],
        order=lambda e: -e.on.toordinal(),  # newest first
        add_text=_("Add to my log"),
        open_form=open_form,
    )


def places_page(records: OpenRecords, open_form: OpenForm[Venue]) -> RecordListPage[Venue]:
    return RecordListPage(
        records,
        name="places",
        title=_("Places"),
        explanation=_(
            "The safe places where you meet families. Only a name and a kind of "
            "place: never an address."
        ),
        kind=Venue,
        columns=[
            Column(_("Name"), lambda v: v.name),
            Column(_("Kind of place"), lambda v: label(v.category)),
        ],
        filters=[Filter(_("All"), lambda v: True)],
        order=lambda v: v.name.casefold(),
        add_text=_("Add a place"),
        open_form=open_form,
    )
