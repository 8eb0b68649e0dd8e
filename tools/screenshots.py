"""Render every screen of the app to PNG, in English and Arabic, for review and the README.

Run: make screenshots   (writes docs/screenshots/<language>/<screen>.png in the light
theme, and docs/screenshots/<theme>/<language>/<screen>.png in the others)
     make screenshots-languages   (the five key screens, in every shipped language)
With --languages X, the pages printed for a family (who to ask, the handout in its window
and as it prints on A4, the school words) are taken for an X-speaking family too, besides
the Arabic- and English-speaking ones, so a translator sees their own language's pages.
Uses a throwaway data folder with a training profile of invented families.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from babel import Locale
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton, QScrollArea, QWidget

from parentrus_desktop.domain import (
    Celebration,
    Child,
    Family,
    FollowUp,
    School,
    Session,
    StaffMember,
    TalkThrough,
    WorryPassedOn,
    new_record_id,
)
from parentrus_desktop.domain.progress import CheckIn
from parentrus_desktop.domain.safeguarding import PassedOnTo
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    CelebrationCategory,
    SessionKind,
    SessionStatus,
    StaffRole,
    VenueCategory,
)
from parentrus_desktop.gui.app import make_window
from parentrus_desktop.gui.crash_dialog import CrashDialog, crash_details
from parentrus_desktop.gui.family_handout import HandoutDialog, draw_page, laid_out_on_a4
from parentrus_desktop.gui.first_run import FirstRunScreen, RecoveryKeyStep
from parentrus_desktop.gui.keys_dialog import CHANGE_PASSPHRASE
from parentrus_desktop.gui.language import available_languages
from parentrus_desktop.gui.progress_forms import ConsentForm
from parentrus_desktop.gui.record_dialog import RecordDialog
from parentrus_desktop.gui.safeguarding import WorryForm
from parentrus_desktop.gui.session_form import SessionForm
from parentrus_desktop.gui.sync_sender import SyncState
from parentrus_desktop.gui.theme import apply_theme, theme_names
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.i18n import current_language
from parentrus_desktop.operations.demo_data import DemoSize, demo_records
from parentrus_desktop.operations.safeguarding import set_steps
from parentrus_desktop.operations.session_defaults import remember_length
from parentrus_desktop.outbox.connection import SchoolConnection
from parentrus_desktop.outbox.outbox import OutboxEntry, ReportState
from parentrus_desktop.store.profiles import create_profile
from parentrus_desktop.vault.kdf import KdfParameters

TODAY = date(2026, 11, 22)
PASSPHRASE = "we meet for tea on fridays"  # noqa: S105 - invented profile for pictures
SIZE = (1100, 760)
#: A session form's size on a 1366x768 laptop (record_dialog.fitting_size).
LAPTOP_FORM = (720, 720)
#: When the session in the pictures is logged: its start is rounded down to 11:30.
LOGGED_AT = time(11, 44)
THEME = ["light"]
#: What an invented mentor flags to talk through with their manager, in their language.
FLAG_WORDS = {
    "en": (
        "She asked me to come with her to the school about the bullying. Is that my place?",
        "I feel I promised too much about the housing letter.",
    ),
    "ar": (
        "طلبت مني أن أذهب معها إلى المدرسة بسبب التنمر. هل هذا من دوري؟",
        "أشعر أنني وعدت بأكثر مما أستطيع بشأن رسالة السكن.",
    ),
}  # the theme being shot; main() goes through them


def settle() -> None:
    for _ in range(3):
        QThreadPool.globalInstance().waitForDone(10_000)
        QCoreApplication.processEvents()


#: The five screens the README shows first: with --key-screens, only these, for checking
#: each language's words at a glance (docs/screenshots/<language>/).
KEY_SCREENS = (
    "05-today",
    "07-family",
    "08-log-session",
    "11-privacy-screen",
    "13-what-the-school-sees",
)
ONLY: set[str] = set()


def grab(widget: QWidget, folder: Path, name: str) -> None:
    if ONLY and name not in ONLY:
        return
    settle()
    widget.grab().save(str(folder / f"{name}.png"))
    print(folder / f"{name}.png")


def fast_window(data_dir: Path, language: str) -> MentorWindow:
    window = make_window(data_dir, language)
    apply_theme(THEME[0])  # over the saved choice: a fresh folder would follow the system
    window.context.make_kdf = lambda: KdfParameters(salt=os.urandom(16))
    window.context.today = lambda: TODAY
    window.resize(*SIZE)
    window.show()
    return window


def shoot(language: str, out: Path) -> None:
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as empty:
        window = fast_window(Path(empty), language)
        window.context.preferences.set("language", "")
        window.show_first_run(can_go_back=False)
        grab(window, folder, "01-choose-language")
        window.context.preferences.set("language", language)
        window.show_first_run(can_go_back=False)
        grab(window, folder, "02-create-profile")
        first = window.current_screen
        assert isinstance(first, FirstRunScreen)
        key_step = RecoveryKeyStep("5IYP-T3ZQ-WXCA-3SSO-72Z4-G73U-6QRO-Y3CH-IXLI")
        first.addWidget(key_step)
        first.setCurrentWidget(key_step)
        grab(window, folder, "03-recovery-key")
        window.close()
    with tempfile.TemporaryDirectory() as data:
        profile, _ = create_profile(
            Path(data), "Hodan", PASSPHRASE, kdf=KdfParameters(salt=os.urandom(16))
        )
        profile.save(*demo_records(DemoSize(14, 160), seed=3, today=TODAY))
        profile.lock()
        other, _ = create_profile(
            Path(data), "Agnieszka", PASSPHRASE, kdf=KdfParameters(salt=os.urandom(16))
        )
        other.lock()
        window = fast_window(Path(data), language)
        grab(window, folder, "04-profile-picker")
        shoot_help(window, folder)
        picker = window.current_screen
        picker.profiles.setCurrentRow(1)  # type: ignore[attr-defined]
        picker.passphrase.setText(PASSPHRASE)  # type: ignore[attr-defined]
        picker.unlock()  # type: ignore[attr-defined]
        settle()
        workspace = window.workspace
        assert workspace is not None
        grab(window, folder, "05-today")
        workspace.show_page(workspace.families_page)
        grab(window, folder, "06-families")
        family = workspace.families_page.model.family_at(0)
        workspace.open_family(family.id)
        grab(window, folder, "07-family")
        shoot_check_ins(window, workspace, folder, back_to=family)
        remember_length(workspace.records.profile, 45)  # the mentor's last session's length
        steps: list[tuple[str, Callable[[], QWidget]]] = [
            ("08-log-session", lambda: log_session_at(workspace, family, LOGGED_AT)),
            ("09-add-family", lambda: workspace.edit_family(None)),
            ("28-log-session-when", lambda: log_session_scrolled(workspace, family)),
        ]
        for name, open_dialog in steps:
            dialog = open_dialog()
            grab(dialog, folder, name)
            dialog.discard()  # type: ignore[attr-defined]
        search = workspace.open_search()
        search.query.setText(family.carers[0][:4])
        grab(search, folder, "10-search")
        search.reject()
        workspace.privacy.setChecked(True)
        workspace.show_page(workspace.families_page)
        grab(window, folder, "11-privacy-screen")
        workspace.privacy.setChecked(False)
        workspace.show_page(workspace.settings_page)
        grab(window, folder, "12-settings")
        workspace.show_page(workspace.school_page)
        grab(window, folder, "13-what-the-school-sees")
        if ONLY:  # the key screens are all taken
            window.lock()
            window.close()
            return
        counted = workspace.show_counted(family)
        grab(counted, folder, "14-what-is-counted")
        counted.reject()
        shoot_safeguarding(window, workspace, family, folder)
        shoot_sending(workspace, folder)
        shoot_supervision(workspace, family, folder)
        shoot_corrections(window, workspace, family, folder)
        shoot_something_went_wrong(window, folder)
        assert window.workspace is not None  # unlocked again after the draft
        shoot_card_and_consent(window.workspace, language, folder)
        shoot_school_staff(window.workspace, language, folder)
        shoot_glossary(window.workspace, language, folder)
        window.lock()
        window.close()
        assert isinstance(family, Family)


def shoot_check_ins(
    window: MentorWindow, workspace: Workspace, folder: Path, back_to: Family
) -> None:
    """A family page scrolled to its chart of check-in answers over time (the family
    with the most check-in days), then back to the family the other pictures show."""
    days: dict[str, set[date]] = {}
    for check_in in workspace.records.profile.all(CheckIn):
        days.setdefault(check_in.family, set()).add(check_in.on)
    workspace.open_family(max(sorted(days), key=lambda family: len(days[family])))
    page = workspace.family_page
    assert page is not None
    settle()
    part = page.findChild(QWidget, "check-ins-over-time")
    assert isinstance(part, QWidget)
    page.verticalScrollBar().setValue(part.y())
    grab(window, folder, "30-family-check-ins")
    workspace.open_family(back_to.id)


#: The organisation's safeguarding steps in the pictures, in each language (invented).
SAFEGUARDING_STEPS = {
    "en": "If a child is in danger right now: call 999.\n"
    "Tell Dana, the programme's safeguarding lead, the same day: 07700 900456.\n"
    "Out of hours: the council's children's services, 0300 123 4567.\n"
    "Write down what you saw and heard, in the family's words.\n"
    "Do not promise to keep it secret. Do not investigate.",
    "ar": "إذا كان الطفل في خطر الآن: اتصل بالرقم 999.\n"
    "أخبر دانا، مسؤولة الحماية في البرنامج، في اليوم نفسه: 07700 900456.\n"
    "خارج ساعات العمل: خدمات الأطفال في البلدية، 0300 123 4567.\n"
    "اكتب ما رأيت وما سمعت، بكلمات العائلة.\n"
    "لا تَعِد بالكتمان. لا تحقّق بنفسك.",
}


def shoot_safeguarding(
    window: MentorWindow, workspace: Workspace, family: Family, folder: Path
) -> None:
    """The safeguarding dialog (the organisation's steps and the note that the worry was
    passed on), the family page's list of worries passed on, and the steps in Settings."""
    profile = workspace.records.profile
    for language, text in SAFEGUARDING_STEPS.items():
        set_steps(profile, language, text)
    dialog = WorryForm(workspace.records, None, TODAY, family.id, workspace, now=LOGGED_AT)
    dialog.resize(*LAPTOP_FORM)
    dialog.show()
    dialog.to.choose(PassedOnTo.PROGRAMME_LEAD)
    grab(dialog, folder, "36-worried-about-a-child")
    dialog.discard()
    profile.save(
        WorryPassedOn(
            id=new_record_id(),
            family=family.id,
            on=TODAY - timedelta(days=3),
            at=time(16, 5),
            to=PassedOnTo.PROGRAMME_LEAD,
        )
    )
    workspace.records.changed.emit({WorryPassedOn.kind})
    workspace.open_family(family.id)
    page = workspace.family_page
    assert page is not None
    settle()
    page.ensureWidgetVisible(page.findChild(QWidget, "worries-passed-on"))
    grab(window, folder, "37-family-worries-passed-on")
    workspace.show_page(workspace.settings_page)
    settings = workspace.settings_page
    settle()
    settings.scroller.ensureWidgetVisible(settings.safeguarding.save)
    grab(window, folder, "38-settings-safeguarding")
    settings.scroller.verticalScrollBar().setValue(0)


