"""Adding or changing a family."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from parentrus_desktop.domain import (
    Contact,
    EngagementPlan,
    Family,
    Record,
    School,
    new_record_id,
)
from parentrus_desktop.domain.family import new_family_code
from parentrus_desktop.domain.vocabulary import Barrier, ContactMethod, FamilyStatus
from parentrus_desktop.gui.children_editor import ChildrenEditor
from parentrus_desktop.gui.choosers import choice_box, choice_list, language_list
from parentrus_desktop.gui.record_dialog import RecordDialog, day_box, day_in, line_box, text_box
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import FieldProblem, typed_text, words
from parentrus_desktop.i18n import _


class FamilyForm(RecordDialog):
    def __init__(
        self,
        records: OpenRecords,
        family: Family | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            records,
            _("Change family details") if family else _("Add a family"),
            parent,
            editing=family,
        )
        self._family = family
        f = family
        code = f.code if f else new_family_code()
        self.code = words(code, "family-code")
        self.problems.add_row(
            self.form, _("Family code (shown instead of names in public)"), self.code, "code"
        )
        self.carers = line_box("carers", ", ".join(f.carers) if f else "")
        self.carers.setPlaceholderText(_("For example: Amina, Hassan"))
        self.problems.add_row(
            self.form, _("Parents or carers (first names)"), self.carers, "carers"
        )
        self.children_editor = ChildrenEditor(f.children if f else (), records.profile.all(School))
        self.children_editor.changed.connect(self._changed)
        self.problems.add_wide_row(
            self.form,
            _("Children"),
            self.children_editor,
            "children",
            "child_first_name",
            "year_group",
            "child_school",
        )
        self.languages = language_list("languages", f.languages if f else ())
        self.problems.add_row(self.form, _("Languages they speak"), self.languages, "languages")
        self.interpreter = QCheckBox(_("Needs an interpreter"))
        self.interpreter.setObjectName("interpreter")
        self.interpreter.setChecked(bool(f and f.interpreter_needed))
        self.problems.add_row(self.form, "", self.interpreter, "interpreter_needed")
        self.contact_method = choice_box(
            ContactMethod, "contact-method", f.contact.method if f else None
        )
        self.problems.add_row(
            self.form, _("Best way to reach them"), self.contact_method, "contact_method"
        )
        self.phone = line_box("phone", f.contact.phone if f else "")
        self.problems.add_row(self.form, _("Phone"), self.phone, "phone")
        if records.profile.training:
            # A real number is the surest sign a real family is being typed in.
            self.training_warning = FieldProblem()
            self.training_warning.setObjectName("training-phone-warning")
            self.form.addRow("", self.training_warning)
            opened_with = self.phone.text()  # the example families' numbers are made up
            self.phone.textChanged.connect(
                lambda typed: self._warn_in_training(typed if typed != opened_with else "")
            )
        self.best_times = line_box("best-times", f.contact.best_times if f else "")
        self.problems.add_row(self.form, _("Good times to call"), self.best_times, "best_times")
        self.aspirations = text_box("aspirations", f.aspirations if f else "")
        self.problems.add_row(self.form, _("Hopes for the child"), self.aspirations, "aspirations")
        self.barriers = choice_list("barriers", Barrier, f.barriers if f else ())
        self.problems.add_row(
            self.form, _("What makes school hard for them"), self.barriers, "barriers"
        )
        self.status = choice_box(FamilyStatus, "status", f.status if f else None)
        self.problems.add_row(self.form, _("Status"), self.status, "status")
        self.joined = day_box("joined-on", f.joined_on if f else today)
        self.problems.add_row(self.form, _("Joined on"), self.joined, "joined_on")
        self.goals = text_box("goals", f.plan.goals if f else "")
        self.problems.add_row(self.form, _("Plan: goals"), self.goals, "goals")
        self.strategies = text_box("strategies", f.plan.strategies if f else "")
        self.problems.add_row(
            self.form, _("Plan: how we will get there"), self.strategies, "strategies"
        )
        self.has_review = QCheckBox(_("Review the plan on a date"))
        self.has_review.setObjectName("has-review")
        self.has_review.setChecked(bool(f and f.plan.review_on))
        self.problems.add_row(self.form, "", self.has_review, "")
        self.review = day_box(
            "review-on", f.plan.review_on if f and f.plan.review_on else today + timedelta(days=90)
        )
        self.problems.add_row(self.form, _("Review date"), self.review, "review_on")
        self.notes = text_box("notes", f.notes if f else "", lines=5)
        self.problems.add_row(self.form, _("Notes"), self.notes, "notes")
        self._today = today
        self.watch(
            self.carers,
            self.languages,
            self.interpreter,
            self.contact_method,
            self.phone,
            self.best_times,
            self.aspirations,
            self.barriers,
            self.status,
            self.joined,
            self.goals,
            self.strategies,
            self.has_review,
            self.review,
            self.notes,
        )
        self.carers.setFocus()

    def _warn_in_training(self, phone: str) -> None:
        self.training_warning.say(
            _(
                "This is a training profile: make up the family and the phone number. "
                "Never type a real family here."
            )
            if phone.strip()
            else ""
        )

    def _carers(self) -> tuple[str, ...]:
        """The carers' names, split at commas; unchanged text gives back the names as they
        were (a name may hold a comma of its own)."""
        typed = self.carers.text()
        if self._family and typed == ", ".join(self._family.carers):
            return self._family.carers
        return tuple(n.strip() for n in typed.split(",") if n.strip())

    def build(self) -> list[Record]:
        f = self._family
        status = self.status.chosen()
        if f and status is f.status:
            closed_on = f.closed_on  # the status was not changed: neither is its date
        elif status is FamilyStatus.CLOSED:
            closed_on = f.closed_on if f and f.closed_on else self._today
        else:
            closed_on = None
        # Only what the form shows is taken from it; every other field (of the family, its
        # contact and its plan) is carried over from the record that was opened.
        contact: dict[str, Any] = {
            "method": self.contact_method.chosen(),
            "phone": self.phone.text(),
            "best_times": self.best_times.text(),
        }
        plan: dict[str, Any] = {
            "goals": typed_text(self.goals),
            "strategies": typed_text(self.strategies),
            "review_on": day_in(self.review) if self.has_review.isChecked() else None,
        }
        shown: dict[str, Any] = {
            "carers": self._carers(),
            "children": self.children_editor.read(),
            "languages": tuple(self.languages.ticked()),
            "interpreter_needed": self.interpreter.isChecked(),
            "contact": replace(f.contact, **contact) if f else Contact(**contact),
            "aspirations": typed_text(self.aspirations),
            "barriers": tuple(self.barriers.ticked()),
            "status": status,
            "joined_on": day_in(self.joined),
            "closed_on": closed_on,
            "plan": replace(f.plan, **plan) if f else EngagementPlan(**plan),
            "notes": typed_text(self.notes),
        }
        if f is None:
            return [Family(id=new_record_id(), code=self.code.text(), **shown)]
        return [replace(f, **shown)]
