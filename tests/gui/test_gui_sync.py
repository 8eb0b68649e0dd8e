"""Sending reports to the school from the desktop: connecting, each report's state, Sync
now, Save reports to a file, the Today line, and right to left in Arabic."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from helpers.hub_process import SCHOOL, HubProcess
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Invitation, InvitationCode, Policy, new_token
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QLabel, QListWidget
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle

from parentrus_desktop.domain import School, new_record_id
from parentrus_desktop.gui.connect_dialog import ConnectDialog
from parentrus_desktop.gui.reports_list import SendingPanel
from parentrus_desktop.gui.sync_sender import SyncState
from parentrus_desktop.gui.sync_words import today_lines
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.outbox.connection import SchoolConnection, connect_with_invitation
from parentrus_desktop.outbox.outbox import OutboxEntry, ReportState

MakeWindow = Callable[..., MentorWindow]
UNREACHABLE = "The school's hub could not be reached. Check the internet connection and try again."


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def unlocked(qtbot: QtBot, make_window: MakeWindow, language: str = "en") -> Workspace:
    workspace = create_first_profile(qtbot, make_window(language))
    qtbot.waitUntil(lambda: workspace.sync_sender.runs >= 1, timeout=10_000)  # ran on unlock
    return workspace


def answer_of(qtbot: QtBot, dialog: ConnectDialog) -> str:
    """What the dialog says once it has finished working."""
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    return dialog.problem.text() if dialog.problem.isVisible() else dialog.status.text()


def test_a_mistyped_code_gets_a_plain_message_before_any_network(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace = unlocked(qtbot, make_window)
    dialog = workspace.connect_school()
    dialog.hub_address.setText(f"http://127.0.0.1:{closed_port()}")
    dialog.code.setText("7KQM-2XWD-HPRA")
    dialog.use_code()
    assert answer_of(qtbot, dialog) == (
        "That code is not complete. A code has 24 letters and numbers, in six groups of four."
    )
    assert dialog.connection is None


def test_a_hub_that_cannot_be_reached_is_said_plainly(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace = unlocked(qtbot, make_window)
    school = School(id=new_record_id(), name="Riverside Primary", hub_address="http://127.0.0.1:9")
    workspace.records.profile.save(school)
    dialog = workspace.connect_school(school)
    assert dialog.hub_address.text() == "http://127.0.0.1:9"  # from the School record
    dialog.hub_address.setText(f"http://127.0.0.1:{closed_port()}")
    # A whole code typed the forgiving way: lower case, spaces instead of dashes.
    code = str(InvitationCode(new_token(), "ABCDEFGHJKMN")).replace("-", " ").lower()
    dialog.code.setText(code)
    dialog.use_code()
    assert dialog.busy and not dialog.use_code_button.isEnabled()  # working, off the UI thread
    assert answer_of(qtbot, dialog) == UNREACHABLE
    assert dialog.use_code_button.isEnabled()


def test_a_file_that_is_not_an_invitation_is_said_plainly(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    workspace = unlocked(qtbot, make_window)
    dialog = workspace.connect_school()
    not_one = tmp_path / "holiday-photos.json"
    not_one.write_text('{"kind": "photos"}', encoding="utf-8")
    dialog.open_file(not_one)
    assert answer_of(qtbot, dialog) == (
        "This file is not an invitation from a school, or it is damaged. Please ask the "
        "school for a new one."
    )
    dialog.open_file(tmp_path / "gone.parentrus-invitation")
    assert answer_of(qtbot, dialog) == "That file could not be found. Please choose it again."


def _entry(school: School, period: str, state: ReportState, **more: object) -> OutboxEntry:
    values: dict[str, object] = {
        "reason": "",
        "tries": 0,
        "next_try": None,
        "received": None,
        **more,
    }
    return OutboxEntry(school.id, school.name, period, state, **values)  # type: ignore[arg-type]


def _link(school: School, connected: datetime, revoked: bool) -> SchoolConnection:
    return SchoolConnection(
        school.id, school.name, "http://127.0.0.1:1", "slug", "device", "f", connected, revoked
    )


def _every_state(schools: list[School]) -> SyncState:
    riverside, hillside = schools  # Riverside asks for terms (as most schools), Hillside months
    connected = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    return SyncState(
        schools=schools,
        connections=[_link(riverside, connected, False), _link(hillside, connected, True)],
        entries=[
            _entry(riverside, "2026-summer", ReportState.WAITING),
            _entry(riverside, "2026-spring", ReportState.SENT),
            _entry(
                riverside,
                "2025-autumn",
                ReportState.RECEIVED,
                received=datetime(2026, 12, 3, 10, 0, tzinfo=UTC),
            ),
            _entry(
                riverside,
                "2025-summer",
                ReportState.REFUSED,
                reason="Digest mismatch for held id.",  # the hub's English: never shown
                code="changed-report",
            ),
            _entry(hillside, "2026-10", ReportState.WAITING, tries=2),
        ],
    )


def test_the_reports_list_names_each_state_in_plain_words(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace = unlocked(qtbot, make_window)
    schools = [School(id=new_record_id(), name=n) for n in ("Riverside Primary", "Hillside")]
    panel = workspace.school_page.sending
    assert isinstance(panel, SendingPanel)
    workspace.show_page(workspace.school_page)
    panel.show_state(_every_state(schools))
    riverside, hillside = (panel.lists[s.id] for s in schools)
    assert [riverside.item(i).text() for i in range(riverside.count())] == [
        "Summer term 2026: Waiting to be sent",
        "Spring term 2026: Sent, waiting for the school's receipt",
        "Autumn term 2025: Received by the school on 3 December",
        "Summer term 2025: Not accepted: The school already has a different report from this "
        "laptop for this period. A report cannot be changed once it has been received.",
    ]
    assert hillside.item(0).text() == (
        "October 2026: Not sent: the school has disconnected this laptop"
    )
    banner = panel.banners[schools[1].id]
    assert banner.isVisible() and "Hillside has disconnected this laptop" in banner.text()
    assert schools[0].id not in panel.banners
    assert today_lines(_every_state(schools).entries) == [
        ("reports-waiting", "3 reports waiting for the school"),
        (
            "reports-refused",
            "1 report was not accepted by the school — see What the school sees",
        ),
    ]
    received = [e for e in _every_state(schools).entries if e.state is ReportState.RECEIVED]
    assert today_lines(received) == []  # nothing to say when every report has arrived


def test_save_reports_to_a_file_says_what_was_saved(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    workspace = unlocked(qtbot, make_window)
    panel = workspace.school_page.sending
    assert isinstance(panel, SendingPanel)
    assert panel.status.text() == ""  # no school connected: nothing was tried
    target = tmp_path / "usb" / "school-reports.parentrus-reports"
    target.parent.mkdir()
    panel.save_to(target)
    qtbot.waitUntil(lambda: panel.last_saved == target, timeout=10_000)
    assert target.is_file()
    assert panel.notice.text() == (
        "There were no reports to save: every report has reached the school."
    )
    panel.save_to(tmp_path / "no-such-folder" / "reports.parentrus-reports")
    qtbot.waitUntil(lambda: panel.save_button.isEnabled(), timeout=10_000)
    assert panel.notice.text() == "That file could not be found. Please choose it again."


def test_the_sender_stops_when_the_profile_is_locked(qtbot: QtBot, make_window: MakeWindow) -> None:
    workspace = unlocked(qtbot, make_window)
    sender = workspace.sync_sender
    window = workspace.window()
    assert isinstance(window, MentorWindow)
    sender.sync_now()
    assert sender.busy
    window.lock()  # while the run is under way: it ends on its own, its result dropped
    assert sender.stopped and sender.next_retry_ms is None
    runs = sender.runs
    sender.run()
    assert sender.runs == runs  # no new run once stopped
    settle(qtbot)  # the run ends after the lock, and nothing complains
    assert window.is_locked and not shiboken6.isValid(sender)  # deleted with the workspace


def test_the_network_coming_back_starts_a_run(qtbot: QtBot, make_window: MakeWindow) -> None:
    workspace = unlocked(qtbot, make_window)
    network = QNetworkInformation.instance()
    if network is None:  # no backend on this machine: the other triggers are enough
        pytest.skip("Qt has no network information backend here")
    sender = workspace.sync_sender
    runs = sender.runs
    network.reachabilityChanged.emit(QNetworkInformation.Reachability.Disconnected)
    assert not sender.busy  # going offline is no reason to try
    network.reachabilityChanged.emit(QNetworkInformation.Reachability.Online)
    assert sender.busy
    qtbot.waitUntil(lambda: sender.runs == runs + 1, timeout=10_000)


def test_the_new_screens_read_right_to_left_in_arabic(
    qtbot: QtBot, make_window: MakeWindow, hub: HubProcess, tmp_path: Path
) -> None:
    workspace = unlocked(qtbot, make_window, "ar")
    schools = [School(id=new_record_id(), name=n) for n in ("Riverside Primary", "Hillside")]
    workspace.show_page(workspace.school_page)
    panel = workspace.school_page.sending
    assert isinstance(panel, SendingPanel)
    panel.show_state(_every_state(schools))
    dialog = workspace.connect_school()
    rtl = Qt.LayoutDirection.RightToLeft
    assert panel.layoutDirection() == rtl and dialog.layoutDirection() == rtl
    assert all(w.layoutDirection() == rtl for w in panel.findChildren(QListWidget))
    assert dialog.windowTitle() != "Connect to a school"  # translated
    assert "Waiting to be sent" not in panel.lists[schools[0].id].item(0).text()
    # The refusal in the mentor's language, by its code: never the hub's English.
    refused = panel.lists[schools[0].id].item(3).text()
    assert "لدى المدرسة تقرير مختلف من هذا الحاسوب" in refused
    assert "Digest mismatch" not in refused
    dialog.reject()
    _connected(workspace, hub, tmp_path)
    hub.stop()  # so the report waits, and Today says so
    runs = workspace.sync_sender.runs
    panel.sync_button.click()
    qtbot.waitUntil(lambda: workspace.sync_sender.runs > runs, timeout=30_000)
    today = workspace.today_page
    assert [line.text() for line in today.report_lines] == [
        "تقرير واحد (1) ينتظر الوصول إلى المدرسة"
    ]
    assert today.report_lines[0].layoutDirection() == rtl


# --- against a real hub: parentrus-hub init, serve and invite, in their own processes ---

#: The connection counts from 1 October, so on the tests' "today" (22 November) the
#: October report is ready, and the hub (on the real clock) sees a month that has ended.
OCTOBER = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """The real hub, served by ``parentrus-hub serve`` on loopback (SQLite), its school
    asking for a report each month (a term would not have ended on the real clock)."""
    running = HubProcess(tmp_path / "hub", [])
    storage = running.storage()
    try:
        storage.set_policy(Policy(SCHOOL, period_kind=PeriodKind.MONTH))
    finally:
        storage.close()
    yield running
    running.stop()


def report_lines(panel: SendingPanel) -> list[str]:
    return [
        reports.item(i).text() for reports in panel.lists.values() for i in range(reports.count())
    ]


def test_connecting_with_the_invitation_file_sends_the_report_to_the_hub(
    qtbot: QtBot, make_window: MakeWindow, hub: HubProcess, tmp_path: Path
) -> None:
    workspace = unlocked(qtbot, make_window)
    file, _code = hub.invite(tmp_path)
    workspace.show_page(workspace.school_page)
    dialog = workspace.connect_school(now=lambda: OCTOBER)
    dialog.open_file(file)
    assert answer_of(qtbot, dialog) == (
        "Connected to Riverside Primary. Reports will be sent when this laptop is online."
    )
    panel = workspace.school_page.sending
    assert isinstance(panel, SendingPanel)
    received = "October 2026: Received by the school on "
    qtbot.waitUntil(lambda: any(received in t for t in report_lines(panel)), timeout=30_000)
    assert "Connected since 1 October." in [w.text() for w in panel.findChildren(QLabel)]
    assert panel.status.text().startswith("Last tried at ")
    assert workspace.today_page.report_lines == []  # nothing to say: the school has it
    dialog.accept()


def test_a_typed_code_the_hub_does_not_know_gets_the_hubs_plain_reason(
    qtbot: QtBot, make_window: MakeWindow, hub: HubProcess, tmp_path: Path
) -> None:
    workspace = unlocked(qtbot, make_window)
    _file, code = hub.invite(tmp_path)
    # The hub's own fingerprint part, but a token it never gave: typed in lower case with
    # spaces, as a mentor might.
    parsed = InvitationCode.parse(code)
    unknown = str(InvitationCode(new_token(), parsed.fingerprint_prefix))
    dialog = workspace.connect_school()
    dialog.hub_address.setText(hub.url)
    dialog.code.setText(unknown.replace("-", " ").lower())
    dialog.use_code()
    assert answer_of(qtbot, dialog) == (
        "This invitation is not known here. Please check the code or ask for a new one."
    )


def _connected(workspace: Workspace, hub: HubProcess, folder: Path) -> SchoolConnection:
    """Connected with the sync core's own call (so no GUI run follows), from 1 October."""
    file, _code = hub.invite(folder)
    invitation = Invitation.from_file_bytes(file.read_bytes())
    return connect_with_invitation(workspace.records.profile, invitation, now=OCTOBER)


