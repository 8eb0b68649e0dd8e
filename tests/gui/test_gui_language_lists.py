"""A family's languages: named in their own script and the mentor's, and another language
typed by name is kept with the family."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.gui.choosers import LanguageList
from parentrus_desktop.gui.window import MentorWindow

MakeWindow = Callable[..., MentorWindow]


def test_a_language_typed_by_name_is_ticked_and_saved_with_the_family(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace = create_first_profile(qtbot, make_window())
    family = add_family(qtbot, workspace, "Amina")
    form = workspace.edit_family(family)
    settle(qtbot)
    languages = form.languages
    assert isinstance(languages, LanguageList)
    texts = [languages.item(i).text() for i in range(languages.count())]
    assert "বাংলা — Bangla" in texts and "romani čhib — Romany" in texts
    assert texts[-1] == "Another language (type it)…"
    assert languages.add_typed("Tamil") == "ta"
    assert languages.add_typed("a language nobody has heard of") == "mis"
    texts = [languages.item(i).text() for i in range(languages.count())]
    assert texts[-3:] == ["தமிழ் — Tamil", "Another language", "Another language (type it)…"]
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    (saved,) = form.saved
    assert {"ta", "mis"} <= set(saved.languages)
