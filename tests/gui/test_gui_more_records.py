"""Follow-ups, requests to the school, referrals, celebrations, check-ins and My log."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile

from parentrus_desktop.domain import (
    Agency,
    Celebration,
    CheckIn,
    FollowUp,
    MentorLogEntry,
    Referral,
)
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    CelebrationCategory,
    CheckInQuestion,
    FollowUpStatus,
    MentorLogKind,
    ReferralStatus,
)
from parentrus_desktop.gui.record_dialog import RecordDialog
from parentrus_desktop.gui.widgets import FieldProblem
from parentrus_desktop.gui.window import MentorWindow

MakeWindow = Callable[..., MentorWindow]


def save(qtbot: QtBot, form: RecordDialog) -> list:  # type: ignore[type-arg]
    form.save_button.click()
    qtbot.waitUntil(
        lambda: (
            form.saved != []
            or any(p.isVisible() for p in form.findChildren(type(form.problems._general)))
        ),
        timeout=10_000,
    )
    return form.saved


def test_a_request_to_the_school_is_tracked_until_it_is_answered(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Bushra")
    form = workspace.open_follow_up(None, family.id)
    form.owner.choose(ActionOwner.SCHOOL)  # type: ignore[attr-defined]
    form.what.setPlainText("Send the reading scheme in Urdu")  # type: ignore[attr-defined]
    (request,) = save(qtbot, form)  # type: ignore[arg-type]
    page = workspace.follow_ups_page
    page.filter.setCurrentIndex(2)  # waiting for the school to answer
    assert page.model.rows == [request]

    answer = workspace.open_follow_up(request)
    answer.answered.setChecked(True)  # type: ignore[attr-defined]
    answer.answer.setPlainText("Sent home in Urdu on Monday")  # type: ignore[attr-defined]
    answer.status.choose(FollowUpStatus.DONE)  # type: ignore[attr-defined]
    (answered,) = save(qtbot, answer)  # type: ignore[arg-type]
    assert isinstance(answered, FollowUp) and answered.school_has_answered
    assert answered.id == request.id and page.model.rows == []
    page.filter.setCurrentIndex(1)  # every request to the school
    assert page.model.rows == [answered]


def test_mark_as_done_from_the_list(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    form = workspace.open_follow_up(None)
    form.what.setPlainText("Find the homework club times")  # type: ignore[attr-defined]
    (follow_up,) = save(qtbot, form)  # type: ignore[arg-type]
    page = workspace.follow_ups_page
    page.table.selectRow(0)
    page._act(workspace._mark_done)
    qtbot.waitUntil(lambda: page.model.rows == [], timeout=10_000)
    assert window.records is not None
    (done,) = window.records.profile.all(FollowUp)
    assert done.id == follow_up.id and done.status is FollowUpStatus.DONE
    # One click, so it says what it did, and a slip is put right with Undo.
    assert workspace.message_bar.text() == "Follow-up marked as done."
    workspace.message_bar.undo_button.click()
    qtbot.waitUntil(lambda: page.model.rows == [follow_up], timeout=10_000)
    assert window.records.profile.get(follow_up.id) == follow_up


def test_a_referral_to_a_service_in_the_directory(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Marek")
    agency_form = workspace.open_agency(None)
    agency_form.name.setText("ESOL at the college")  # type: ignore[attr-defined]
    agency_form.category.choose(AgencyCategory.LANGUAGE_CLASSES)  # type: ignore[attr-defined]
    (agency,) = save(qtbot, agency_form)  # type: ignore[arg-type]
    assert isinstance(agency, Agency)
    form = workspace.open_referral(None, family.id)
    form.category.choose(AgencyCategory.LANGUAGE_CLASSES)  # type: ignore[attr-defined]
    form.agency.setCurrentIndex(form.agency.findData(agency.id))  # type: ignore[attr-defined]
    form.status.choose(ReferralStatus.REFERRED)  # type: ignore[attr-defined]
    assert save(qtbot, form) == []  # not saved until "did the family agree?" is answered
    said = [p.text() for p in form.findChildren(FieldProblem) if p.isVisibleTo(form)]
    assert any("agreed to this referral: yes or no" in text for text in said)
    form.consent.setCurrentIndex(form.consent.findData("no"))  # type: ignore[attr-defined]
    assert save(qtbot, form) == []  # a referral needs the family's consent first
    form.consent.setCurrentIndex(form.consent.findData("yes"))  # type: ignore[attr-defined]
    (referral,) = save(qtbot, form)  # type: ignore[arg-type]
    assert referral.consent_given  # type: ignore[attr-defined]
    assert isinstance(referral, Referral) and referral.agency == agency.id
    texts = [
        workspace.referrals_page.model.data(workspace.referrals_page.model.index(0, c))
        for c in range(5)
    ]
    assert "ESOL at the college" in texts


def test_celebration_check_in_and_my_log(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Olena")
    celebration = workspace.open_celebration(None, family.id)
    celebration.category.choose(CelebrationCategory.FIRST_SCHOOL_MEETING)  # type: ignore[attr-defined]
    assert isinstance(save(qtbot, celebration)[0], Celebration)

    check_in = workspace.open_check_in(None, family.id)
    for question, group in check_in.answers.items():  # type: ignore[attr-defined]
        # Each statement says which end of the scale is which, on screen and when read out.
        scale = check_in.findChild(QLabel, f"{question.value}-scale")
        assert scale is not None and scale.text() == "1 = not at all … 5 = very much"
        assert group.button(1).accessibleName().endswith("1 (not at all)")
        assert group.button(5).accessibleName().endswith("5 (very much)")
    assert save(qtbot, check_in) == []  # at least one answer is needed
    check_in.answers[CheckInQuestion.FEELS_WELCOME].button(4).setChecked(True)  # type: ignore[attr-defined]
    check_in.answers[CheckInQuestion.TAKES_PART_IN_SCHOOL_LIFE].button(2).setChecked(True)  # type: ignore[attr-defined]
    (saved,) = save(qtbot, check_in)  # type: ignore[arg-type]
    assert isinstance(saved, CheckIn)
    assert saved.answers == {
        CheckInQuestion.FEELS_WELCOME: 4,
        CheckInQuestion.TAKES_PART_IN_SCHOOL_LIFE: 2,
    }

    entry = workspace.open_log_entry(None)
    entry.kind.choose(MentorLogKind.SUPERVISION)  # type: ignore[attr-defined]
    entry.notes.setPlainText("Talked through a hard home visit")  # type: ignore[attr-defined]
    assert isinstance(save(qtbot, entry)[0], MentorLogEntry)
    assert len(workspace.my_log_page.model.rows) == 1
    assert len(workspace.celebrations_page.model.rows) == 1
    assert len(workspace.check_ins_page.model.rows) == 1


def test_consent_is_recorded_and_withdrawn_in_one_action(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    from PySide6.QtWidgets import QAbstractButton

    from parentrus_desktop.domain import Consent
    from parentrus_desktop.domain.vocabulary import ConsentScope
    from parentrus_desktop.gui.progress_forms import ConsentForm

    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Selam")
    workspace.open_family(family.id)
    page = workspace.family_page
    assert page is not None
    page.findChild(QAbstractButton, "record-consent").click()
    (form,) = [d for d in workspace._dialogs if isinstance(d, ConsentForm)]
    form.scope.choose(ConsentScope.COUNTED)
    (consent,) = save(qtbot, form)
    assert isinstance(consent, Consent) and consent.language == "ar"  # the family's language
    workspace.family_page.findChild(QAbstractButton, "withdraw-consent").click()  # type: ignore[union-attr]
    assert window.records is not None
    qtbot.waitUntil(
        lambda: window.records.profile.get(consent.id).withdrawn_on is not None,  # type: ignore[union-attr]
        timeout=10_000,
    )
    # The page is rebuilt when the save lands; the old one goes at the next event loop turn.
    qtbot.waitUntil(
        lambda: workspace.family_page.findChild(QAbstractButton, "withdraw-consent") is None,  # type: ignore[union-attr]
        timeout=10_000,
    )
    # One click, so it says what it did, with Undo: the consent is in force again.
    assert workspace.message_bar.text() == "Consent withdrawn."
    workspace.message_bar.undo_button.click()
    qtbot.waitUntil(lambda: window.records.profile.get(consent.id) == consent, timeout=10_000)  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: workspace.family_page.findChild(QAbstractButton, "withdraw-consent") is not None,  # type: ignore[union-attr]
        timeout=10_000,
    )
    assert workspace.message_bar.text() == "Undone: Consent is as it was before."


def test_a_follow_up_is_added_from_the_session_form(qtbot: QtBot, make_window: MakeWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton

    from parentrus_desktop.gui.action_forms import FollowUpForm

    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Tesfay")
    session = workspace.log_session(family)
    session.findChild(QAbstractButton, "save-then-follow_up").click()
    qtbot.waitUntil(
        lambda: any(isinstance(d, FollowUpForm) for d in workspace._dialogs), timeout=10_000
    )
    (follow_up,) = [d for d in workspace._dialogs if isinstance(d, FollowUpForm)]
    assert follow_up.family.currentData() == family.id
    follow_up.what.setPlainText("Ask about the after-school club")
    assert len(save(qtbot, follow_up)) == 1


def test_everything_about_a_family_is_saved_to_a_private_file(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: object
) -> None:
    import stat
    from pathlib import Path

    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Huda", "likes the library on Tuesdays")
    target = Path(str(tmp_path)) / "huda.txt"
    workspace.export_family(family, target)
    qtbot.waitUntil(lambda: workspace.notice.isVisible(), timeout=10_000)
    text = target.read_text()
    assert "Huda" in text and family.code in text and "likes the library" in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert workspace.notice.text() == "Saved to huda.txt."


def test_a_new_place_is_offered_when_logging_a_session(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    from parentrus_desktop.domain import Venue
    from parentrus_desktop.domain.vocabulary import VenueCategory

    window = make_window()
    workspace = create_first_profile(qtbot, window)
    form = workspace.open_venue(None)
    form.name.setText("Hillside Library")  # type: ignore[attr-defined]
    form.category.choose(VenueCategory.LIBRARY)  # type: ignore[attr-defined]
    (venue,) = save(qtbot, form)  # type: ignore[arg-type]
    assert isinstance(venue, Venue)
    assert [v.name for v in workspace.places_page.model.rows] == ["Hillside Library"]
    session = workspace.log_session()
    assert session.venue.findText("Hillside Library") >= 0
    session.discard()
