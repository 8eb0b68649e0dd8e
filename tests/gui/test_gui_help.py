"""Help, on every screen: About says the app's real version, licence and data folder, and
the user guide opens offline inside the app (F1), every page, link and picture of it."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile

from parentrus_desktop.gui.about_dialog import AboutDialog
from parentrus_desktop.gui.guide_browser import GuideDialog, GuideText
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.resources import GUIDE, resource_dir

ROOT = Path(__file__).resolve().parents[2]
MakeWindow = Callable[..., MentorWindow]


def _version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


class Opened(QObject):
    """What QDesktopServices was asked to open, in place of the system's browser or file
    manager (Qt's own hook for a scheme: setUrlHandler)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened() -> Iterator[Opened]:
    handler = Opened()
    for scheme in ("file", "http", "https", "mailto"):
        QDesktopServices.setUrlHandler(scheme, handler, "open")
    yield handler
    for scheme in ("file", "http", "https", "mailto"):
        QDesktopServices.unsetUrlHandler(scheme)


def formats(text: GuideText) -> Iterator[QTextCharFormat]:
    """The format of each piece of the page shown: a link, a picture, plain words."""
    block = text.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            yield fragments.fragment().charFormat()
            fragments += 1
        block = block.next()


def links(text: GuideText) -> list[str]:
    """Every link on the page shown."""
    return [found.anchorHref() for found in formats(text) if found.isAnchor()]


def pictures(text: GuideText) -> list[str]:
    """The name of every picture on the page shown."""
    return [found.toImageFormat().name() for found in formats(text) if found.isImageFormat()]


def test_about_says_the_real_version_licence_and_data_folder(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path, opened: Opened
) -> None:
    window = make_window()
    about = window.show_about()
    assert isinstance(about, AboutDialog) and about.isVisible()
    version = about.findChild(QLabel, "version")
    assert version is not None and _version() in version.text()
    assert "AGPL-3.0-or-later" in about.findChild(QLabel, "licence-words").text()  # type: ignore[union-attr]
    folder = about.findChild(QLabel, "data-folder")
    assert folder is not None and folder.text() == str(data_dir)

    assert about.open_folder() is True
    assert [url.toLocalFile() for url in opened.urls] == [str(data_dir)]

    about.show_licence()
    assert about.licence is not None
    assert about.licence.text.toPlainText() == (ROOT / "LICENSE").read_text(encoding="utf-8")
    about.licence.accept()
    about.close()


def test_about_says_plainly_when_the_folder_cannot_be_opened(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path, opened: Opened
) -> None:
    window = make_window()
    about = window.show_about()
    assert isinstance(about, AboutDialog)
    said = about.findChild(QLabel, "data-folder-not-opened")
    assert isinstance(said, QLabel) and not said.isVisible()
    missing = data_dir / "moved-away"  # e.g. a folder on a drive no longer plugged in
    about.data_dir = missing
    assert about.open_folder() is False
    assert opened.urls == []
    assert said.isVisible() and said.text().startswith("The folder could not be opened")
    folder = about.findChild(QLabel, "data-folder")
    assert folder is not None and folder.text() == str(data_dir)  # the address to copy
    about.data_dir = data_dir
    assert about.open_folder() is True and not said.isVisible()
    about.close()


def test_about_leads_to_the_guide(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    about = window.show_about()
    assert isinstance(about, AboutDialog)
    about.show_guide()
    assert not about.isVisible()
    assert isinstance(window.guide, GuideDialog) and window.guide.isVisible()


@pytest.mark.parametrize("when", ["first run", "picker", "unlocked"])
def test_f1_opens_the_guide_on_every_screen(
    qtbot: QtBot, make_window: MakeWindow, when: str
) -> None:
    window = make_window()
    if when != "first run":
        create_first_profile(qtbot, window)
        if when == "picker":
            window.lock()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.guide
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    assert guide.text.source().fileName() == "README.md"
    # The same window again, not a second one.
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.guide is guide
    assert [action.text() for action in window.help_menu.actions()] == [
        "User guide",
        "About Parent'R'Us Mentor",
    ]


def test_every_page_link_and_picture_of_the_guide_works_offline(
    qtbot: QtBot, make_window: MakeWindow, opened: Opened
) -> None:
    window = make_window()
    guide = window.show_guide()
    assert isinstance(guide, GuideDialog)
    folder = resource_dir(GUIDE)
    shipped = sorted(path.name for path in (ROOT / "docs" / "guide").glob("*.md"))
    assert sorted(page.path.name for page in guide.pages) == shipped
    assert guide.contents.count() == len(shipped) == 9
    seen_pictures = 0
    for row, page in enumerate(guide.pages):
        guide.contents.setCurrentRow(row)
        shown = Path(guide.text.source().toLocalFile())
        assert shown == page.path and shown.is_relative_to(folder)
        assert guide.text.toPlainText().startswith(page.title)
        for name in pictures(guide.text):
            picture = guide.text.picture(QUrl(name))
            assert not picture.isNull(), f"{page.path.name}: {name}"
            # Fitted beside the list of pages: no sideways scrolling.
            assert picture.width() / picture.devicePixelRatio() <= guide.text.viewport().width()
            seen_pictures += 1
        for link in links(guide.text):
            guide.text.follow(QUrl(link))
            arrived = Path(guide.text.source().toLocalFile())
            assert arrived != page.path and arrived.is_relative_to(folder), link
            assert guide.contents.currentRow() == [p.path for p in guide.pages].index(arrived)
            assert guide.back.isEnabled()
            guide.back.click()
            assert Path(guide.text.source().toLocalFile()) == page.path
    # Every picture in the pages' Markdown was found on its page, and loaded.
    in_docs = sum(path.read_text().count("![") for path in (ROOT / "docs" / "guide").glob("*.md"))
    assert seen_pictures == in_docs > 0
    assert opened.urls == []  # nothing was sent to a browser or a file manager


def test_a_link_to_the_web_opens_the_browser_only_when_clicked(
    qtbot: QtBot, make_window: MakeWindow, opened: Opened
) -> None:
    window = make_window()
    guide = window.show_guide()
    assert isinstance(guide, GuideDialog)
    before = guide.text.source()
    assert opened.urls == []
    guide.text.follow(QUrl("https://www.gnu.org/licenses/agpl-3.0.html"))
    assert [url.toString() for url in opened.urls] == ["https://www.gnu.org/licenses/agpl-3.0.html"]
    assert guide.text.source() == before  # the guide stays on its page


def test_a_picture_that_is_missing_is_not_drawn_as_one(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    guide = make_window().show_guide()
    assert isinstance(guide, GuideDialog)
    assert guide.text.picture(QUrl("../screenshots/en/no-such-screen.png")).isNull()
    image = guide.text.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl("../screenshots/en/05-today.png")
    )
    assert image.isNull()  # type: ignore[attr-defined]  # not shipped: the guide does not show it


def test_in_arabic_the_guide_says_it_is_in_english_and_reads_left_to_right(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    guide = make_window("ar").show_guide()
    assert isinstance(guide, GuideDialog)
    note = guide.findChild(QLabel, "guide-language")
    assert note is not None and note.isVisible()
    assert guide.guide_language == "en"
    assert guide.text.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert guide.layoutDirection() == Qt.LayoutDirection.RightToLeft  # the buttons do not


def test_in_english_there_is_no_note_about_the_language(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    guide = make_window().show_guide()
    assert guide.findChild(QLabel, "guide-language") is None