def log_session_at(workspace: Workspace, family: Family, now: time) -> SessionForm:
    """ "Log a session" on a family's page, as at ``now`` (the form starts from it)."""
    form = SessionForm(workspace.records, TODAY, family=family, now=now, parent=workspace)
    form.resize(*LAPTOP_FORM)
    form.show()
    return form


def log_session_scrolled(workspace: Workspace, family: Family) -> SessionForm:
    """The same form scrolled to its end: the start time, length and languages it starts
    from (see tests/gui/test_gui_fast_session.py for logging it in five clicks)."""
    form = log_session_at(workspace, family, LOGGED_AT)
    scroll = form.findChild(QScrollArea)
    assert isinstance(scroll, QScrollArea)
    settle()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    return form


def shoot_corrections(
    window: MentorWindow, workspace: Workspace, family: Family, folder: Path
) -> None:
    """Changing a family and a session, Today's questions, Undo, erasing, a draft kept
    at lock, and the keys in Settings."""
    profile = workspace.records.profile
    no_school = Family(
        id=new_record_id(),
        code="HQW-7K",
        carers=("Marisol",),
        children=(Child(first_name="Tomás", year_group=4),),
        joined_on=TODAY - timedelta(days=40),
    )
    planned = Session(
        id=new_record_id(),
        session_kind=SessionKind.ONE_TO_ONE,
        families=(family.id,),
        venue_category=VenueCategory.LIBRARY,
        on=TODAY - timedelta(days=2),
        starts_at=time(10, 0),
        minutes=45,
        status=SessionStatus.PLANNED,
    )
    follow_up = FollowUp(
        id=new_record_id(),
        family=family.id,
        owner=ActionOwner.MENTOR,
        what="Ring the school office about the trip letter",
        due_on=TODAY + timedelta(days=3),
        raised_on=TODAY,
    )
    profile.save(no_school, planned, follow_up)
    workspace.records.changed.emit({Family.kind, Session.kind, FollowUp.kind})
    workspace.show_page(workspace.today_page)
    grab(window, folder, "19-today-did-this-happen")
    form: RecordDialog = workspace.edit_family(family)
    grab(form, folder, "20-change-family")
    form.discard()
    session_form = workspace.open_session(planned)
    assert session_form is not None
    grab(session_form, folder, "21-change-session")
    session_form.discard()
    follow_up_form = workspace.open_follow_up(follow_up)
    assert isinstance(follow_up_form, RecordDialog) and follow_up_form.delete_button is not None
    follow_up_form.delete_button.click()
    settle()
    question = follow_up_form.delete_question
    assert question is not None
    grab(question, folder, "22-delete-question")
    yes = question.findChild(QPushButton, "delete-yes")
    assert isinstance(yes, QPushButton)
    yes.click()
    settle()
    grab(window, folder, "23-undo")
    erase = workspace.ask_erase(family)
    grab(erase, folder, "24-erase-family")
    erase.reject()
    workspace.show_page(workspace.settings_page)
    grab(window, folder, "25-settings-keys")
    keys = workspace.settings_page.open_keys(CHANGE_PASSPHRASE)
    assert keys is not None
    grab(keys, folder, "26-change-passphrase")
    keys.reject()
    writing = workspace.log_session(family)
    notes = writing.findChild(QPlainTextEdit, "notes")
    assert isinstance(notes, QPlainTextEdit)
    notes.setPlainText("Talked about the reading record and the school trip.")
    window.lock()
    settle()
    again = window.current_screen
    again.profiles.setCurrentRow(1)  # type: ignore[union-attr]
    again.passphrase.setText(PASSPHRASE)  # type: ignore[union-attr]
    again.unlock()  # type: ignore[union-attr]
    settle()
    assert window.workspace is not None
    offer = window.workspace.draft_offer
    assert offer is not None
    grab(offer, folder, "27-carry-on")
    offer.reject()


