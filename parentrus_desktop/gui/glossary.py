"""School words: the glossary page (search, tick, print in a chosen language), the page
printed for a family, and the organisation's own words in Settings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.bidi import isolated
from parentrus_desktop.gui.language import available_languages, is_right_to_left, native_name
from parentrus_desktop.gui.printable import PrintableDialog, page, table_row
from parentrus_desktop.gui.widgets import big_button, heading, words
from parentrus_desktop.i18n import _, current_language, has_catalog, speaking
from parentrus_desktop.school_words import OwnWord, ShownWord, check_own_word, find, shown
from parentrus_desktop.store.own_school_words import OwnSchoolWords

WORD_KEY = Qt.ItemDataRole.UserRole


def item_text(word: ShownWord) -> str:
    """A word in a list: translated, with the school's own word beside it."""
    if word.word == word.school_says:
        return word.school_says
    return f"{word.word} — {isolated(word.school_says)}"


# --- The page printed for a family --------------------------------------------------------


#: The school words' type, in points: larger than a letter's, as a family may show the
#: page at school (the title and headings are larger still, as ``page`` sets them).
GLOSSARY_TYPE = 15


def glossary_html(
    languages: Iterable[str], own: Sequence[OwnWord], keys: Iterable[str] = ()
) -> tuple[str, bool]:
    """The school words (all, or those with these keys) in the first of these languages
    the app speaks, each beside the word as the school says it; and whether the page reads
    right to left. It holds no family data: the same page suits any family."""
    chosen = set(keys)
    with speaking(languages) as used:
        entries = [w for w in shown(own) if not chosen or w.key in chosen]
        head = table_row(
            f"<th>{escape(text)}</th>"
            for text in (_("At school they say"), _("What it means"))  # a table's headings
        )
        rows = []
        for entry in entries:
            meaning = escape(entry.explanation)
            if entry.word != entry.school_says:
                meaning = f"<b>{escape(entry.word)}</b><br/>{meaning}"
            rows.append(
                table_row(
                    [
                        f'<td width="32%"><b>{escape(isolated(entry.school_says))}</b></td>',
                        f"<td>{meaning}</td>",
                    ]
                )
            )
        body = [
            "<p>"
            + escape(
                _(
                    "Words you will hear at school, as the school says them, and what they "
                    "mean. Show this page at school if you are not sure."
                )
            )
            + "</p>",
            '<table width="100%" cellspacing="0" cellpadding="8" border="1">'
            f"{head}{''.join(rows)}</table>",
        ]
        return page(_("School words"), body, text_size=GLOSSARY_TYPE), is_right_to_left(used)


def glossary_dialog(
    languages: Iterable[str],
    own: Sequence[OwnWord],
    keys: Iterable[str] = (),
    parent: QWidget | None = None,
) -> PrintableDialog:
    """The page, shown first, with Print. Its window title names no family."""
    html, right_to_left_page = glossary_html(languages, own, keys)
    return PrintableDialog(
        _("School words"),
        html,
        "school-words-page",
        right_to_left_page=right_to_left_page,
        parent=parent,
    )


class FamilySchoolWordsDialog(PrintableDialog):
    """The school words for one family: in their first language the app speaks; when it
    speaks none of theirs, it says so and the mentor chooses the page's language (as the
    handout does). Its window title names no family."""

    def __init__(
        self, languages: Sequence[str], own: Sequence[OwnWord], parent: QWidget | None = None
    ) -> None:
        self._own = own
        start = next((tag for tag in languages if has_catalog(tag)), current_language())
        html, right_to_left_page = glossary_html([start], own)
        super().__init__(
            _("School words"),
            html,
            "school-words-page",
            right_to_left_page=right_to_left_page,
            parent=parent,
        )
        self.language = QComboBox()
        self.language.setObjectName("school-words-language")
        for tag, name in available_languages():
            self.language.addItem(name, tag)
        self.language.setCurrentIndex(max(self.language.findData(start), 0))
        caption = QLabel(_("Language of the page"))
        caption.setBuddy(self.language)
        choices = QHBoxLayout()
        choices.addWidget(caption)
        choices.addWidget(self.language, 1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, choices)
        if languages and not any(has_catalog(tag) for tag in languages):
            asked = ", ".join(isolated(native_name(tag)) for tag in languages)
            said = _("The app has no words in {languages} yet: choose the page's language.")
            layout.insertWidget(0, words(said.format(languages=asked), "school-words-no-language"))
        self.language.currentIndexChanged.connect(self._show)

    def _show(self, *_why: object) -> None:
        html, right_to_left_page = glossary_html([self.language.currentData()], self._own)
        self.view.show_html(html, right_to_left_page=right_to_left_page)


