"""Adding or changing a family."""

from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QWidget

from parentrus_desktop.domain import (
    Child,
    Contact,
    EngagementPlan,
    Family,
    Record,
    new_record_id,
)
from parentrus_desktop.domain.family import new_family_code
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.domain.vocabulary import Barrier, ContactMethod, FamilyStatus
from parentrus_desktop.gui.choosers import choice_box, choice_list, language_list
from parentrus_desktop.gui.record_dialog import RecordDialog, day_box, line_box, text_box
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import words
from parentrus_desktop.i18n import _
from parentrus_desktop.labels import RECEPTION

# "Ayaan 3", "Idil (5)", "Sara Reception" or "Sara R": a space comes before the year.
_CHILD = re.compile(r"^\s*(?P<name>.*?)(?:\s+\(?(?P<year>\d{1,2}|(?i:reception)|R)\)?)?\s*$")


def read_children(text: str) -> tuple[Child, ...]:
    """'Ayaan 3, Idil 5' -> two children with year groups; the number is optional."""
    children = []
    for part in text.split(","):
        if not part.strip():
            continue
        match = _CHILD.match(part)
        assert match is not None  # the pattern matches any text
        year = match["year"]
        if not match["name"]:
            raise InvalidRecord("children", N_("Each child needs a first name."))
        if year is None:
            year_group = None
        elif year.isdigit():
            year_group = int(year)
        else:  # "Reception" (or "R"), the year before Year 1
            year_group = RECEPTION
        children.append(Child(first_name=match["name"], year_group=year_group))
    return tuple(children)


def show_children(children: tuple[Child, ...]) -> str:
    return ", ".join(
        c.first_name
        + (
            ""
            if c.year_group is None
            else " Reception"
            if c.year_group == RECEPTION
            else f" {c.year_group}"
        )
        for c in children
    )


class FamilyForm(RecordDialog):
    def __init__(
        self,
        records: OpenRecords,
        family: Family | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            records, _("Change family details") if family else _("Add a family"), parent
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
        self.children = line_box("children", show_children(f.children) if f else "")
        self.children.setPlaceholderText(_("First name and school year, e.g. Ayaan 3, Idil 5"))
        self.problems.add_row(
            self.form, _("Children"), self.children, "children", "child_first_name", "year_group"
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
            self.children,
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

    def build(self) -> list[Record]:
        f = self._family
        status = self.status.chosen()
        closed_on = (
            (f.closed_on if f and f.closed_on else self._today)
            if status is FamilyStatus.CLOSED
            else None
        )
        family = Family(
            id=f.id if f else new_record_id(),
            code=self.code.text(),
            carers=tuple(n.strip() for n in self.carers.text().split(",") if n.strip()),
            children=read_children(self.children.text()),
            languages=tuple(self.languages.ticked()),
            interpreter_needed=self.interpreter.isChecked(),
            contact=Contact(
                method=self.contact_method.chosen(),
                phone=self.phone.text(),
                best_times=self.best_times.text(),
            ),
            aspirations=self.aspirations.toPlainText(),
            barriers=tuple(self.barriers.ticked()),
            barrier_other=f.barrier_other if f else "",
            status=status,
            joined_on=self.joined.date().toPython(),
            closed_on=closed_on,
            plan=EngagementPlan(
                goals=self.goals.toPlainText(),
                strategies=self.strategies.toPlainText(),
                review_on=self.review.date().toPython() if self.has_review.isChecked() else None,
            ),
            notes=self.notes.toPlainText(),
        )
        return [family]
