"""Logging a session fast: from Today, a one-to-one at a saved place with one topic and a
note takes at most six clicks, driven with the mouse and keyboard on the real widgets,
and a new session's form starts from defaults that fit (now, the last length, the
families' languages, the place last used with them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta

from helpers.planted import planted_family
from helpers.values import TODAY
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle

from parentrus_desktop.domain import Contact, Family, Session, Venue, new_record_id
from parentrus_desktop.domain.vocabulary import (
    SessionKind,
    SessionStatus,
    Topic,
    VenueCategory,
)
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.session_form import SessionForm
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.labels import label
from parentrus_desktop.operations.session_defaults import (
    HABITS,
    last_length,
    quarter_hour_before,
    remember_length,
)
from parentrus_desktop.store.unlocked import UnlockedProfile

MakeWindow = Callable[..., MentorWindow]
#: The form's size on a 1366x768 laptop: fitting_size leaves 48 pixels for the title bar.
LAPTOP_FORM = (720, 720)


class Clicks:
    """Every mouse click of the test, each with what it is for; a click is made only on a
    point the mentor can see (not scrolled away, not hidden)."""

    def __init__(self, qtbot: QtBot) -> None:
        self._qtbot = qtbot
        self.said: list[str] = []

    def on(self, widget: QWidget, what: str, point: QPoint | None = None) -> None:
        at = point if point is not None else widget.rect().center()
        assert widget.isVisible(), what
        assert widget.visibleRegion().contains(at), f"not in view: {what}"
        self._qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at)
        self.said.append(what)

    def on_line(self, listing: QListWidget, text: str, what: str) -> None:
        """A click on the words of the line that says ``text``."""
        (row,) = [i for i in range(listing.count()) if text in listing.item(i).text()]
        centre = listing.visualItemRect(listing.item(row)).center()
        self.on(listing.viewport(), what, centre)


def families_and_places(profile: UnlockedProfile) -> tuple[Family, Venue, Venue]:
    """Saima (Somali and English) last met at the library, 45 minutes; other families
    (one last met at the café) around her in the list."""
    saima = replace(
        planted_family("QMA-4K"),
        carers=("Saima",),
        languages=("so", "en"),
        contact=Contact(phone="07700 900123", best_times="after school"),
    )
    others = [
        replace(planted_family(code), carers=(name,))
        for code, name in (("AB7-3C", "Amina"), ("DE3-4F", "Bronwen"), ("GH6-7J", "Chloe"))
    ]
    others += [replace(planted_family(f"X{c}X-9Q"), carers=(f"Zara {c}",)) for c in "34679A"]
    library = Venue(id=new_record_id(), name="Library", category=VenueCategory.LIBRARY)
    cafe = Venue(id=new_record_id(), name="Corner Café", category=VenueCategory.CAFE)
    met = [
        Session(
            id=new_record_id(),
            session_kind=SessionKind.ONE_TO_ONE,
            venue_category=VenueCategory.CAFE,
            venue=cafe.id,
            on=TODAY - timedelta(days=20),
            families=(saima.id,),
        ),
        Session(  # the latest with Saima: the library
            id=new_record_id(),
            session_kind=SessionKind.ONE_TO_ONE,
            venue_category=VenueCategory.LIBRARY,
            venue=library.id,
            on=TODAY - timedelta(days=6),
            families=(saima.id,),
        ),
        Session(  # the latest of all, with another family: the café
            id=new_record_id(),
            session_kind=SessionKind.ONE_TO_ONE,
            venue_category=VenueCategory.CAFE,
            venue=cafe.id,
            on=TODAY - timedelta(days=1),
            families=(others[0].id,),
        ),
    ]
    profile.save(saima, *others, library, cafe, *met)
    remember_length(profile, 45)
    return saima, library, cafe


def ready(qtbot: QtBot, make_window: MakeWindow) -> tuple[MentorWindow, Workspace]:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    assert window.records is not None
    return window, workspace


def opened_form(qtbot: QtBot, workspace: Workspace) -> SessionForm:
    qtbot.waitUntil(lambda: any(isinstance(d, SessionForm) for d in workspace._dialogs))
    (form,) = [d for d in workspace._dialogs if isinstance(d, SessionForm)]
    qtbot.waitUntil(form.isVisible)
    form.resize(*LAPTOP_FORM)
    settle(qtbot)
    return form


def test_a_one_to_one_at_a_saved_place_with_a_topic_and_a_note_takes_five_clicks(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window, workspace = ready(qtbot, make_window)
    assert window.records is not None
    profile = window.records.profile
    saima, library, _cafe = families_and_places(profile)
    window.records.changed.emit({Family.kind, Session.kind, Venue.kind})
    settle(qtbot)
    assert workspace.pages.currentWidget() is workspace.today_page
    clicks = Clicks(qtbot)
    before = datetime.now().time()

    log = workspace.findChild(QPushButton, "nav-log-session")
    assert log is not None
    clicks.on(log, "1. 'Log a session', on Today")
    form = opened_form(qtbot, workspace)
    after = datetime.now().time()
    assert form.kind.chosen() is SessionKind.ONE_TO_ONE  # the first choice: no click
    clicks.on_line(form.families, "Saima", "2. Saima's line in 'Who came'")
    clicks.on_line(form.topics, label(Topic.READING), "3. 'Reading' in 'What you talked about'")
    clicks.on(form.notes.viewport(), "4. into Notes", QPoint(20, 12))
    qtbot.keyClicks(form.notes, "Read together; she will ask about the library card.")
    clicks.on(form.save_button, "5. Save")
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    settle(qtbot)

    assert len(clicks.said) <= 6, clicks.said
    (logged,) = [s for s in profile.all(Session) if s.entered_on is not None]
    assert logged.session_kind is SessionKind.ONE_TO_ONE
    assert logged.families == (saima.id,)
    assert (logged.venue, logged.venue_category) == (library.id, VenueCategory.LIBRARY)
    assert logged.on == TODAY
    assert logged.starts_at in {quarter_hour_before(before), quarter_hour_before(after)}
    assert logged.minutes == 45  # the length the mentor gave last time
    assert set(logged.languages) == {"so", "en"}  # Saima's languages
    assert logged.topics == (Topic.READING,)
    assert logged.notes == "Read together; she will ask about the library card."
    assert logged.status is SessionStatus.HELD


def test_log_a_session_on_a_family_page_ticks_that_family_in_view_with_its_place(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window, workspace = ready(qtbot, make_window)
    assert window.records is not None
    saima, library, _cafe = families_and_places(window.records.profile)
    window.records.changed.emit({Family.kind, Session.kind, Venue.kind})
    workspace.open_family(saima.id)
    settle(qtbot)
    button = workspace.findChild(QPushButton, "log-session-for-family")
    assert button is not None
    Clicks(qtbot).on(button, "'Log a session' on Saima's page")
    form = opened_form(qtbot, workspace)
    assert form.families.ticked() == [saima.id]
    (row,) = [i for i in range(form.families.count()) if "Saima" in form.families.item(i).text()]
    line = form.families.visualItemRect(form.families.item(row))
    assert form.families.viewport().rect().contains(line)  # last in the list, yet in view
    assert form.venue.currentText() == library.name
    assert set(form.languages.ticked()) == {"so", "en"}
    form.discard()


def test_the_place_and_languages_follow_the_ticks_until_the_mentor_sets_them(
    qtbot: QtBot, profile: UnlockedProfile
) -> None:
    saima, library, cafe = families_and_places(profile)
    amina = next(f for f in profile.all(Family) if f.carers == ("Amina",))
    records = OpenRecords(profile, privacy=False)
    form = SessionForm(records, TODAY, now=time(11, 44))
    try:
        assert form.starts.time().toString("HH:mm") == "11:30"
        assert form.minutes.value() == 45
        assert form.venue.currentText() == "(no particular place)"
        form.families.tick(amina.id)  # last met at the café
        assert (form.venue.currentText(), form.venue_category.chosen()) == (
            cafe.name,
            VenueCategory.CAFE,
        )
        assert set(form.languages.ticked()) == {"ar", "en"}
        form.families.tick(amina.id, on=False)
        form.families.tick(saima.id)
        assert form.venue.currentText() == library.name
        assert set(form.languages.ticked()) == {"so", "en"}
        form.kind.choose(SessionKind.HOME_VISIT)  # at the family's home: no saved place
        assert form.venue.currentText() == "(no particular place)"
        assert form.venue_category.chosen() is VenueCategory.FAMILY_HOME
        form.kind.choose(SessionKind.ONE_TO_ONE)
        assert form.venue.currentText() == library.name
        # Set by hand, the place and the languages stay as the mentor left them.
        form.venue.setCurrentIndex(form.venue.findText(cafe.name))
        form.languages.tick("en", on=False)
        form.kind.choose(SessionKind.GROUP)
        form.families.tick(amina.id)
        assert form.venue.currentText() == cafe.name
        assert set(form.languages.ticked()) == {"so"}
    finally:
        form.discard()
        form.deleteLater()
        records.deleteLater()


def test_the_length_of_a_logged_session_is_the_next_ones_and_is_kept_sealed(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window, workspace = ready(qtbot, make_window)
    assert window.records is not None
    profile = window.records.profile
    saima, _library, _cafe = families_and_places(profile)
    form = workspace.log_session(saima)
    assert form.minutes.value() == 45
    form.minutes.setValue(90)
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    settle(qtbot)
    assert last_length(profile) == 90
    again = workspace.log_session()
    assert again.minutes.value() == 90
    again.discard()
    # Changing an old session is not logging a new one: the last length stays.
    old = next(s for s in profile.all(Session) if s.entered_on is None)
    changed = workspace.open_session(old)
    assert changed is not None
    changed.minutes.setValue(20)
    changed.save_button.click()
    qtbot.waitUntil(lambda: changed.saved != [], timeout=10_000)
    settle(qtbot)
    assert last_length(profile) == 90
    # Kept in the vault under the profile key, never as plain text anywhere.
    sealed = profile.raw_database().conn.execute(
        "SELECT sealed FROM sync_items WHERE kind = ?", (HABITS,)
    )
    (value,) = [row[0] for row in sealed]
    assert b"minutes" not in value and b"90" not in value


def test_a_planned_session_opens_at_its_planned_time_not_now(
    qtbot: QtBot, profile: UnlockedProfile
) -> None:
    saima, _library, _cafe = families_and_places(profile)
    planned = Session(
        id=new_record_id(),
        session_kind=SessionKind.ONE_TO_ONE,
        venue_category=VenueCategory.LIBRARY,
        on=TODAY,
        starts_at=time(9, 10),
        minutes=50,
        families=(saima.id,),
        status=SessionStatus.PLANNED,
    )
    profile.save(planned)
    records = OpenRecords(profile, privacy=False)
    form = SessionForm(records, TODAY, session=planned, now=time(15, 0))
    try:
        assert form.starts.time().toString("HH:mm") == "09:10"
        assert form.minutes.value() == 50
        assert form.outcome is not None  # "Did it happen?": one click says it did
        assert form.build() == [planned]
    finally:
        form.discard()
        form.deleteLater()
        records.deleteLater()


def test_the_side_log_a_session_ticks_the_family_whose_page_is_showing(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window, workspace = ready(qtbot, make_window)
    assert window.records is not None
    saima, library, _cafe = families_and_places(window.records.profile)
    window.records.changed.emit({Family.kind, Session.kind, Venue.kind})
    log = workspace.findChild(QPushButton, "nav-log-session")
    assert log is not None
    Clicks(qtbot).on(log, "'Log a session' on Today")
    on_today = opened_form(qtbot, workspace)
    assert on_today.families.ticked() == []  # Today is about no one family
    on_today.discard()
    settle(qtbot)
    workspace.open_family(saima.id)
    settle(qtbot)
    Clicks(qtbot).on(log, "'Log a session' beside Saima's page")
    form = opened_form(qtbot, workspace)
    assert form.families.ticked() == [saima.id]
    assert form.venue.currentText() == library.name
    form.discard()