def shoot_card_and_consent(workspace: Workspace, language: str, folder: Path) -> None:
    """A celebration card and the consent words, for a family speaking the app's
    language, and a card for a family speaking the other (the app stays as it is)."""
    other = "en" if language == "ar" else "ar"
    shots = (
        (language, "40-celebration-card", "41-consent-words"),
        (other, "42-celebration-card-family-language", ""),
    )
    for speaks, card_name, consent_name in shots:
        family = Family(
            id=new_record_id(),
            code="AMY-4Q",
            carers=("Amina", "Yusuf"),
            languages=(speaks,),
            joined_on=TODAY - timedelta(days=60),
        )
        celebration = Celebration(
            id=new_record_id(),
            family=family.id,
            category=CelebrationCategory.FIRST_SCHOOL_MEETING,
            on=TODAY - timedelta(days=2),
        )
        workspace.records.profile.save(family, celebration)
        card = workspace.print_card(celebration)
        assert card is not None
        grab(card, folder, card_name)
        card.close()
        if consent_name:
            form = ConsentForm(workspace.records, family.id, TODAY, workspace)
            form.resize(*LAPTOP_FORM)
            form.show()
            grab(form, folder, consent_name)
            form.discard()


def shoot_supervision(workspace: Workspace, family: Family, folder: Path) -> None:
    """Issue 14's "talk this through with my manager": Today's list, the form, and the
    month's supervision summary with one flag's words ticked."""
    said = FLAG_WORDS.get(current_language(), FLAG_WORDS["en"])
    sessions = [
        s
        for s in workspace.records.profile.all(Session)
        if family.id in s.families and s.on <= TODAY
    ]
    session = max(sessions, key=lambda s: s.on) if sessions else None
    flags = [
        TalkThrough(
            id=new_record_id(),
            family=family.id,
            session=session.id if session else None,
            words=said[0],
            raised_on=TODAY - timedelta(days=3),
        ),
        TalkThrough(
            id=new_record_id(),
            family=family.id,
            words=said[1],
            raised_on=TODAY - timedelta(days=1),
        ),
    ]
    workspace.records.profile.save(*flags)
    workspace.records.changed.emit({TalkThrough.kind})
    workspace.show_page(workspace.today_page)
    settle()
    section = workspace.today_page.talk_through_section
    workspace.today_page.ensureWidgetVisible(section, 0, 200)
    grab(workspace.window(), folder, "32-today-talk-through")
    form = workspace.open_talk_through(None, family.id, session.id if session else None)
    assert isinstance(form, RecordDialog)
    form.words.setPlainText(flags[0].words)  # type: ignore[attr-defined]
    form.resize(*LAPTOP_FORM)
    grab(form, folder, "33-talk-through")
    form.discard()
    summary = workspace.open_supervision_summary()
    summary.ticks.item(0).setCheckState(Qt.CheckState.Checked)
    grab(summary, folder, "34-supervision-summary")
    summary.view.verticalScrollBar().setValue(summary.view.verticalScrollBar().maximum())
    grab(summary, folder, "35-supervision-summary-end")
    summary.accept()
    workspace.records.profile.delete(*flags)  # the later pictures are as they were
    workspace.records.changed.emit({TalkThrough.kind})
    settle()