def test_a_report_waits_while_the_hub_is_away_and_sync_now_delivers_it(
    qtbot: QtBot, make_window: MakeWindow, hub: HubProcess, tmp_path: Path
) -> None:
    workspace = unlocked(qtbot, make_window)
    _connected(workspace, hub, tmp_path)
    hub.stop()  # the school's hub goes away for a while
    sender, today = workspace.sync_sender, workspace.today_page
    panel = workspace.school_page.sending
    assert isinstance(panel, SendingPanel)
    runs = sender.runs
    panel.sync_button.click()
    qtbot.waitUntil(lambda: sender.runs > runs, timeout=30_000)
    assert report_lines(panel) == ["October 2026: Waiting to be sent. It will try again by itself."]
    assert sender.next_retry_ms is not None  # it will try again by itself
    assert [line.text() for line in today.report_lines] == ["1 report waiting for the school"]
    usb = tmp_path / "school-reports.parentrus-reports"
    panel.save_to(usb)  # for a school with no network: the same signed report, on a stick
    qtbot.waitUntil(lambda: panel.last_saved == usb, timeout=10_000)
    assert panel.notice.text().startswith(
        "1 report was saved in school-reports.parentrus-reports. Take the USB stick to the school"
    )

    hub.start()
    today.report_lines[0].click()  # Today's line opens What the school sees
    assert workspace.pages.currentWidget() is workspace.school_page
    panel.sync_button.click()
    qtbot.waitUntil(
        lambda: any("Received by the school on" in t for t in report_lines(panel)),
        timeout=30_000,
    )
    assert today.report_lines == []


