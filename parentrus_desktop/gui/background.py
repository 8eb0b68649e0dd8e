"""Running slow work (unlock, saving, exports) off the UI thread.

An operation runs a plain function on Qt's thread pool and hands its result or its
error back on the main thread; it never touches a widget while it runs. Screens do not
call this directly: they use ``gui/operation.py``'s ``run_operation``, which adds the
"data changed" signal, the liveness check and the plain words for what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Operation(QObject):
    """One piece of background work."""

    #: Fires on the main thread with the function's result.
    succeeded = Signal(object)
    #: Fires on the main thread with the exception the function raised.
    failed = Signal(object)
    #: Fires on the main thread after either of the above.
    finished = Signal()


class _Runner(QRunnable):
    def __init__(self, work: Callable[[], Any], operation: Operation) -> None:
        super().__init__()
        self._work = work
        self._operation = operation
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # every error goes back to the screen, in plain words
            self._operation.failed.emit(error)
        else:
            self._operation.succeeded.emit(result)
        self._operation.finished.emit()


_running: set[Operation] = set()


def run_in_background(
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], None],
) -> Operation:
    """Start ``work`` on the thread pool; the callbacks run on the main thread."""
    operation = Operation()  # created here, so it lives on the main thread
    operation.succeeded.connect(on_success)
    operation.failed.connect(on_failure)
    _running.add(operation)  # kept alive until it finishes
    operation.finished.connect(lambda: _running.discard(operation))
    QThreadPool.globalInstance().start(_Runner(work, operation))
    return operation


def wait_for_background_work(milliseconds: int = 30_000) -> bool:
    """Block until the pool is idle (used when the app quits, and by tests)."""
    return QThreadPool.globalInstance().waitForDone(milliseconds)