# --- The glossary page --------------------------------------------------------------------


class GlossaryPage(QWidget):
    """Every school word, searchable; tick words to print only those, in a chosen language."""

    #: Fires when the mentor asks for the page to print (the workspace opens it).
    print_requested = Signal()

    def __init__(self, store: OwnSchoolWords) -> None:
        super().__init__()
        self.setObjectName("glossary")
        self._store = store
        self._words: list[ShownWord] = []
        self._ticked: set[str] = set()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("School words")))
        layout.addWidget(
            words(
                _(
                    "Words families hear at school, and what they mean in plain words. Tick "
                    "words to print only those; your organisation can add its own in Settings."
                )
            )
        )
        self.search = QLineEdit()
        self.search.setObjectName("glossary-search")
        self.search.setPlaceholderText(_("Find a school word"))
        self.search.setAccessibleName(_("Find a school word"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        middle = QHBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("glossary-list")
        self.list.setAccessibleName(_("School words"))
        middle.addWidget(self.list, 2)
        entry = QVBoxLayout()
        self.entry_word = heading("", "section")
        self.entry_word.setObjectName("glossary-word")
        self.entry_english = words("", "glossary-english")
        self.entry_explanation = words("", "glossary-explanation")
        for label in (self.entry_word, self.entry_english, self.entry_explanation):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            entry.addWidget(label)
        entry.addStretch()
        middle.addLayout(entry, 3)
        layout.addLayout(middle, 1)
        bottom = QHBoxLayout()
        caption = QLabel(_("Print in"))
        self.language = QComboBox()
        self.language.setObjectName("glossary-language")
        self.language.setAccessibleName(_("Print in"))
        caption.setBuddy(self.language)
        for tag, name in available_languages():
            self.language.addItem(name, tag)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.print_button = big_button(_("Print school words…"), "print-glossary")
        self.print_button.clicked.connect(self.print_requested.emit)
        bottom.addWidget(caption)
        bottom.addWidget(self.language)
        bottom.addStretch()
        bottom.addWidget(self.print_button)
        layout.addLayout(bottom)
        self.search.textChanged.connect(self._fill)
        self.list.currentItemChanged.connect(self._show)
        self.list.itemChanged.connect(self._tick)
        self.refresh()

    def refresh(self) -> None:
        """Read the words again (the organisation's may have changed) and show them."""
        self._words = shown(self._store.load())
        self._fill()

    def own_words(self) -> list[OwnWord]:
        return self._store.load()

    def found(self, query: str) -> list[ShownWord]:
        """The words that match, in the mentor's language (Ctrl+K asks here too)."""
        return find(shown(self._store.load()), query)

    def ticked(self) -> list[str]:
        """The keys of the words ticked to print (none: print them all)."""
        return sorted(self._ticked)

    def print_language(self) -> str:
        return str(self.language.currentData() or current_language())

    def show_word(self, key: str) -> bool:
        """Show this word (Ctrl+K opened it): the search is cleared so it is in the list."""
        self.refresh()
        self.search.clear()
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(WORD_KEY) == key:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
                return True
        return False

    def _fill(self, *_why: object) -> None:
        current = self.list.currentItem()
        keep = current.data(WORD_KEY) if current is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        for word in find(self._words, self.search.text()):
            item = QListWidgetItem(item_text(word), self.list)
            item.setData(WORD_KEY, word.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if word.key in self._ticked else Qt.CheckState.Unchecked
            )
            if word.own:
                item.setToolTip(_("Added by your organisation"))
        self.list.blockSignals(False)
        items = [self.list.item(row) for row in range(self.list.count())]
        chosen = next((i for i in items if i.data(WORD_KEY) == keep), self.list.item(0))
        if chosen is not None:
            # The word shown beside the list, not highlighted: a line is chosen by the
            # mentor (a highlighted line hides its tick box in the dark themes).
            self.list.setCurrentItem(chosen, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._show(chosen)

    def _show(self, item: QListWidgetItem | None, *_previous: object) -> None:
        word = next((w for w in self._words if item and w.key == item.data(WORD_KEY)), None)
        if word is None:
            self.entry_word.setText(_("No school word matches.") if self.search.text() else "")
            self.entry_english.setText("")
            self.entry_explanation.setText("")
            return
        self.entry_word.setText(word.word)
        self.entry_word.setAccessibleName(word.word)
        english = word.school_says if word.word != word.school_says else ""
        if english:
            # Translators: above the English word, as the family will hear it at school
            english = _("At school they say:") + " " + isolated(english)
        self.entry_english.setText(english)
        self.entry_english.setVisible(bool(english))
        self.entry_explanation.setText(word.explanation)
        self.entry_explanation.setAccessibleName(word.explanation)

    def _tick(self, item: QListWidgetItem) -> None:
        key = str(item.data(WORD_KEY))
        if item.checkState() == Qt.CheckState.Checked:
            self._ticked.add(key)
        else:
            self._ticked.discard(key)


# --- The organisation's own words (Settings) ------------------------------------------------


class OwnWordsSection(QWidget):
    """Settings: the organisation adds words for its country's school system. They are
    shown as typed, in the language they were typed in."""

    #: Fires when a word was added or removed.
    changed = Signal()

    def __init__(self, store: OwnSchoolWords) -> None:
        super().__init__()
        self.setObjectName("own-school-words")
        self._store = store
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Your organisation's school words"), "section"))
        layout.addWidget(
            words(
                _(
                    "Add words from your country's school system to the school words. They "
                    "are shown as you type them, in every language. Never a family's name: "
                    "every mentor on this laptop sees them."
                )
            )
        )
        self.list = QListWidget()
        self.list.setObjectName("own-words-list")
        self.list.setAccessibleName(_("Your organisation's school words"))
        self.list.setMaximumHeight(120)
        layout.addWidget(self.list)
        self.word = QLineEdit()
        self.word.setObjectName("own-word")
        self.word.setPlaceholderText(_("The word, as the school says it"))
        self.word.setAccessibleName(_("The word, as the school says it"))
        self.explanation = QLineEdit()
        self.explanation.setObjectName("own-word-explanation")
        self.explanation.setPlaceholderText(_("What it means, in plain words"))
        self.explanation.setAccessibleName(_("What it means, in plain words"))
        layout.addWidget(self.word)
        layout.addWidget(self.explanation)
        self.problem = words("", "own-word-problem")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        self.add_button = big_button(_("Add the word"), "add-own-word")
        self.add_button.clicked.connect(self.add)
        self.remove_button = big_button(_("Remove the chosen word"), "remove-own-word")
        self.remove_button.clicked.connect(self.remove)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for own in self._store.load():
            # Each part keeps the direction it was typed in (Dutch words in an Arabic app).
            shown_as = f"{isolated(own.word)} — {isolated(own.explanation)}"
            item = QListWidgetItem(shown_as, self.list)
            item.setData(WORD_KEY, own.word)
        self.remove_button.setEnabled(self.list.count() > 0)

    def add(self) -> bool:
        """Add the typed word; says what is wrong instead when it cannot be added."""
        word, explanation = self.word.text().strip(), self.explanation.text().strip()
        wrong = check_own_word(word, explanation, self._store.load())
        if wrong is None:
            try:
                self._store.add(OwnWord(word, explanation))
            except OSError:
                wrong = _("The word could not be saved on this laptop. Try again.")
        if wrong is not None:
            self.problem.setText(_(wrong))
            self.problem.show()
            return False
        self.problem.hide()
        self.word.clear()
        self.explanation.clear()
        self._fill()
        self.changed.emit()
        return True

    def remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.problem.setText(_("Choose a word in the list first."))
            self.problem.show()
            return
        try:
            self._store.remove(str(item.data(WORD_KEY)))
        except OSError:
            self.problem.setText(_("The word could not be saved on this laptop. Try again."))
            self.problem.show()
            return
        self._fill()
        self.changed.emit()