def test_a_school_that_disconnected_this_laptop_shows_a_plain_banner(
    qtbot: QtBot, make_window: MakeWindow, hub: HubProcess, tmp_path: Path
) -> None:
    workspace = unlocked(qtbot, make_window)
    connection = _connected(workspace, hub, tmp_path)
    hub.command("revoke", connection.device)
    panel = workspace.school_page.sending
    assert isinstance(panel, SendingPanel)
    workspace.show_page(workspace.school_page)
    panel.sync_button.click()
    qtbot.waitUntil(lambda: connection.school_id in panel.banners, timeout=30_000)
    banner = panel.banners[connection.school_id]
    assert banner.isVisible()
    assert banner.text().startswith("Riverside Primary has disconnected this laptop")
    # The report is kept, not refused: it is the laptop that was stopped, not the report.
    assert report_lines(panel) == [
        "October 2026: Not sent: the school has disconnected this laptop"
    ]


def test_the_retry_timer_follows_reports_on_their_way_and_only_for_live_schools(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """Sent without a receipt counts as on its way; a school that stopped this laptop
    never wakes the timer (it would spin); a run that failed outright waits a while."""
    workspace = unlocked(qtbot, make_window)
    sender = workspace.sync_sender
    settle(qtbot)
    soon = datetime.now(UTC) + timedelta(minutes=10)
    live = School(id=new_record_id(), name="Riverside Primary")
    stopped = School(id=new_record_id(), name="Hillside Academy")
    links = [_link(live, OCTOBER, revoked=False), _link(stopped, OCTOBER, revoked=True)]

    def schedule(*entries: OutboxEntry, problem: str = "") -> int | None:
        sender._retry.stop()
        sender.state = SyncState(connections=links, entries=list(entries), problem=problem)
        sender._schedule_retry()
        return sender.next_retry_ms

    sent = _entry(live, "2026-10", ReportState.SENT, tries=1, next_try=soon)
    assert 9 * 60_000 < (schedule(sent) or 0) <= 11 * 60_000  # Qt may round a long timer
    overdue = _entry(stopped, "2026-10", ReportState.WAITING, next_try=OCTOBER)
    assert schedule(overdue) is None  # nothing will be sent there: no timer at all
    assert schedule(problem="The disk is full.") == pytest.approx(5 * 60_000, abs=1_000)