def shoot_sending(workspace: Workspace, folder: Path) -> None:
    """The connect dialog, and the reports list with one report in each state. No hub runs
    here, so the states are set by hand on the panel: the pictures are for reading the
    words and the layout, not for checking sending (the tests do that)."""
    schools = sorted(workspace.records.profile.all(School), key=lambda s: s.name)
    dialog = workspace.connect_school(schools[0] if schools else None)
    dialog.code.setText("7KQM-2XWD-HPRA-93TF-")
    grab(dialog, folder, "15-connect-to-a-school")
    if not dialog.hub_address.text():
        dialog.hub_address.setText("https://hub.riverside.example.org")
    dialog.use_code()  # the code is short: the dialog says so, before any network
    grab(dialog, folder, "16-connect-wrong-code")
    dialog.reject()
    first, second = schools[0], schools[1] if len(schools) > 1 else schools[0]
    connected = datetime(2025, 9, 8, 10, 0, tzinfo=UTC)

    def link(school: School, revoked: bool) -> SchoolConnection:
        return SchoolConnection(
            school.id,
            school.name,
            "https://hub.example.org",
            "school",
            "device",
            "fingerprint",
            connected,
            revoked,
        )

    def entry(school: School, period: str, state: ReportState, code: str = "") -> OutboxEntry:
        received = datetime(2026, 9, 5, 9, 30, tzinfo=UTC)
        return OutboxEntry(
            school.id,
            school.name,
            period,  # terms: what schools ask for unless they choose months
            state,
            "",
            1 if state is ReportState.WAITING else 0,
            None,
            received if state is ReportState.RECEIVED else None,
            code,
        )

    state = SyncState(
        schools=schools,
        connections=[link(first, False), link(second, True)],
        entries=[
            entry(first, "2026-summer", ReportState.WAITING),
            entry(first, "2026-spring", ReportState.RECEIVED),
            entry(first, "2025-autumn", ReportState.REFUSED, "http-403"),
            entry(second, "2026-summer", ReportState.WAITING),
        ],
    )
    # Both pages listen to the sender: tell them, as a finished run would.
    workspace.sync_sender.state = state
    workspace.sync_sender.state_changed.emit(state)
    workspace.show_page(workspace.school_page)
    grab(workspace.window(), folder, "17-sending-reports")
    workspace.show_page(workspace.today_page)
    grab(workspace.window(), folder, "18-today-reports-waiting")


