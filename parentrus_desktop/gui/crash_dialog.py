"""An error the app did not expect: logged (its kind and where, never a value) and told to
the mentor in a plain dialog with "Copy details", instead of the app vanishing."""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.about import app_version
from parentrus_desktop.app_log import log, safe_traceback
from parentrus_desktop.domain.validation import N_
from parentrus_desktop.gui.widgets import heading
from parentrus_desktop.i18n import _

TITLE = N_("Something went wrong")
WORDS = N_(
    "What you saved before is safe. You can carry on; if it happens again, close the app "
    "and open it again."
)
HELP = N_(
    "To get help, press Copy details and paste them into a message to the person who "
    "looks after the app for you. The details say where the app went wrong; they hold "
    "nothing about the families."
)
COPY = N_("Copy details")
COPIED = N_("Copied")


def crash_details(error: BaseException) -> str:
    """What an IT volunteer needs to find the fault: versions and the safe traceback."""
    import platform  # only when something went wrong: not part of every start

    return "\n".join(
        (
            f"Parent'R'Us Mentor {app_version()}",
            f"Python {platform.python_version()}, PySide6 {pyside_version}, "
            f"{platform.system()} {platform.release()}",
            "",
            safe_traceback(error),
        )
    )


class CrashDialog(QDialog):
    """Plain words, the details (for whoever helps), Copy details and Close."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_(TITLE))
        self.setObjectName("crash-dialog")
        self.details = details
        layout = QVBoxLayout(self)
        title = heading(_(TITLE))
        words = QLabel(_(WORDS))
        help_words = QLabel(_(HELP))
        for label in (words, help_words):
            label.setWordWrap(True)
        self.details_box = QPlainTextEdit(details)
        self.details_box.setReadOnly(True)
        self.details_box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details_box.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        # Code locations read left to right in every language.
        self.details_box.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(_(COPY))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)  # Enter closes; the details are to copy, not edit
        self.copy_button.clicked.connect(self._copy)
        for widget in (title, words, help_words, self.details_box, buttons):
            layout.addWidget(widget)
        self.resize(560, self.sizeHint().height())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.close_button.setFocus()  # not the details box, which would take it first

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(_(COPIED))


class _Reporter(QObject):
    """Carries an error's details to the main thread, from whichever thread it happened on."""

    happened = Signal(str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        # Queued even on the main thread: the dialog opens after the hook has returned.
        self.happened.connect(self.show, Qt.ConnectionType.QueuedConnection)

    def show(self, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return  # one at a time: an error repeating (in a paint, say) is logged only
        self.dialog = CrashDialog(details, QApplication.activeWindow())
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget)
        self.dialog.show()

    def _forget(self) -> None:
        self.dialog = None


def install_crash_handler(app: QObject) -> _Reporter:
    """From now on an uncaught error, on any thread, is logged and shown (the application
    object owns what carries it to the main thread)."""
    reporter = _Reporter(app)

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if isinstance(error, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        details = crash_details(error)
        log.error("an error the app did not expect:\n%s", details)
        reporter.happened.emit(details)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    return reporter
