"""The one way screens run mentor actions (gui/operation.py): one "changed" signal per
action, no callback for a screen that is gone, plain words for every expected error,
and an unexpected error that still reaches the app's error handling."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from parentrus_sync.client import BadAnswer, HubRefused, HubUnreachable, WrongHub
from parentrus_sync.protocol import ProtocolError
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from parentrus_desktop.domain import Family
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.gui.background import wait_for_background_work
from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.operation import (
    SOMETHING_WENT_WRONG,
    Problem,
    plain_words,
    run_operation,
)
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.i18n import _
from parentrus_desktop.operations import Done
from parentrus_desktop.operations import records as record_actions
from parentrus_desktop.operations.records import ChangedSince
from parentrus_desktop.operations.reports import ReportProblem
from parentrus_desktop.outbox.refusal_words import refusal_words
from parentrus_desktop.store.errors import DamagedFile, DiskFull
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import WrongPassphrase

DISK_FULL = (
    "The laptop's disk is full, so this was not saved. Everything saved before is safe. "
    "Please free some space and try again."
)
UNREACHABLE = "The school's hub could not be reached. Check the internet connection and try again."
GONE = "That file could not be found. Please choose it again."
NOT_ALLOWED = "This laptop is not allowed to use that file. Try saving it somewhere else."


@pytest.fixture
def records(profile: UnlockedProfile) -> Iterator[OpenRecords]:
    opened = OpenRecords(profile, privacy=False)
    yield opened
    wait_for_background_work()


class ProblemPlace(QWidget):
    """A screen with a usual place for problems, like the workspace's message bar."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []

    def show_problem(self, problem: Problem) -> None:
        self.said.append(problem.words)


@pytest.fixture
def owner(qtbot: QtBot) -> ProblemPlace:
    widget = ProblemPlace()
    qtbot.addWidget(widget)
    return widget


def _settle(qtbot: QtBot) -> None:
    assert wait_for_background_work()
    qtbot.wait(20)  # the queued callbacks run on the main thread


def test_a_done_fires_one_changed_signal_with_its_kinds(
    qtbot: QtBot, records: OpenRecords, owner: QWidget, family: Family
) -> None:
    heard: list[object] = []
    records.changed.connect(heard.append)
    done: list[Done[record_actions.Undo]] = []
    profile = records.profile
    run_operation(owner, lambda: record_actions.save(profile, family), done.append, records=records)
    qtbot.waitUntil(lambda: bool(done))
    assert heard == [{"family"}]  # once, with what changed
    assert done[0].result.kind == "family"

    # Two kinds changed in one action: still one signal, with both.
    heard.clear()
    run_operation(
        owner, lambda: Done(None, frozenset({"session", "follow_up"})), done.append, records=records
    )
    qtbot.waitUntil(lambda: len(done) == 2)
    assert heard == [{"session", "follow_up"}]


def test_nothing_changed_fires_no_signal(
    qtbot: QtBot, records: OpenRecords, owner: QWidget
) -> None:
    heard: list[object] = []
    records.changed.connect(heard.append)
    done: list[object] = []
    run_operation(owner, lambda: Done(42), done.append, records=records)
    run_operation(owner, lambda: "not a Done", done.append, records=records)
    qtbot.waitUntil(lambda: len(done) == 2)
    assert heard == []
    assert sorted(map(str, done)) == ["Done(result=42, changed=frozenset())", "not a Done"]


def _held_back() -> tuple[threading.Event, Callable[[Any], Callable[[], Any]]]:
    """Work that waits until the test lets it finish."""
    go = threading.Event()

    def work(outcome: Any) -> Callable[[], Any]:
        def run() -> Any:
            assert go.wait(10)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome

        return run

    return go, work


def test_an_owner_deleted_while_the_work_runs_gets_no_callback(
    qtbot: QtBot, records: OpenRecords
) -> None:
    go, work = _held_back()
    heard: list[object] = []
    records.changed.connect(heard.append)
    called: list[object] = []
    label = QLabel("working")  # a callback that touched it after deletion would raise
    run_operation(
        label,
        work(Done(None, frozenset({"family"}))),
        lambda _d: called.append(label.setText("done")),
        called.append,
        records=records,
    )
    run_operation(label, work(DiskFull()), called.append, called.append, records=records)
    label.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label))
    go.set()
    _settle(qtbot)
    assert called == []  # no callback, no "already deleted" error, no Qt warning
    assert heard == [{"family"}]  # the records did change: the other screens hear of it


def _alive(widget: QWidget) -> bool:
    return bool(shiboken6.isValid(widget))


