"""Connect to a school: open the invitation file, or type the hub's address and the code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from parentrus_sync.protocol import Invitation, InvitationCode
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import School
from parentrus_desktop.gui.flow_layout import wrapping_form
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import FieldProblem, big_button, fitting_size, heading, words
from parentrus_desktop.i18n import _, pgettext
from parentrus_desktop.outbox.connection import (
    SchoolConnection,
    connect_with_code,
    connect_with_invitation,
)

#: Invitation files are a few hundred bytes; anything much bigger is not one.
LARGEST_INVITATION = 64 * 1024


def _utc_now() -> datetime:
    return datetime.now(UTC)


def read_invitation(path: Path) -> Invitation:
    """The invitation in a file (ProtocolError with a plain reason if it is not one)."""
    with path.open("rb") as file:
        return Invitation.from_file_bytes(file.read(LARGEST_INVITATION + 1))


class ConnectDialog(QDialog):
    """Two plain ways to connect this laptop to a school's hub; the work runs off the UI
    thread, and the dialog says what happened in a sentence."""

    #: Fires with the SchoolConnection once the laptop is connected.
    connected = Signal(object)

    def __init__(
        self,
        records: OpenRecords,
        school: School | None = None,
        parent: QWidget | None = None,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connect-dialog")
        self.setWindowTitle(_("Connect to a school"))
        self.setAccessibleName(_("Connect to a school"))
        self._records = records
        self._now = now
        self.connection: SchoolConnection | None = None
        self.busy = False
        outer = QVBoxLayout(self)
        outer.addWidget(heading(_("Connect to a school")))
        # The words and fields scroll, the Close button does not: in a long language
        # on a small laptop at 150% they may not all fit the height of the screen.
        body = QWidget()
        body.setObjectName("connect-body")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("connect-scroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the buttons, as before
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        layout.addWidget(
            words(
                _(
                    "The school's coordinator gives you an invitation: a file, or a code to "
                    "type. Use either one. Only the numbers on What the school sees are ever "
                    "sent, never a name."
                )
            )
        )
        layout.addWidget(heading(_("If you have the invitation file"), "section"))
        self.open_file_button = big_button(_("Open the invitation file…"), "open-invitation")
        self.open_file_button.clicked.connect(self.choose_file)
        layout.addWidget(self.open_file_button)

        layout.addWidget(heading(_("If you have a code"), "section"))
        form = wrapping_form()
        self.hub_address = QLineEdit(school.hub_address if school is not None else "")
        self.hub_address.setObjectName("hub-address")
        self.hub_address.setPlaceholderText("https://")
        self.hub_address.setAccessibleName(_("The school's hub address"))
        form.addRow(_("The school's hub address"), self.hub_address)
        self.code = QLineEdit()
        self.code.setObjectName("invitation-code")
        self.code.setPlaceholderText("ABCD-EFGH-…")
        self.code.setAccessibleName(_("The code"))
        form.addRow(_("The code"), self.code)
        layout.addLayout(form)
        layout.addWidget(
            words(_("The code has 24 letters and numbers. Spaces and dashes do not matter."))
        )
        self.use_code_button = big_button(_("Connect with the code"), "connect-with-code")
        self.use_code_button.clicked.connect(self.use_code)
        self.code.returnPressed.connect(self.use_code)
        layout.addWidget(self.use_code_button)

        self.status = words("", "status")
        self.status.hide()
        layout.addWidget(self.status)
        self.problem = FieldProblem()
        layout.addWidget(self.problem)
        layout.addStretch()
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.close_button = big_button(pgettext("button", "Close"), "close-connect", primary=True)
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)
        self.resize(fitting_size(self, 560, 520))

    # -- the two ways --------------------------------------------------------------

    def choose_file(self) -> None:
        picked, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open the invitation file"),
            "",
            _("Invitations from a school") + " (*.parentrus-invitation *.json);;* (*)",
        )
        if picked:
            self.open_file(Path(picked))

    def open_file(self, path: Path) -> None:
        """Connect with the invitation in this file (tests call this directly)."""
        profile, now = self._records.profile, self._now()

        def work() -> SchoolConnection:
            return connect_with_invitation(profile, read_invitation(path), now=now)

        self._start(work)

    def use_code(self) -> None:
        address, typed = self.hub_address.text().strip(), self.code.text()
        if not address:
            self.problem.say(_("Please type the school's hub address, as the coordinator gave it."))
            return
        if not typed.strip():
            self.problem.say(_("Please type the code."))
            return
        profile, now = self._records.profile, self._now()

        def work() -> SchoolConnection:
            # Parsed here too, so a mistyped code gets its plain message before any network.
            code = InvitationCode.parse(typed)
            return connect_with_code(profile, address, str(code), now=now)

        self._start(work)

    # -- running -------------------------------------------------------------------

    def _start(self, work: Callable[[], SchoolConnection]) -> None:
        if self.busy:
            return
        self._set_busy(True)
        self.problem.say("")
        self._say(_("Connecting to the school's hub…"))
        # The mentor may lock the app (which closes this dialog) while it works: then
        # nothing comes back here.
        run_operation(self, work, self._succeeded, self._not_connected, records=self._records)

    def _succeeded(self, connection: SchoolConnection) -> None:
        self.connection = connection
        self._set_busy(False)
        self._say(
            _("Connected to {school}. Reports will be sent when this laptop is online.").format(
                school=connection.school_name
            )
        )
        self.code.clear()
        self.connected.emit(connection)

    def _not_connected(self, problem: Problem) -> None:
        self._set_busy(False)
        self._say("")
        self.problem.say(problem.words)

    def _say(self, message: str) -> None:
        self.status.setText(message)
        self.status.setAccessibleName(message)
        self.status.setVisible(bool(message))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for control in (self.open_file_button, self.use_code_button, self.hub_address, self.code):
            control.setEnabled(not busy)
