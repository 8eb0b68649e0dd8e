"""The app's log file and its errors nobody caught: the mentor sees 'Something went wrong'
with Copy details, and neither the details nor the log hold anything from the records,
even when an error's message does."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_FAMILY, PLANTED_STRINGS
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle, unlock

from parentrus_desktop.app_log import LOG_FILE, LOG_FOLDER, MAX_BYTES, log, start_log, stop_log
from parentrus_desktop.domain import Session
from parentrus_desktop.domain.vocabulary import SessionKind
from parentrus_desktop.gui.crash_dialog import CrashDialog, install_crash_handler
from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.operation import run_operation
from parentrus_desktop.gui.window import MentorWindow

pytestmark = pytest.mark.qt_no_exception_capture  # the app's own hook is what is tested


@pytest.fixture
def handler(
    qapp: QApplication, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CrashDialogs]:
    """The app's log and crash handler, as main() sets them up; Python's hooks come back after."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    start_log(data_dir)
    reporter = install_crash_handler(qapp)
    yield CrashDialogs(reporter)
    if reporter.dialog is not None:
        reporter.dialog.close()
    stop_log()
    reporter.deleteLater()


class CrashDialogs:
    def __init__(self, reporter: object) -> None:
        self.reporter = reporter

    def shown(self, qtbot: QtBot) -> CrashDialog:
        qtbot.waitUntil(lambda: self.open() is not None, timeout=5000)
        dialog = self.open()
        assert dialog is not None
        return dialog

    def open(self) -> CrashDialog | None:
        dialog = getattr(self.reporter, "dialog", None)
        return dialog if isinstance(dialog, CrashDialog) and dialog.isVisible() else None


def save_the_note() -> None:
    """A bug whose message and local values hold what a mentor typed."""
    note = PLANTED_FAMILY["note"]
    raise ValueError(f"cannot save {PLANTED_FAMILY['carer']}'s note: {note}")


def test_an_error_in_the_app_shows_something_went_wrong_with_details_free_of_records(
    qtbot: QtBot, handler: CrashDialogs, data_dir: Path
) -> None:
    QTimer.singleShot(0, save_the_note)  # raised inside Qt's event loop, as a slot's bug is
    dialog = handler.shown(qtbot)
    assert dialog.windowTitle() == "Something went wrong"
    details = dialog.details_box.toPlainText()
    assert "ValueError" in details
    assert f"{Path(__file__).name}, line" in details and "in save_the_note" in details
    assert str(data_dir.parent) not in details  # paths from the import folder only
    assert [p for p in PLANTED_STRINGS if p in details] == []
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == details
    dialog.grab().save(str(data_dir.parent / "crash-dialog.png"))

    log = (data_dir / LOG_FOLDER / LOG_FILE).read_text(encoding="utf-8")
    assert "ValueError" in log and "save_the_note" in log
    assert find_planted(PLANTED_STRINGS, data_dir) == []


def test_an_error_on_another_thread_is_shown_on_the_main_thread(
    qtbot: QtBot, handler: CrashDialogs, data_dir: Path
) -> None:
    worker = threading.Thread(target=save_the_note)
    worker.start()
    worker.join()
    dialog = handler.shown(qtbot)
    assert "in save_the_note" in dialog.details_box.toPlainText()
    assert find_planted(PLANTED_STRINGS, data_dir) == []


def test_one_dialog_however_often_it_goes_wrong(qtbot: QtBot, handler: CrashDialogs) -> None:
    for _ in range(3):
        QTimer.singleShot(0, save_the_note)
    handler.shown(qtbot)
    qtbot.wait(50)
    assert len([w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog)
                and w.isVisible()]) == 1  # fmt: skip


def test_in_arabic_the_dialog_reads_right_to_left_and_the_details_left_to_right(
    qtbot: QtBot, handler: CrashDialogs, data_dir: Path
) -> None:
    apply_language("ar")
    try:
        QTimer.singleShot(0, save_the_note)
        dialog = handler.shown(qtbot)
        assert dialog.isRightToLeft()
        assert not dialog.details_box.isRightToLeft()  # file names and line numbers
        dialog.grab().save(str(data_dir.parent / "crash-dialog-ar.png"))
    finally:
        apply_language("en")


def test_the_log_says_what_happened_and_holds_nothing_a_mentor_typed(
    qtbot: QtBot, handler: CrashDialogs, make_window: Callable[..., MentorWindow], data_dir: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, PLANTED_FAMILY["carer"], PLANTED_FAMILY["note"])
    form = workspace.log_session()
    form.kind.choose(SessionKind.ONE_TO_ONE)
    form.families.tick(family.id)
    form.notes.setPlainText(PLANTED_FAMILY["session_note"])
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    window.lock()
    unlock(qtbot, window, "not the passphrase")
    unlock(qtbot, window)
    assert window.records is not None and window.workspace is not None
    assert [s.notes for s in window.records.profile.all(Session)] == [
        PLANTED_FAMILY["session_note"]
    ]

    def a_bug_in_an_action() -> None:
        raise RuntimeError(f"{PLANTED_FAMILY['child']} {PLANTED_FAMILY['phone']}")

    # An action that fails in a way nobody foresaw: said on the page, logged, and shown.
    run_operation(window.workspace, a_bug_in_an_action, records=window.records)
    dialog = handler.shown(qtbot)
    assert "RuntimeError" in dialog.details_box.toPlainText()
    window.lock()
    settle(qtbot)

    written = (data_dir / LOG_FOLDER / LOG_FILE).read_text(encoding="utf-8")
    assert "an action stopped: RuntimeError" in written
    assert "in a_bug_in_an_action" in written
    assert find_planted(PLANTED_STRINGS, data_dir / LOG_FOLDER) == []


def test_a_library_s_words_are_not_kept_and_the_log_stays_small(
    handler: CrashDialogs, data_dir: Path
) -> None:
    import logging

    logging.getLogger("some.library").warning("could not read %s", PLANTED_FAMILY["carer"])
    for number in range(MAX_BYTES // 40):
        log.info("a session saved, number %d", number)
    folder = data_dir / LOG_FOLDER
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [LOG_FILE, f"{LOG_FILE}.1"]  # rotated, not grown
    assert all(f.stat().st_size <= MAX_BYTES for f in files)
    assert all(f.stat().st_mode & 0o077 == 0 for f in files)  # the mentor's only
    assert find_planted(PLANTED_STRINGS, folder) == []
