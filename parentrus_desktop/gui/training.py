"""A training profile says so on every screen: a banner at the top of the window and of
each form, and another window colour (resources/themes: ``[training="true"]``), so nobody types
a real family into the practice profile by mistake."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from parentrus_desktop.i18n import _


def training_banner() -> QLabel:
    banner = QLabel(_("Training — practice only, do not type real families"))
    banner.setObjectName("training-banner")
    banner.setWordWrap(True)
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setAccessibleName(banner.text())
    return banner


def training_colour(widget: QWidget) -> None:
    """The training window colour (the style sheet's ``[training="true"]``)."""
    widget.setProperty("training", True)
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def mark_training(widget: QWidget) -> None:
    """Give a form the training colour and, at the top of its layout, the banner."""
    layout = widget.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(0, training_banner())
    training_colour(widget)
