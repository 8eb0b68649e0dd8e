"""Forms for what happens next: follow-ups (and requests to the school), referrals, agencies."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from parentrus_desktop.domain import (
    Agency,
    FollowUp,
    InvalidRecord,
    Record,
    Referral,
    School,
    Venue,
    new_record_id,
)
from parentrus_desktop.domain.validation import N_
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    FollowUpStatus,
    ReferralStatus,
    VenueCategory,
)
from parentrus_desktop.gui.choosers import (
    add_no_choice,
    choice_box,
    choose_data,
    chosen_data,
    family_box,
    school_box,
)
from parentrus_desktop.gui.record_dialog import RecordDialog, day_box, day_in, line_box, text_box
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.who_to_ask import role_box, role_in
from parentrus_desktop.gui.widgets import typed_text
from parentrus_desktop.i18n import _


class FollowUpForm(RecordDialog):
    """A follow-up. When the school has to act, it is tracked until the school answers."""

    def __init__(
        self,
        records: OpenRecords,
        follow_up: FollowUp | None,
        today: date,
        family_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(records, _("Follow-up"), parent, editing=follow_up)
        f, self._follow_up, self._today = follow_up, follow_up, today
        self.family = family_box(records, "family", f.family if f else family_id, optional=True)
        self.problems.add_row(self.form, _("Family"), self.family, "family")
        self.owner = choice_box(ActionOwner, "owner", f.owner if f else None)
        self.problems.add_row(self.form, _("Who has to do it"), self.owner, "owner")
        self.what = text_box("what", f.what if f else "", lines=2)
        self.problems.add_row(self.form, _("What"), self.what, "what")
        self.due = day_box("due-on", f.due_on if f else today + timedelta(days=7))
        self.problems.add_row(self.form, _("By when"), self.due, "due_on")
        self.status = choice_box(FollowUpStatus, "status", f.status if f else None)
        self.problems.add_row(self.form, _("Status"), self.status, "status")
        self.school = school_box(
            records.profile.all(School), "school", f.school if f else None, _("(no school chosen)")
        )
        self.problems.add_row(
            self.form, _("Which school (for a request to the school)"), self.school, "school"
        )
        self.school_role = role_box(f.school_role if f else None)
        self.problems.add_row(
            self.form, _("Who at school it went to"), self.school_role, "school_role"
        )
        self.answered = QCheckBox(_("The school has answered"))
        self.answered.setObjectName("answered")
        self.answered.setChecked(bool(f and f.answered_on))
        self.problems.add_row(self.form, "", self.answered, "answered_on")
        self.answer = text_box("school-answer", f.school_answer if f else "", lines=2)
        self.problems.add_row(self.form, _("What the school did"), self.answer, "school_answer")
        self.watch(
            self.family,
            self.owner,
            self.what,
            self.due,
            self.status,
            self.school,
            self.school_role,
            self.answered,
            self.answer,
        )
        # The school's rows are for a request to the school only (build() keeps what they
        # say only then): shown when the school has to act, so nothing is chosen for nothing.
        self.owner.currentIndexChanged.connect(self._school_rows_follow_owner)
        self._school_rows_follow_owner()

    def _school_rows_follow_owner(self, *_index: object) -> None:
        for field in (self.school, self.school_role, self.answered, self.answer):
            self.set_row_visible(field, self.owner.chosen() is ActionOwner.SCHOOL)

    def build(self) -> list[Record]:
        f, today = self._follow_up, self._today
        owner = self.owner.chosen()
        status = self.status.chosen()
        if f and status is f.status:
            done_on = f.done_on  # the status was not changed: neither is its date
        elif status is FollowUpStatus.DONE:
            done_on = f.done_on if f and f.done_on else today
        else:
            done_on = None
        if owner is ActionOwner.SCHOOL:
            school, answer = chosen_data(self.school), typed_text(self.answer)
            role = role_in(self.school_role)
            answered = self.answered.isChecked()
            answered_on = (f.answered_on if f and f.answered_on else today) if answered else None
        elif f and not f.is_school_request:
            # Not a request to the school, then or now: what it says about a school is kept
            # as it was (those fields are for requests to the school).
            school, answer, answered_on = f.school, f.school_answer, f.answered_on
            role = f.school_role
        else:
            school, answer, answered_on, role = None, "", None, None
        shown: dict[str, Any] = {
            "family": chosen_data(self.family),
            "owner": owner,
            "what": typed_text(self.what),
            "due_on": day_in(self.due),
            "status": status,
            "school": school,
            "school_role": role,
            "school_answer": answer,
            "answered_on": answered_on,
            "done_on": done_on,
        }
        if f is None:
            return [FollowUp(id=new_record_id(), raised_on=today, **shown)]
        return [replace(f, **shown)]


class ReferralForm(RecordDialog):
    def __init__(
        self,
        records: OpenRecords,
        referral: Referral | None,
        today: date,
        family_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(records, _("Referral"), parent, editing=referral)
        r, self._referral = referral, referral
        self.family = family_box(records, "family", r.family if r else family_id, optional=False)
        self.problems.add_row(self.form, _("Family"), self.family, "family")
        self.category = choice_box(AgencyCategory, "category", r.category if r else None)
        self.problems.add_row(self.form, _("Kind of help"), self.category, "category")
        self.agency = QComboBox()
        self.agency.setObjectName("agency")
        add_no_choice(self.agency, _("(no service chosen)"))
        for agency in sorted(records.profile.all(Agency), key=lambda a: a.name):
            self.agency.addItem(agency.name, agency.id)
        if r and r.agency and not choose_data(self.agency, r.agency):
            # A service no longer in the directory stays chosen: saving must not forget it.
            self.agency.addItem(_("A service no longer in the list"), r.agency)
            self.agency.setCurrentIndex(self.agency.count() - 1)
        self.problems.add_row(self.form, _("Service"), self.agency, "agency")
        self.made = day_box("made-on", r.made_on if r else today)
        self.problems.add_row(self.form, _("Date"), self.made, "made_on")
        # Asked, never assumed: a box left unticked used to save "no" without a word.
        self.consent = QComboBox()
        self.consent.setObjectName("consent")
        add_no_choice(self.consent, _("(please choose)"))
        # Text values: Qt compares a False in a line's data with the "" of the first.
        self.consent.addItem(_("Yes, the family agreed"), "yes")
        self.consent.addItem(_("No, not yet"), "no")
        if r is not None:
            choose_data(self.consent, "yes" if r.consent_given else "no")
        self.problems.add_row(
            self.form, _("Did the family agree to this referral?"), self.consent, "consent_given"
        )
        self.status = choice_box(ReferralStatus, "status", r.status if r else None)
        self.problems.add_row(self.form, _("Status"), self.status, "status")
        self.notes = text_box("notes", r.notes if r else "")
        self.problems.add_row(self.form, _("Notes"), self.notes, "notes")
        self.watch(
            self.family,
            self.category,
            self.agency,
            self.made,
            self.consent,
            self.status,
            self.notes,
        )

    def build(self) -> list[Record]:
        r = self._referral
        return [
            Referral(
                id=r.id if r else new_record_id(),
                family=chosen_data(self.family),
                category=self.category.chosen(),
                agency=chosen_data(self.agency),
                made_on=day_in(self.made),
                consent_given=self._consent_answer(),
                status=self.status.chosen(),
                notes=typed_text(self.notes),
            )
        ]

    def _consent_answer(self) -> bool:
        answer = chosen_data(self.consent)
        if answer not in ("yes", "no"):
            raise InvalidRecord(
                "consent_given",
                N_("Please say whether the family agreed to this referral: yes or no."),
            )
        return bool(answer == "yes")


class AgencyForm(RecordDialog):
    """A service in the directory: its public name and how to reach it (not personal data)."""

    def __init__(
        self, records: OpenRecords, agency: Agency | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(records, _("Service in the directory"), parent, editing=agency)
        self._agency = agency
        self.name = line_box("agency-name", agency.name if agency else "")
        self.problems.add_row(self.form, _("Name"), self.name, "name")
        self.category = choice_box(
            AgencyCategory, "agency-category", agency.category if agency else None
        )
        self.problems.add_row(self.form, _("Kind of help"), self.category, "category")
        self.reach = text_box("how-to-reach", agency.how_to_reach if agency else "", lines=2)
        self.problems.add_row(self.form, _("How to reach them"), self.reach, "how_to_reach")
        self.watch(self.name, self.category, self.reach)

    def build(self) -> list[Record]:
        base = self._agency or Agency(id=new_record_id(), name="-", category=AgencyCategory.OTHER)
        return [
            replace(
                base,
                name=self.name.text(),
                category=self.category.chosen(),
                how_to_reach=typed_text(self.reach),
            )
        ]


class VenueForm(RecordDialog):
    """A place where the mentor meets families: a name and a kind, never an address."""

    def __init__(
        self, records: OpenRecords, venue: Venue | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(records, _("A place where you meet families"), parent, editing=venue)
        self._venue = venue
        self.name = line_box("venue-name", venue.name if venue else "")
        self.name.setPlaceholderText(_("For example: Eastfield Community Centre"))
        self.problems.add_row(self.form, _("Name (no address)"), self.name, "name")
        self.category = choice_box(VenueCategory, "venue-kind", venue.category if venue else None)
        self.problems.add_row(self.form, _("Kind of place"), self.category, "category")
        self.watch(self.name, self.category)

    def build(self) -> list[Record]:
        return [
            Venue(
                id=self._venue.id if self._venue else new_record_id(),
                name=self.name.text(),
                category=self.category.chosen(),
            )
        ]
