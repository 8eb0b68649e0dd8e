"""Help → User guide (F1): the mentor's guide, read offline inside the app, with a list
of its pages, links between pages, its screenshots, and Back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.gui.widgets import big_button, fitting_size, words
from parentrus_desktop.i18n import _, current_language, pgettext
from parentrus_desktop.user_guide import GuidePage, guide_folder, guide_pages

#: The widest a screenshot is drawn, in the screen's own units: it fits beside the list
#: of pages on a 1366x768 laptop without scrolling sideways.
PICTURE_WIDTH = 640
#: Links that leave the guide: opened in the mentor's browser, and only when clicked.
WEB_SCHEMES = ("http", "https", "mailto")


class GuideText(QTextBrowser):
    """One page of the guide (Markdown). A link to another page opens it here; a link
    to the web opens the browser; a screenshot is drawn no wider than the page."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("guide-text")
        self.setOpenLinks(False)  # follow() decides: here, the browser, or nowhere
        # Words wrap and pictures are fitted to the width: no sideways scrolling (at 150%
        # a line can round to half a pixel wider than the page, which would show one).
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.anchorClicked.connect(self.follow)

    def follow(self, link: QUrl) -> None:
        target = self.source().resolved(link)
        if target.scheme() in WEB_SCHEMES:
            QDesktopServices.openUrl(target)
        elif target.isLocalFile() and Path(target.toLocalFile()).is_file():
            self.setSource(target)

    def picture(self, link: QUrl) -> QImage:
        """The screenshot a page shows at ``link`` (relative to the page), fitted to the
        page's width; a null image when it is not there."""
        path = self.source().resolved(link).toLocalFile()
        image = QImage(path) if path else QImage()
        ratio = self.devicePixelRatioF()
        # As wide as the page shown (less its margins), at most PICTURE_WIDTH. A screenshot
        # was taken at 100%: each of its pixels is one of the page's units until it is
        # made smaller, then drawn with the screen's own pixels (sharp at 150%).
        width = max(min(PICTURE_WIDTH, self.viewport().width() - 40), 200)
        if not image.isNull() and image.width() > width:
            image = image.scaledToWidth(
                int(width * ratio), Qt.TransformationMode.SmoothTransformation
            )
            image.setDevicePixelRatio(ratio)
        return image

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return self.picture(QUrl(name))
        return super().loadResource(kind, name)


class GuideDialog(QDialog):
    """The guide's pages on the left, the page on the right; Back and Close below. Not
    modal: a mentor can read it beside the app. It shows no records, so it stays open
    when the app locks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide")
        self.setWindowTitle(_("User guide"))
        language = current_language()
        self.pages: list[GuidePage] = guide_pages(language)
        _folder, self.guide_language = guide_folder(language)
        layout = QVBoxLayout(self)
        if self.guide_language != language:
            layout.addWidget(words(_("The guide is in English for now."), "guide-language"))
        row = QHBoxLayout()
        self.contents = QListWidget()
        self.contents.setObjectName("guide-contents")
        self.contents.setAccessibleName(_("Pages of the guide"))
        for page in self.pages:
            QListWidgetItem(page.title, self.contents)
        self.contents.setMaximumWidth(280)
        self.contents.setWordWrap(True)
        row.addWidget(self.contents)
        self.text = GuideText()
        self.text.setAccessibleName(_("User guide"))
        if self.guide_language == "en":
            # English pages and their titles read left to right when the app is in Arabic.
            self.text.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            self.contents.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        row.addWidget(self.text, 1)
        layout.addLayout(row, 1)
        if not self.pages:
            self.text.setPlainText(
                _("The user guide is missing from this copy of the app. Ask your IT volunteer.")
            )
        buttons = QHBoxLayout()
        self.back = big_button(_("Back"), "guide-back")
        self.back.setEnabled(False)
        self.back.clicked.connect(self.text.backward)
        self.text.backwardAvailable.connect(self.back.setEnabled)
        buttons.addWidget(self.back)
        buttons.addStretch()
        close = big_button(pgettext("button", "Close"), "guide-close")
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.contents.currentRowChanged.connect(self._chosen)
        self.text.sourceChanged.connect(self._shown)
        self.resize(fitting_size(self, 1100, 720))
        layout.activate()  # the page's width is known before its pictures are fitted to it
        if self.pages:
            self.contents.setCurrentRow(0)

    def open_page(self, name: str) -> None:
        """Show the page of this file name (``02-logging-a-session.md``)."""
        for page in self.pages:
            if page.path.name == name:
                self.text.setSource(QUrl.fromLocalFile(str(page.path)))

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            wanted = self.pages[row].path
            if self.text.source().toLocalFile() != str(wanted):
                self.text.setSource(QUrl.fromLocalFile(str(wanted)))

    def _shown(self, source: QUrl) -> None:
        """The list follows a link or Back to the page now shown."""
        shown = source.toLocalFile()
        for row, page in enumerate(self.pages):
            if str(page.path) == shown:
                self.contents.blockSignals(True)
                self.contents.setCurrentRow(row)
                self.contents.blockSignals(False)