def shoot_something_went_wrong(window: MentorWindow, folder: Path) -> None:
    """The dialog for an error nobody caught, with an example's details."""
    try:
        raise ValueError("an example")
    except ValueError as error:
        dialog = CrashDialog(crash_details(error), window)
    dialog.show()
    grab(dialog, folder, "29-something-went-wrong")
    dialog.close()


def shoot_help(window: MentorWindow, folder: Path) -> None:
    """Help → About, and Help → User guide at a page with pictures (before unlocking)."""
    about = window.show_about()
    grab(about, folder, "55-about")
    about.close()
    guide = window.show_guide()
    guide.open_page("01-first-time.md")  # type: ignore[attr-defined]
    grab(guide, folder, "56-user-guide")
    guide.close()


def shoot_school_staff(workspace: Workspace, language: str, folder: Path) -> None:
    """Who to ask at school: a school's staff in the directory, the family page's part,
    a request to the school saying whom it went to, and the page printed for a family
    in their language (Arabic, English, and the app's language, so that a translator
    sees their own), whatever the app's language; the handout also as it prints on A4."""
    profile = workspace.records.profile
    school = sorted(profile.all(School), key=lambda s: s.name.casefold())[0]

    def member(role: StaffRole, name: str, reach: str) -> StaffMember:
        return StaffMember(id=new_record_id(), role=role, name=name, how_to_reach=reach)

    key = member(StaffRole.KEY_CONTACT, "Mr Diallo", "Family room, 8:30 to 9:30 each morning")
    okafor = member(StaffRole.CLASS_TEACHER, "Mrs Okafor", "Office phone, Tuesday mornings")
    hughes = member(StaffRole.CLASS_TEACHER, "Mr Hughes", "A note in the reading book")
    school = replace(
        school,
        staff=(
            key,
            okafor,
            hughes,
            member(StaffRole.HEAD_OF_YEAR, "Ms Begum", "Through the office"),
            member(StaffRole.SPECIAL_NEEDS_COORDINATOR, "Mrs Kowalska", "Office phone"),
            member(StaffRole.ATTENDANCE, "Mr Ahmed", "Attendance line, before 9am"),
        ),
    )
    family = Family(
        id=new_record_id(),
        code="AMR-4K",
        carers=("Amina",),
        children=(
            Child(first_name="Yusuf", school_id=school.id, year_group=3, class_teacher=okafor.id),
            Child(first_name="Mariam", school_id=school.id, year_group=5, class_teacher=hughes.id),
        ),
        languages=("ar", "en"),
        joined_on=TODAY - timedelta(days=60),
    )
    request = FollowUp(
        id=new_record_id(),
        family=family.id,
        owner=ActionOwner.SCHOOL,
        what="Ask whether Yusuf can have reading help",
        due_on=TODAY + timedelta(days=5),
        school=school.id,
        school_role=StaffRole.SPECIAL_NEEDS_COORDINATOR,
        raised_on=TODAY,
    )
    profile.save(school, family, request)
    workspace.records.changed.emit({School.kind, Family.kind, FollowUp.kind})
    form = workspace.open_school(school)
    grab(form, folder, "43-school-staff")
    form.discard()  # type: ignore[attr-defined]
    workspace.open_family(family.id)
    page = workspace.family_page
    assert page is not None
    settle()
    section = page.findChild(QWidget, "who-to-ask")
    assert isinstance(section, QWidget)
    page.ensureWidgetVisible(section, 0, 0)
    grab(workspace.window(), folder, "44-family-who-to-ask")
    for name, languages in family_languages(language):
        printed = workspace.print_who_to_ask(replace(family, languages=languages))
        grab(printed, folder, f"45-who-to-ask-printed-for-{a(name)}-speaking-family")
        printed.reject()
    for name, languages in family_languages(language):
        handout = workspace.print_handout(replace(family, languages=languages))
        grab(handout, folder, f"48-handout-for-{a(name)}-speaking-family")
        grab_printed(handout, folder, f"49-handout-printed-for-{a(name)}-speaking-family")
        handout.reject()
    asked = workspace.open_follow_up(request)
    grab(asked, folder, "46-request-to-whom")
    asked.discard()  # type: ignore[attr-defined]
    workspace.show_page(workspace.follow_ups_page)
    grab(workspace.window(), folder, "47-follow-ups-to-whom")


