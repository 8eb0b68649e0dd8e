"""Settings: language, automatic lock, privacy screen, how the app looks, the keys, backups
and how long records are kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.gui.backups import BackupSection
from parentrus_desktop.gui.flow_layout import FlowLayout, wrapping_form
from parentrus_desktop.gui.glossary import OwnWordsSection
from parentrus_desktop.gui.keeping_records import KeepingRecordsSection
from parentrus_desktop.gui.keys_dialog import CHANGE_PASSPHRASE, NEW_RECOVERY_KEY, KeysDialog
from parentrus_desktop.gui.language import available_languages
from parentrus_desktop.gui.preferences import THEMES, Preferences
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.remove_profile import RemoveProfileDialog
from parentrus_desktop.gui.safeguarding import SafeguardingSection
from parentrus_desktop.gui.widgets import MinutesBox, big_button, heading, wrapped_lines
from parentrus_desktop.i18n import _, current_language
from parentrus_desktop.store.own_school_words import OwnSchoolWords
from parentrus_desktop.vault.kdf import KdfParameters


class WrappingTick(QCheckBox):
    """A tick box whose words wrap onto more lines when the page is narrow, as a label's
    do: a long setting in a long language on a small laptop never makes Settings scroll
    sideways. ``text()`` is the words as given; what is painted may be broken into lines
    (as LineButton does for a button)."""

    #: The narrowest it gets before its words are wrapped no further.
    NARROWEST = 200

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.setObjectName(name)
        self.setAccessibleName(text)
        self._words = text
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)  # a tick box's is Fixed: one line
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._words

    def set_words(self, text: str) -> None:
        self._words = text
        self.setAccessibleName(text)
        self.setText("\n".join(self._lines(self.width())))
        self.updateGeometry()

    def _size_for(self, lines: str) -> QSize:
        """The size the style gives these lines of words, the box beside them (as
        QCheckBox.sizeHint measures its text, asked each time: the style sheet that sets
        the box's size and padding comes after the widget is made)."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        words = self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, lines)
        return self.style().sizeFromContents(QStyle.ContentsType.CT_CheckBox, option, words, self)

    def _lines(self, width: int) -> list[str]:
        metrics = self.fontMetrics()
        beside = self._size_for(self._words).width() - metrics.horizontalAdvance(self._words)
        room = max(width - beside, 1)
        return wrapped_lines(self._words, metrics, room)

    def sizeHint(self) -> QSize:
        return self._size_for(self._words)

    def minimumSizeHint(self) -> QSize:
        # One line high: the layout asks heightForWidth for the lines at the width it gives.
        one_line = self.sizeHint()
        return QSize(min(self.NARROWEST, one_line.width()), one_line.height())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._size_for("\n".join(self._lines(width))).height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        wrapped = "\n".join(self._lines(event.size().width()))
        if wrapped != QCheckBox.text(self):
            self.setText(wrapped)
            self.updateGeometry()
        super().resizeEvent(event)


class SettingsPage(QWidget):
    #: Fires with the key of a setting that was changed.
    changed = Signal(str)
    #: Fires when the mentor confirmed removing the profile from this laptop.
    remove_profile = Signal()

    def __init__(
        self,
        preferences: Preferences,
        records: OpenRecords | None = None,
        make_kdf: Callable[[], KdfParameters] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("settings")
        self._preferences = preferences
        self._records = records
        self._make_kdf = make_kdf  # None: tuned to this laptop when the keys are made
        self.keys_dialog: KeysDialog | None = None
        self.remove_dialog: RemoveProfileDialog | None = None
        # The page scrolls: with backups and record keeping it is taller than a
        # 768-pixel screen.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroller = scroll = QScrollArea()
        scroll.setObjectName("settings-scroll")
        scroll.setAccessibleName(_("Settings"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.addWidget(heading(_("Settings")))
        # A label goes above its field, and a tick box's words wrap, when the page is too
        # narrow for them side by side (a long language at 150%): no sideways scrolling.
        form = wrapping_form()
        self.language = QComboBox()
        self.language.setObjectName("language")
        for tag, name in available_languages():
            self.language.addItem(name, tag)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self._row(form, _("Language"), self.language)
        self.auto_lock = WrappingTick(_("Lock by itself when I stop using it"), "auto-lock")
        self.auto_lock.setChecked(bool(preferences.get("auto_lock")))
        self._row(form, "", self.auto_lock)
        self.minutes = MinutesBox(
            "auto-lock-minutes",
            preferences.number("auto_lock_minutes"),
            lowest=1,
            highest=60,
        )
        self._row(form, _("Lock after"), self.minutes)
        self.privacy = WrappingTick(
            _("Privacy screen: show family codes instead of names"), "privacy-setting"
        )
        self.privacy.setChecked(bool(preferences.get("privacy_screen")))
        self._row(form, "", self.privacy)
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        for key, name in THEMES.items():
            self.theme.addItem(_(name), key)
        self.theme.setCurrentIndex(self.theme.findData(preferences.get("theme")))
        # Translators: a setting: the app's colours (light, dark, high contrast)
        self._row(form, _("Look"), self.theme)
        layout.addLayout(form)
        if records is not None:
            # Right under the other settings, with a heading: at the foot of an empty page
            # they were easy to miss.
            layout.addWidget(heading(_("Your passphrase and recovery key"), "section"))
            keys = FlowLayout()  # the two buttons go one above the other when narrow
            self.change_passphrase = big_button(_("Change my passphrase…"), "change-passphrase")
            self.change_passphrase.clicked.connect(lambda: self.open_keys(CHANGE_PASSPHRASE))
            self.new_recovery_key = big_button(_("Make a new recovery key…"), "new-recovery-key")
            self.new_recovery_key.clicked.connect(lambda: self.open_keys(NEW_RECOVERY_KEY))
            keys.addWidget(self.change_passphrase)
            keys.addWidget(self.new_recovery_key)
            keys.addStretch()
            layout.addLayout(keys)
            self.backups = BackupSection(records)
            layout.addWidget(self.backups)
            # How long closed families are kept, the activity log and "Save my log…".
            self.keeping_records = KeepingRecordsSection(records)
            layout.addWidget(self.keeping_records)
            # The organisation's safeguarding steps and contacts (sealed in this profile).
            self.safeguarding = SafeguardingSection(records)
            layout.addWidget(self.safeguarding)
            # The organisation's own school words (a file on this laptop: no personal data).
            self.school_words = OwnWordsSection(OwnSchoolWords(preferences.folder))
            layout.addWidget(self.school_words)
            layout.addWidget(heading(_("This laptop"), "section"))
            leaving = QHBoxLayout()
            self.remove_button = big_button(
                _("Remove my profile from this laptop…"), "remove-profile"
            )
            self.remove_button.clicked.connect(self.open_remove_profile)
            leaving.addWidget(self.remove_button)
            leaving.addStretch()
            layout.addLayout(leaving)
        layout.addStretch()
        self.language.currentIndexChanged.connect(
            lambda: self._store("language", self.language.currentData())
        )
        self.auto_lock.toggled.connect(lambda on: self._store("auto_lock", on))
        self.minutes.valueChanged.connect(lambda n: self._store("auto_lock_minutes", n))
        self.privacy.toggled.connect(lambda on: self._store("privacy_screen", on))
        self.theme.currentIndexChanged.connect(
            lambda: self._store("theme", self.theme.currentData())
        )

    def show_backups(self) -> None:
        """Bring the backups section into view, its button focused."""
        backups = getattr(self, "backups", None)
        if backups is not None:
            self.scroller.ensureWidgetVisible(backups)
            backups.setFocus()

    def open_keys(self, mode: str) -> KeysDialog | None:
        """Open the dialog that changes the passphrase or makes a new recovery key."""
        if self._records is None:
            return None
        self.keys_dialog = KeysDialog(self._records, mode, self._make_kdf, parent=self)
        self.keys_dialog.open()
        return self.keys_dialog

    def open_remove_profile(self) -> RemoveProfileDialog | None:
        """Ask for the passphrase before the profile is removed from this laptop."""
        if self._records is None:
            return None
        self.remove_dialog = RemoveProfileDialog(self._records, parent=self)
        self.remove_dialog.confirmed.connect(self.remove_profile.emit)
        self.remove_dialog.open()
        return self.remove_dialog

    def _row(self, form: QFormLayout, text: str, field: QWidget) -> None:
        field.setAccessibleName(text or field.accessibleName())
        form.addRow(text, field)

    def _store(self, key: str, value: object) -> None:
        if value is None:  # nothing chosen in a drop-down: nothing to store
            return
        self._preferences.set(key, value)
        self.changed.emit(key)
