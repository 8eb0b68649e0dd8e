"""Forms for progress and for the mentor: celebrations, check-ins, and the mentor's own log."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import (
    Celebration,
    CheckIn,
    Consent,
    MentorLogEntry,
    Record,
    new_record_id,
)
from parentrus_desktop.domain.consent_words import consent_words
from parentrus_desktop.domain.validation import InvalidRecord
from parentrus_desktop.domain.vocabulary import (
    CelebrationCategory,
    CheckInQuestion,
    ConsentMethod,
    ConsentScope,
    MentorLogKind,
)
from parentrus_desktop.gui.celebration_card import CelebrationCard
from parentrus_desktop.gui.choosers import choice_box, chosen_data, family_box
from parentrus_desktop.gui.consent_words_box import ConsentWordsBox
from parentrus_desktop.gui.family_handout import HandoutDialog
from parentrus_desktop.gui.record_dialog import RecordDialog, day_box, day_in, text_box
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import MinutesBox, big_button, typed_text, words
from parentrus_desktop.i18n import _, has_catalog
from parentrus_desktop.labels import COMMON_LANGUAGES, label
from parentrus_desktop.language_names import both_names


class CelebrationForm(RecordDialog):
    def __init__(
        self,
        records: OpenRecords,
        celebration: Celebration | None,
        today: date,
        family_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(records, _("Something to celebrate"), parent, editing=celebration)
        c, self._celebration = celebration, celebration
        self.family = family_box(records, "family", c.family if c else family_id, optional=False)
        self.problems.add_row(self.form, _("Family"), self.family, "family")
        self.category = choice_box(CelebrationCategory, "category", c.category if c else None)
        self.problems.add_row(self.form, _("What happened"), self.category, "category")
        self.on = day_box("on", c.on if c else today)
        # Translators: a form field: the day it happened
        self.problems.add_row(self.form, _("Date"), self.on, "on")
        self.notes = text_box("notes", c.notes if c else "")
        self.problems.add_row(self.form, _("Notes"), self.notes, "notes")
        self.watch(self.family, self.category, self.on, self.notes)
        # A card for the family, from what the form holds now (printing saves nothing).
        self.card: CelebrationCard | None = None
        print_card = big_button(_("Print a card"), "print-card")
        print_card.setToolTip(_("A card for the family, in their language, to print."))
        print_card.clicked.connect(self.print_card)
        if records.privacy:  # the card greets the family by name
            print_card.setEnabled(False)
            print_card.setToolTip(_("Turn off the privacy screen to see or change names."))
        self.buttons.insertWidget(0, print_card)

    def print_card(self) -> CelebrationCard | None:
        """Show the card for this celebration, ready to print."""
        try:
            celebration = self.build()[0]
        except InvalidRecord as problem:
            self.problems.show(problem)
            return None
        assert isinstance(celebration, Celebration)
        family = self.records.family(celebration.family)
        if family is None:
            return None
        self.card = CelebrationCard(family, celebration, self)
        self.card.open()
        return self.card

    def build(self) -> list[Record]:
        c = self._celebration
        return [
            Celebration(
                id=c.id if c else new_record_id(),
                family=chosen_data(self.family),
                category=self.category.chosen(),
                on=day_in(self.on),
                notes=typed_text(self.notes),
            )
        ]


class CheckInForm(RecordDialog):
    """The parent's own rating, 1 (not at all) to 5 (very much), on six statements.
    A statement the parent would rather not answer is left on 'no answer'."""

    def __init__(
        self,
        records: OpenRecords,
        check_in: CheckIn | None,
        today: date,
        family_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(records, _("Check-in"), parent, editing=check_in)
        c, self._check_in = check_in, check_in
        self.family = family_box(records, "family", c.family if c else family_id, optional=False)
        self.problems.add_row(self.form, _("Family"), self.family, "family")
        self.on = day_box("on", c.on if c else today)
        self.problems.add_row(self.form, _("Date"), self.on, "on")
        self.answers: dict[CheckInQuestion, QButtonGroup] = {}
        for question in CheckInQuestion:
            row = QHBoxLayout()
            group = QButtonGroup(self)
            # The ends of the scale say what they mean, on every statement: a parent
            # reading "1" or "5" alone cannot tell which end is "very much". Said on a
            # line under the buttons, as the row has no room to spare at 150%.
            ends = {1: _("not at all"), 5: _("very much")}
            choices = [(0, _("No answer")), *((n, str(n)) for n in range(1, 6))]
            for value, text in choices:
                button = QRadioButton(text)
                button.setObjectName(f"{question.value}-{value}")
                spoken = f"{text} ({ends[value]})" if value in ends else text
                button.setAccessibleName(f"{label(question)}: {spoken}")
                group.addButton(button, value)
                row.addWidget(button)
            chosen = c.answers.get(question, 0) if c else 0
            group.button(chosen).setChecked(True)
            group.idToggled.connect(self._changed)
            self.answers[question] = group
            scale = words(
                _("1 = {low} … 5 = {high}").format(low=ends[1], high=ends[5]),
                f"{question.value}-scale",
            )
            field = QVBoxLayout()
            field.setSpacing(0)
            field.addLayout(row)
            field.addWidget(scale)
            self.problems.add_row(self.form, label(question), field, question.value)
        self.problems.add_row(self.form, "", QWidget(), "answers")
        self.notes = text_box("notes", c.notes if c else "")
        self.problems.add_row(self.form, _("Notes"), self.notes, "notes")
        self.watch(self.family, self.on, self.notes)

    def build(self) -> list[Record]:
        c = self._check_in
        answers = {q: g.checkedId() for q, g in self.answers.items() if g.checkedId() > 0}
        return [
            CheckIn(
                id=c.id if c else new_record_id(),
                family=chosen_data(self.family),
                on=day_in(self.on),
                answers=answers,
                notes=typed_text(self.notes),
            )
        ]


class MentorLogForm(RecordDialog):
    """The mentor's own log: supervision, training, wellbeing. About no family."""

    def __init__(
        self,
        records: OpenRecords,
        entry: MentorLogEntry | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(records, _("My log"), parent, editing=entry)
        e, self._entry = entry, entry
        self.kind = choice_box(MentorLogKind, "entry-kind", e.entry_kind if e else None)
        self.problems.add_row(self.form, _("What it was"), self.kind, "entry_kind")
        self.on = day_box("on", e.on if e else today)
        self.problems.add_row(self.form, _("Date"), self.on, "on")
        self.minutes = MinutesBox(
            "minutes", e.minutes if e else 60, lowest=0, highest=24 * 60, step=15
        )
        self.problems.add_row(self.form, _("How long"), self.minutes, "minutes")
        self.notes = text_box("notes", e.notes if e else "", lines=5)
        self.problems.add_row(self.form, _("Notes"), self.notes, "notes")
        self.watch(self.kind, self.on, self.minutes, self.notes)

    def build(self) -> list[Record]:
        e = self._entry
        return [
            MentorLogEntry(
                id=e.id if e else new_record_id(),
                entry_kind=self.kind.chosen(),
                on=day_in(self.on),
                minutes=self.minutes.value(),
                notes=typed_text(self.notes),
            )
        ]


class ConsentForm(RecordDialog):
    """A consent the family gives (or refuses), in the words and language used. Given
    ``consent``, it shows that one to correct; what it does not show (the referral it
    covers, the day it was withdrawn) stays as it was."""

    def __init__(
        self,
        records: OpenRecords,
        family_id: str,
        today: date,
        parent: QWidget | None = None,
        *,
        consent: Consent | None = None,
    ) -> None:
        super().__init__(records, _("Record consent"), parent, editing=consent)
        family = records.family(family_id)
        self._family_id = family_id
        self._consent = c = consent
        self.scope = choice_box(ConsentScope, "scope", c.scope if c else None)
        self.problems.add_row(self.form, _("What it is about"), self.scope, "scope")
        self.language = QComboBox()
        self.language.setObjectName("consent-language")
        spoken = family.languages if family else ()
        # A new consent starts in the family's first language the app has words for.
        first = [t for t in spoken if has_catalog(t)][:1]
        tags = [*([c.language] if c else first), *spoken]
        for tag in dict.fromkeys([*tags, *COMMON_LANGUAGES]):
            self.language.addItem(both_names(tag), tag)
        self.problems.add_row(
            self.form, _("Language of the consent words"), self.language, "language"
        )
        # The words themselves, to read out; the version saved is theirs (see _version).
        self.words = ConsentWordsBox()
        self.form.addRow(self.words)  # across the whole form: there is much to read
        self.scope.currentIndexChanged.connect(self._show_words)
        self.language.currentIndexChanged.connect(self._show_words)
        self._show_words()
        self.agreed = QCheckBox(_("The family said yes"))
        self.agreed.setObjectName("agreed")
        self.agreed.setChecked(c.agreed if c else True)
        self.problems.add_row(self.form, "", self.agreed, "agreed")
        self.method = choice_box(ConsentMethod, "method", c.method if c else None)
        self.problems.add_row(self.form, _("How it was given"), self.method, "method")
        self.given = day_box("given-on", c.given_on if c else today)
        self.problems.add_row(self.form, _("Date"), self.given, "given_on")
        self.limits = text_box(
            "school-contact-limits", c.school_contact_limits if c else "", lines=2
        )
        self.problems.add_row(
            self.form,
            _("How far you may speak to the school for them"),
            self.limits,
            "school_contact_limits",
        )
        self.watch(
            self.scope,
            self.agreed,
            self.method,
            self.language,
            self.given,
            self.limits,
        )
        # The page to leave with the family, in the language the words are read in
        # (printing saves nothing).
        self._today = today
        self.handout: HandoutDialog | None = None
        handout = big_button(_("Print the handout for the family"), "print-handout")
        handout.setToolTip(
            _("One page for the family: what you keep, what the school sees, their rights.")
        )
        handout.clicked.connect(self.print_handout)
        self.buttons.insertWidget(0, handout)

    def print_handout(self) -> HandoutDialog:
        """The handout for this family, in the language of the consent words."""
        family = self.records.family(self._family_id)
        self.handout = HandoutDialog(
            self.records, family, self._today, self, language=self.language.currentData()
        )
        self.handout.open()
        return self.handout

    def build(self) -> list[Record]:
        shown: dict[str, Any] = {
            "scope": self.scope.chosen(),
            "agreed": self.agreed.isChecked(),
            "wording_version": self.wording_version(),
            "language": self.language.currentData(),
            "given_on": day_in(self.given),
            "method": self.method.chosen(),
            "school_contact_limits": typed_text(self.limits),
        }
        if self._consent is not None:
            return [replace(self._consent, **shown)]
        return [Consent(id=new_record_id(), family=self._family_id, **shown)]

    def wording_version(self) -> str:
        """The version of the words this consent was given with: a saved consent keeps
        its own while it stays about the same thing; otherwise today's for the scope."""
        scope = self.scope.chosen()
        if self._consent is not None and scope is self._consent.scope:
            return self._consent.wording_version
        return consent_words(scope).version

    def _show_words(self, *_why: object) -> None:
        self.words.show_words(
            self.scope.chosen(), self.language.currentData(), self.wording_version()
        )