def family_languages(language: str) -> list[tuple[str, tuple[str, ...]]]:
    """The families the printed pages are shot for: (the language's English name, in
    file names, and the languages the family speaks). An Arabic- and an English-speaking
    family always (the README shows them), and one speaking the app's language, so a
    translator sees the pages a family gets in theirs."""
    families = [("arabic", ("ar", "en")), ("english", ("en",))]
    if language not in ("ar", "en"):
        name = Locale.parse(language).english_name or language
        families.append((name.lower().replace(" ", "-"), (language, "en")))
    return families


def a(name: str) -> str:
    """The article before a language's name in a file name: an-arabic, a-polish, and
    a-ukrainian (its "u" is said "you")."""
    return f"an-{name}" if name[0] in "aeio" else f"a-{name}"


def grab_printed(handout: HandoutDialog, folder: Path, name: str) -> None:
    """The handout as it prints: laid out on A4 and drawn as ``print_page`` draws it, with
    its margins, at 150 dpi on white: the whole page (the window shows only its top). A
    second page would be a fault: it is saved too, to be seen. The page is the same in
    every look (black on white paper): it is taken in the light theme only."""
    if (ONLY and name not in ONLY) or THEME[0] != "light":
        return
    settle()
    laid_out, area, printer = laid_out_on_a4(handout.view.document())
    scale = 150 / printer.resolution()
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    for number in range(laid_out.pageCount()):
        image = QImage(
            round(paper.width() * scale), round(paper.height() * scale), QImage.Format.Format_RGB32
        )
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.scale(scale, scale)
        painter.translate(area.topLeft())
        draw_page(laid_out, area, number, painter)
        painter.end()
        path = folder / (f"{name}-page-{number + 1}.png" if number else f"{name}.png")
        image.save(str(path))
        print(path)


