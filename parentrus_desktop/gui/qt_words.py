"""Qt's own words (its standard buttons, a text box's right-click menu) from the app's
catalog, for a language Qt ships no translation of its own for (Somali, Greek and
Romanian in Qt 6.11) or whose translation lacks them (Qt's Slovak has no standard
buttons). Without it, "Leave without saving?" offered Discard / Cancel in
English to a mentor who may read no English, and one of them throws the changes away."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QTranslator

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.i18n import NC_, _, pgettext

#: A message in the app's catalog: its English alone, or (context, English).
Message = str | tuple[str, str]

# Qt asks for its words by context (the class that shows them) and English text, with
# "&" before the letter of a keyboard shortcut. The app's messages have no "&": the
# translation gets one before its first letter, where Qt's English had one.

# Translators: a standard button: agreeing with what a box says, or closing it
OK = NC_("button", "OK")
# Translators: a standard button: answering yes to a question
YES = NC_("button", "Yes")
# Translators: a standard button: answering no to a question
NO = NC_("button", "No")
# Translators: a standard button: leaving without saving, the changes are lost
DISCARD = NC_("button", "Discard")
# Translators: a standard button: opening a file chosen
OPEN = NC_("button", "Open")
CANCEL = N_("Cancel")
SAVE = N_("Save")
CLOSE = NC_("button", "Close")

# Translators: a text box's right-click menu: doing again what Undo took back
REDO = NC_("a text box's right-click menu", "Redo")
# Translators: a text box's right-click menu: taking the chosen text out, to paste it
CUT = NC_("a text box's right-click menu", "Cut")
# Translators: a text box's right-click menu: copying the chosen text, to paste it
COPY = NC_("a text box's right-click menu", "Copy")
# Translators: a text box's right-click menu: putting the copied text in the box
PASTE = NC_("a text box's right-click menu", "Paste")
# Translators: a text box's right-click menu: choosing all the text in the box
SELECT_ALL = NC_("a text box's right-click menu", "Select all")
# Translators: a number or date box's right-click menu: one more (the next day)
STEP_UP = NC_("a number or date box's right-click menu", "Step up")
# Translators: a number or date box's right-click menu: one less (the day before)
STEP_DOWN = NC_("a number or date box's right-click menu", "Step down")
UNDO = N_("Undo")
DELETE = N_("Delete")

_BUTTONS: dict[str, Message] = {
    "OK": OK,
    "Yes": YES,
    "No": NO,
    "Discard": DISCARD,
    "Open": OPEN,
    "Cancel": CANCEL,
    "Save": SAVE,
    "Close": CLOSE,
}
_TEXT_MENU: dict[str, Message] = {
    "Undo": UNDO,
    "Redo": REDO,
    "Cut": CUT,
    "Copy": COPY,
    "Paste": PASTE,
    "Delete": DELETE,
    "Select All": SELECT_ALL,
}

#: Qt's contexts and their English (without "&"), as Qt 6 asks for them
#: (qplatformtheme.cpp, qgenericunixthemes.cpp, qlineedit.cpp, qwidgettextcontrol.cpp,
#: qabstractspinbox.cpp).
QT_WORDS: dict[str, dict[str, Message]] = {
    "QPlatformTheme": _BUTTONS,
    # GNOME's desktop names Discard "Close without Saving"; macOS "Don't Save".
    "QGnomeTheme": {**_BUTTONS, "Close without Saving": DISCARD},
    "QCocoaTheme": {**_BUTTONS, "Don't Save": DISCARD},
    "QLineEdit": _TEXT_MENU,
    "QWidgetTextControl": _TEXT_MENU,
    "QTextControl": _TEXT_MENU,
    "QAbstractSpinBox": {"Select All": SELECT_ALL, "Step up": STEP_UP, "Step down": STEP_DOWN},
}

#: The standard buttons QT_WORDS gives words to (a test checks the app uses no other).
COVERED_BUTTONS = frozenset({"Ok", "Yes", "No", "Discard", "Open", "Cancel", "Save", "Close"})

_MNEMONIC = re.compile(r"&(?!&)")


def app_words(context: str, source: str) -> str | None:
    """The app's words for one of Qt's own, in the current language, with a keyboard
    shortcut letter where Qt's English has one; None for words the app does not know."""
    plain = _MNEMONIC.sub("", source).replace("&&", "&")
    message = QT_WORDS.get(context, {}).get(plain)
    if message is None:
        return None
    words = pgettext(*message) if isinstance(message, tuple) else _(message)
    words = words.replace("&", "&&")  # an "&" in the words is shown, not a shortcut
    if plain == source:
        return words
    first_letter = next((i for i, c in enumerate(words) if c.isalnum()), 0)
    return f"{words[:first_letter]}&{words[first_letter:]}"


class AppWordsForQt(QTranslator):
    """Answers Qt's requests for its own words from the app's catalog (installed under
    Qt's own translation, which answers first where it has the word: gui/language.py)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None, not "": Qt takes an empty string as a translation, and every word it
        # asks for that the app does not know (its layout direction too) would vanish.
        if disambiguation:
            return None
        return app_words(context, source_text)

    def isEmpty(self) -> bool:
        return False
