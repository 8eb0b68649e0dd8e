"""The consent words on the consent form, in the family's language, to read out: which
language and which version they are, and the sentences themselves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from parentrus_desktop.bidi import isolated, left_to_right
from parentrus_desktop.domain.consent_words import ConsentWords, consent_words, words_given_with
from parentrus_desktop.domain.vocabulary import ConsentScope
from parentrus_desktop.gui.language import is_right_to_left, native_name
from parentrus_desktop.i18n import _, speaking


def read_out(words: ConsentWords, language: str) -> tuple[list[str], str]:
    """(the sentences of these words, the language they are in): the given language if
    the app has words in it, else the mentor's."""
    with speaking([language]) as used:
        return [_(s) for s in words.sentences], used


class ConsentWordsBox(QFrame):
    """A framed box: a line saying the language and version, then the words."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("consent-words")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.about = self._label("consent-words-about")
        bold = self.about.font()
        bold.setBold(True)
        self.about.setFont(bold)
        self.text = self._label("consent-words-text")
        bigger = self.text.font()
        bigger.setPointSizeF(bigger.pointSizeF() * 1.15)  # read out loud, often to a phone
        self.text.setFont(bigger)
        layout.addWidget(self.about)
        layout.addWidget(self.text)
        #: The language the words are shown in now.
        self.language = ""

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def show_words(self, scope: ConsentScope, language: str, version: str) -> None:
        """Show the words for this scope in this language (or the nearest the app has),
        and say which, with the version the record will keep: the words of that version
        when the app still has them, else today's."""
        current = consent_words(scope).version
        given = words_given_with(scope, version)
        words = given if given is not None else consent_words(scope)
        sentences, used = read_out(words, language)
        self.language = used
        lines = [
            _("Words to read out, in {language}, version {version}.").format(
                language=isolated(native_name(used)), version=left_to_right(words.version)
            )
        ]
        if used != language:
            lines.append(
                _(
                    "The app has no consent words in {language} yet. Read these with an "
                    "interpreter."
                ).format(language=isolated(native_name(language)))
            )
        if version != current and given is not None:
            lines.append(
                _(
                    "This consent was given with these words, version {given}. Today's "
                    "words are version {today}."
                ).format(given=left_to_right(version), today=left_to_right(current))
            )
        elif version != current:
            lines.append(
                _(
                    "This consent was given with version {given} of the words, and keeps "
                    "it. These are today's words."
                ).format(given=left_to_right(version))
            )
        self.about.setText("\n".join(lines))
        self.about.setAccessibleName(self.about.text())
        text = "\n\n".join(f"• {s}" for s in sentences)
        self.text.setText(text)
        self.text.setAccessibleName(text)
        # The words read in their own direction, whatever the mentor's language.
        rtl = is_right_to_left(used)
        ltr = Qt.LayoutDirection.LeftToRight
        self.text.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else ltr)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