def test_a_profile_locked_while_the_work_runs_gets_no_callback_and_no_signal(
    qtbot: QtBot, records: OpenRecords, owner: QWidget
) -> None:
    go, work = _held_back()
    heard: list[object] = []
    records.changed.connect(heard.append)
    called: list[object] = []
    run_operation(
        owner,
        work(Done(None, frozenset({"family"}))),
        called.append,
        called.append,
        records=records,
    )
    records.close()  # locking: nothing about the records may be shown now
    go.set()
    _settle(qtbot)
    assert called == [] and heard == []


EXPECTED: list[tuple[Exception, str]] = [
    (InvalidRecord("phone", N_("Please fill this in.")), "Please fill this in."),
    (
        InvalidRecord(
            "notes", N_("This is too long: please keep it under {longest} letters."), longest=9
        ),
        "This is too long: please keep it under 9 letters.",
    ),
    (DiskFull(), DISK_FULL),
    (WrongPassphrase(), _(WrongPassphrase.message)),
    (DamagedFile(), _(DamagedFile.message)),
    (ChangedSince(), "This was changed again since, so it was not undone."),
    (
        ReportProblem("There is no school called X in this profile."),
        "There is no school called X in this profile.",
    ),
    (HubUnreachable("timed out"), UNREACHABLE),
    (BadAnswer("not json"), UNREACHABLE),
    (HubRefused("changed", "Report changed (English from the hub)", 409), refusal_words("changed")),
    (WrongHub("wrong-hub", "English", 0), refusal_words("wrong-hub")),
    (ProtocolError("bad-code", "Code must be 24 chars."), refusal_words("bad-code")),
    (FileNotFoundError(errno.ENOENT, "No such file"), GONE),
    (IsADirectoryError(errno.EISDIR, "Is a directory"), GONE),
    (PermissionError(errno.EACCES, "Permission denied"), NOT_ALLOWED),
    (
        OSError(errno.ENOSPC, "No space left on device"),
        "Could not use the file: No space left on device",
    ),
]


@pytest.mark.parametrize(("error", "words"), EXPECTED, ids=lambda v: type(v).__name__)
def test_each_expected_error_reaches_the_screen_in_plain_words(
    qtbot: QtBot, records: OpenRecords, owner: QWidget, error: Exception, words: str
) -> None:
    assert plain_words(error) == words
    assert "English" not in words and "chars" not in words  # never the hub's own sentence
    problems: list[Problem] = []
    run_operation(owner, _raising(error), on_problem=problems.append, records=records)
    qtbot.waitUntil(lambda: bool(problems))
    assert problems[0].words == words and problems[0].error is error and problems[0].expected


def _raising(error: Exception) -> Callable[[], None]:
    def work() -> None:
        raise error

    return work


@pytest.fixture
def arabic() -> Iterator[None]:
    apply_language("ar")
    yield
    apply_language("en")


def test_the_words_are_in_the_mentor_s_language(arabic: None) -> None:
    words = plain_words(DiskFull())
    assert words is not None and words != DISK_FULL
    assert "قرص" in words  # the Arabic catalog's sentence
    assert plain_words(HubUnreachable("timed out")) != UNREACHABLE


def test_an_unexpected_error_is_shown_and_still_raised(
    qtbot: QtBot, records: OpenRecords, owner: QWidget
) -> None:
    assert plain_words(KeyError("a bug")) is None
    problems: list[Problem] = []
    with qtbot.capture_exceptions() as raised:
        run_operation(
            owner, _raising(KeyError("a bug")), on_problem=problems.append, records=records
        )
        qtbot.waitUntil(lambda: bool(raised))
    (kind, value, _trace) = raised[0]
    assert kind is KeyError and str(value) == "'a bug'"  # not swallowed
    # The screen could still put itself right (a button enabled again) and say so.
    assert [p.words for p in problems] == [SOMETHING_WENT_WRONG]
    assert not problems[0].expected


def test_without_on_problem_the_problem_goes_to_the_usual_place_around_the_owner(
    qtbot: QtBot, records: OpenRecords
) -> None:
    place = ProblemPlace()
    qtbot.addWidget(place)
    inside = QWidget(place)  # a page or a dialog of the workspace
    run_operation(inside, _raising(DiskFull()), records=records)
    qtbot.waitUntil(lambda: bool(place.said))
    assert place.said == [DISK_FULL]


def test_an_owner_with_no_place_for_problems_must_say_where_they_go(qtbot: QtBot) -> None:
    alone = QWidget()
    qtbot.addWidget(alone)
    with pytest.raises(ValueError, match="on_problem"):
        run_operation(alone, lambda: None)
