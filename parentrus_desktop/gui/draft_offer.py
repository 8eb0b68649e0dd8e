"""After unlocking: "You were writing a session for … — carry on?" for each form that was
open and not saved when the app locked."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.i18n import _
from parentrus_desktop.operations.drafts import Draft

#: What each form is, in the mentor's words, by the form's name (a form not listed is "a form").
FORM_WORDS = {
    "SessionForm": N_("a session"),
    "FollowUpForm": N_("a follow-up"),
    "ReferralForm": N_("a referral"),
    "CelebrationForm": N_("something to celebrate"),
    "CheckInForm": N_("a check-in"),
    "ConsentForm": N_("a consent"),
    "MentorLogForm": N_("an entry in your log"),
    "WorryForm": N_("a note that you passed on a worry about a child"),
    "TalkThroughForm": N_("something to talk through with your manager"),
    # "You were writing about a place…": a place or a service is written about, not written.
    "VenueForm": N_("about a place where you meet families"),
    "AgencyForm": N_("about a service families can be sent to"),
}


def offer_words(records: OpenRecords, draft: Draft) -> str:
    """The question, naming the family as the app shows it now (its code only, with the
    privacy screen on)."""
    family = records.family(draft.family)
    if draft.form == "FamilyForm":
        if draft.editing is None or family is None:
            return _("You were adding a new family when the app locked. Carry on?")
        return _("You were changing the details of {family} when the app locked. Carry on?").format(
            family=records.family_label(family)
        )
    what = _(FORM_WORDS.get(draft.form, N_("a form")))
    if family is None:
        return _("You were writing {what} when the app locked. Carry on?").format(what=what)
    return _("You were writing {what} for {family} when the app locked. Carry on?").format(
        what=what, family=records.family_label(family)
    )


class DraftOffer(QMessageBox):
    """Carry on (reopen the form as it was), Later (ask again at the next unlock; also
    what closing it does) or No (delete what was typed)."""

    def __init__(self, records: OpenRecords, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.setObjectName("draft-offer")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(_("Not saved when the app locked"))
        self.setText(offer_words(records, draft))
        kept = _(
            "What you typed was kept locked away. If you say no, it is deleted. "
            "If you do nothing for a week, it is deleted too."
        )
        if draft.had_older:
            kept += "\n\n" + _(
                "You had also started changing this before, and not saved it. Only the "
                "newest text is kept; the older one was deleted."
            )
        self.setInformativeText(kept)
        self.carry_on: QPushButton = self.addButton(
            _("Carry on"), QMessageBox.ButtonRole.AcceptRole
        )
        self.carry_on.setObjectName("draft-carry-on")
        self.decline: QPushButton = self.addButton(
            _("No, delete it"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.decline.setObjectName("draft-decline")
        self.later: QPushButton = self.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
        self.later.setObjectName("draft-later")
        self.setDefaultButton(self.carry_on)
        self.setEscapeButton(self.later)

    def answer(self) -> str:
        """ "carry on", "no", or "later" (closed without choosing)."""
        clicked = self.clickedButton()
        if clicked is self.carry_on:
            return "carry on"
        if clicked is self.decline:
            return "no"
        return "later"