def shoot_glossary(workspace: Workspace, language: str, folder: Path) -> None:
    """School words: the glossary page at a word, the organisation's own words in
    Settings, and the page printed for a family in Arabic, in English and in the app's
    language."""
    page = workspace.glossary_page
    workspace.show_page(page)
    page.show_word("word:SENCO")
    grab(workspace.window(), folder, "50-school-words")
    workspace.show_page(workspace.settings_page)
    section = workspace.settings_page.school_words
    workspace.settings_page.scroller.ensureWidgetVisible(section, 0, 0)
    grab(workspace.window(), folder, "51-own-school-words")
    family = Family(
        id=new_record_id(), code="K7Q-4M", carers=("Amina",), languages=("ar",), joined_on=TODAY
    )
    for name, languages in family_languages(language):
        printed = workspace.print_school_words(replace(family, languages=languages))
        grab(printed, folder, f"52-school-words-printed-in-{name}")
        printed.reject()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--languages", default="en,ar", help='commas, or "all" shipped')
    parser.add_argument("--themes", default="light,dark,high_contrast")
    parser.add_argument(
        "--key-screens",
        action="store_true",
        help=f"only {', '.join(KEY_SCREENS)}, in the light theme",
    )
    args = parser.parse_args()
    if args.languages == "all":
        args.languages = ",".join(tag for tag, _name in available_languages())
    if args.key_screens:
        ONLY.update(KEY_SCREENS)
        args.themes = "light"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for theme in args.themes.split(","):
        if theme not in theme_names():
            parser.error(f"no theme {theme!r}: {', '.join(theme_names())}")
        THEME[0] = theme
        # The light theme's pictures stay where the README shows them.
        out = args.out if theme == "light" else args.out / theme
        for language in args.languages.split(","):
            shoot(language, out)
    app.quit()


if __name__ == "__main__":
    main()
