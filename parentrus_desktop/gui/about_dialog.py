"""Help → About: what the app is (name, version, licence), where its data folder is,
and the way to the user guide."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.about import app_version
from parentrus_desktop.gui.widgets import big_button, fitting_size, heading, words
from parentrus_desktop.i18n import _, pgettext
from parentrus_desktop.user_guide import LICENCE_ONLINE, licence_text

#: The app's name is a name: the same in every language (the window's title too).
NAME = "Parent'R'Us Mentor"
#: The SPDX name of the licence pyproject.toml states.
LICENCE = "AGPL-3.0-or-later"


class LicenceDialog(QDialog):
    """The licence's full text, as shipped with the app (English, as the licence is)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("licence")
        self.setWindowTitle(_("Licence"))
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("licence-text")
        self.text.setReadOnly(True)
        self.text.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.text.setAccessibleName(_("Licence"))
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addStretch()
        close = big_button(pgettext("button", "Close"), "licence-close", primary=True)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(fitting_size(self, 760, 640))


class AboutDialog(QDialog):
    """Name, version, licence, the data folder (with Open folder) and the user guide."""

    def __init__(
        self, data_dir: Path, open_guide: Callable[[], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle(_("About Parent'R'Us Mentor"))
        self.data_dir = data_dir
        self._open_guide = open_guide
        self.licence: LicenceDialog | None = None
        # The words scroll on a short screen (1280x720 at 150%); Close stays in view.
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(heading(NAME))
        self.version = words(_("Version {version}").format(version=app_version()), "version")
        layout.addWidget(self.version)
        layout.addWidget(
            words(
                _(
                    "The parent mentor's record book. What you write stays locked on this "
                    "laptop. A school sees only numbers for all your families together."
                )
            )
        )

        layout.addWidget(heading(_("Licence"), "subheading"))
        layout.addWidget(
            words(
                _(
                    "Free software: you may use, share and change it under the GNU Affero "
                    "General Public License, version 3 or later ({licence})."
                ).format(licence=LICENCE),
                "licence-words",
            )
        )
        read = big_button(_("Read the licence"), "read-licence")
        read.clicked.connect(self.show_licence)
        layout.addLayout(_left(read))

        layout.addWidget(heading(_("Your data folder"), "subheading"))
        layout.addWidget(
            words(
                _(
                    "Your locked profiles, the app's settings and its log are kept in this "
                    "folder. Back it up with Settings → Back up now, not by copying it."
                )
            )
        )
        self.folder = QLabel(str(data_dir))
        self.folder.setObjectName("data-folder")
        self.folder.setTextFormat(Qt.TextFormat.PlainText)
        self.folder.setWordWrap(True)
        # A path reads left to right in every language, and can be copied.
        self.folder.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setAccessibleName(_("Data folder"))
        layout.addWidget(self.folder)
        open_folder = big_button(_("Open folder"), "open-data-folder")
        open_folder.clicked.connect(self.open_folder)
        layout.addLayout(_left(open_folder))
        # Said when the system cannot open the folder (no file manager, a missing folder).
        self.not_opened = words("", "data-folder-not-opened")
        self.not_opened.setVisible(False)
        layout.addWidget(self.not_opened)
        layout.addStretch()
        scroll = QScrollArea()
        scroll.setObjectName("about-scroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)

        row = QHBoxLayout()
        guide = big_button(_("User guide (F1)"), "about-guide")
        guide.clicked.connect(self.show_guide)
        row.addWidget(guide)
        row.addStretch()
        close = big_button(pgettext("button", "Close"), "about-close", primary=True)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        outer.addLayout(row)
        self.resize(fitting_size(self, 640, body.sizeHint().height() + 80))

    def open_folder(self) -> bool:
        """The data folder in the system's file manager; when it cannot be, say so."""
        opened = self.data_dir.is_dir() and QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self.data_dir))
        )
        self.not_opened.setText(
            _(
                "The folder could not be opened here. Copy its address above and open it "
                "in your file manager."
            )
        )
        self.not_opened.setVisible(not opened)
        return opened

    def show_licence(self) -> None:
        text = licence_text()
        if text is None:  # a copy made without the licence file: say where it is
            text = _("The licence is on the web: {address}").format(address=LICENCE_ONLINE)
        self.licence = LicenceDialog(text, self)
        self.licence.open()

    def show_guide(self) -> None:
        self.accept()
        self._open_guide()


def _left(button: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(button)
    row.addStretch()
    return row
