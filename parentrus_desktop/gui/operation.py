"""One way for every screen to run a mentor action: off the UI thread, one "data
changed" signal after it, callbacks only while the screen still exists, and one
function that turns what can go wrong into plain words.

A screen calls ``run_operation(self, work, on_done, on_problem, records=...)``. ``work``
is a Qt-free function (usually from ``parentrus_desktop.operations``); it must not touch
a widget. When it returns a ``Done`` whose ``changed`` is not empty, ``records.changed``
fires once with those kinds, whether or not the screen is still there: the records did
change. ``on_done`` and ``on_problem`` run on the main thread, and only while the owner
is alive and the profile open. An error the app expects reaches ``on_problem`` in plain
words; any other error reaches it with general words and is then raised again, so the
app's own error handling still sees it (nothing is swallowed).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

import shiboken6
from PySide6.QtCore import QObject

from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.gui.background import Operation, run_in_background
from parentrus_desktop.i18n import _
from parentrus_desktop.operations import Done
from parentrus_desktop.vault.errors import VaultError

if TYPE_CHECKING:
    from parentrus_desktop.gui.records import OpenRecords

log = logging.getLogger(__name__)

T = TypeVar("T")

UNREACHABLE = N_(
    "The school's hub could not be reached. Check the internet connection and try again."
)
#: For an error the app did not expect; the error itself is raised again as well.
SOMETHING_WENT_WRONG = N_(
    "Something went wrong. Please try again, or lock the app and open it again."
)


def plain_words(error: BaseException) -> str | None:
    """The mentor's words for an error the app expects (in the language in use), or
    None for one it does not: that is a bug, and must not be hidden."""
    if isinstance(error, InvalidRecord):
        return _(error.message).format(**error.details)
    if isinstance(error, VaultError):  # DiskFull, DamagedFile, ProfileLocked, ...
        return _(error.message)
    said = _words_from_loaded_modules(error)
    if said is not None:
        return said
    if isinstance(error, FileNotFoundError | IsADirectoryError):
        return _("That file could not be found. Please choose it again.")
    if isinstance(error, PermissionError):
        return _("This laptop is not allowed to use that file. Try saving it somewhere else.")
    if isinstance(error, OSError):
        return _("Could not use the file: {problem}").format(problem=error.strerror or "")
    return None


def _words_from_loaded_modules(error: BaseException) -> str | None:
    """The words for the records', the reports' and the hub's errors. Each module is
    looked at only once it is loaded (an error of its can exist only then): imported at
    the top, they would load the records' database (sqlite_utils), the report schema
    (jsonschema) and the hub's client (httpx, ssl) with the first screen."""
    if "parentrus_desktop.operations.records" in sys.modules:
        from parentrus_desktop.operations.records import ChangedSince

        if isinstance(error, ChangedSince):
            return _(error.message)
    if "parentrus_desktop.operations.reports" in sys.modules:
        from parentrus_desktop.operations.reports import ReportProblem

        if isinstance(error, ReportProblem):
            return str(error)  # already in plain words, in the language in use
    if "parentrus_sync.client" in sys.modules:
        from parentrus_sync.client import HubRefused, HubUnreachable

        if isinstance(error, HubUnreachable):
            return _(UNREACHABLE)
        if isinstance(error, HubRefused):
            return _refused(error.code)
    if "parentrus_sync.protocol" in sys.modules:
        from parentrus_sync.protocol import ProtocolError

        if isinstance(error, ProtocolError):
            return _refused(error.code)
    return None


def _refused(code: str) -> str:
    """By the hub's code, in the mentor's language: never the hub's English sentence."""
    from parentrus_desktop.outbox.refusal_words import refusal_words  # with the hub's errors

    return refusal_words(code)


@dataclass(frozen=True)
class Problem:
    """What stopped an action: plain words to show, and the error behind them."""

    words: str
    error: Exception

    @property
    def expected(self) -> bool:
        """False for a bug: the error is raised again after the screen has shown it."""
        return plain_words(self.error) is not None


@runtime_checkable
class ShowsProblems(Protocol):
    """A screen with a usual place for problems (the workspace's message bar)."""

    def show_problem(self, problem: Problem) -> None: ...


def _usual_place(owner: QObject) -> Callable[[Problem], None]:
    """The owner's own place for problems, or the nearest one around it."""
    holder: QObject | None = owner
    while holder is not None:
        if isinstance(holder, ShowsProblems):
            return holder.show_problem
        holder = holder.parent()
    raise ValueError("run_operation needs on_problem: nothing around the owner shows problems")


def still_there(owner: QObject, records: OpenRecords | None = None) -> bool:
    """The one liveness check: the owner was not deleted, and the profile (when the
    action is about it) was not locked while the work ran."""
    if not shiboken6.isValid(owner):
        return False
    return records is None or (shiboken6.isValid(records) and not records.profile.is_locked)


def run_operation(
    owner: QObject,
    work: Callable[[], T],
    on_done: Callable[[T], None] = lambda _result: None,
    on_problem: Callable[[Problem], None] | None = None,
    *,
    records: OpenRecords | None = None,
) -> Operation:
    """Run ``work`` off the UI thread on behalf of ``owner``; see the module's doc.
    Without ``on_problem``, problems go to the nearest ``ShowsProblems`` around the
    owner (for the workspace's pages and dialogs: its message bar)."""
    show_problem = on_problem if on_problem is not None else _usual_place(owner)

    def succeeded(result: T) -> None:
        if isinstance(result, Done) and result.changed:
            if records is None:
                raise ValueError("an operation that changes records needs records=")
            if still_there(records, records):
                records.changed.emit(set(result.changed))
        if still_there(owner, records):
            on_done(result)

    def failed(error: Exception) -> None:
        words = plain_words(error)
        if still_there(owner, records):
            if words is None:
                # Only the kind of error: its text could hold something from the records.
                log.warning("an action stopped: %s", type(error).__name__)
            show_problem(Problem(words or _(SOMETHING_WENT_WRONG), error))
        if words is None:
            raise error  # a bug: the app's error handling must see it

    return run_in_background(work, succeeded, failed)
