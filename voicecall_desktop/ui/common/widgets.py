"""Small shared widgets: banners, inline field errors, accessibility helpers, drops."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

# Colours chosen for contrast (WCAG AA) against their backgrounds.
BANNER_STYLES = {
    "info": ("#e8f1fb", "#0b3d6e", "#9cc3ea"),
    "warning": ("#fff4e0", "#7a3e00", "#f0b659"),
    "training": ("#fde68a", "#5c2d00", "#d97706"),
}


def dropped_csv(mime: QMimeData) -> str | None:
    """The first local ``.csv`` file in a drag, or None."""
    for url in mime.urls() if mime.hasUrls() else []:
        path = url.toLocalFile()
        if path and path.lower().endswith(".csv"):
            return path
    return None


def describe(widget: QWidget, name: str, tip: str) -> QWidget:
    """Give ``widget`` an accessible name and a tooltip (screen readers read both)."""
    widget.setAccessibleName(name)
    widget.setToolTip(tip)
    if not widget.accessibleDescription():
        widget.setAccessibleDescription(tip)
    return widget


def named_button(
    text: str, object_name: str, accessible_name: str, tip: str, parent: QWidget | None = None
) -> QPushButton:
    """A push button with an object name, an accessible name and a tooltip."""
    button = QPushButton(text, parent)
    button.setObjectName(object_name)
    describe(button, accessible_name, tip)
    return button


class Banner(QFrame):
    """A coloured strip across the window with a message and an optional button.

    Signals:
        activated(): the button was pressed.
    """

    activated = Signal()

    def __init__(
        self,
        text: str,
        *,
        kind: str = "info",
        button: str | None = None,
        icon: QIcon | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        background, foreground, border = BANNER_STYLES[kind]
        self.setObjectName(f"{kind.capitalize()}Banner")
        self.setStyleSheet(
            f"#{self.objectName()} {{ background: {background}; border: 1px solid {border};"
            " border-radius: 4px; }"
            f"#{self.objectName()} QLabel {{ color: {foreground}; background: transparent; }}"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        if icon is not None and not icon.isNull():
            picture = QLabel()
            picture.setPixmap(icon.pixmap(20, 20))
            layout.addWidget(picture)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.label.font()
        font.setBold(kind == "training")
        self.label.setFont(font)
        layout.addWidget(self.label, 1)
        self.setAccessibleName(text)
        self.button: QPushButton | None = None
        if button:
            self.button = QPushButton(button)
            describe(self.button, button, text)
            self.button.clicked.connect(self.activated)
            layout.addWidget(self.button)


class FieldMessage(QLabel):
    """The inline message under one input: an error (red) or a hint (grey)."""

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"{field}Error")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.is_error = False
        self.clear_message()

    def show_error(self, text: str) -> None:
        self.is_error = True
        self.setStyleSheet("color: #b91c1c;")
        self.setText(text)
        self.setAccessibleName(f"{self.field} error: {text}")
        self.setVisible(True)

    def show_hint(self, text: str) -> None:
        self.is_error = False
        self.setStyleSheet("color: #4b5563;")
        self.setText(text)
        self.setAccessibleName(f"{self.field}: {text}")
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.is_error = False
        self.setText("")
        self.setVisible(False)

    def message(self) -> str:
        return self.text() if self.is_error else ""
