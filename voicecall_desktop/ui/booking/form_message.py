"""The message line under a form field, with its room kept whether or not it shows.

A message appearing used to push every field below it down 16–30 px, and
people clicked the wrong field. Here each message owns a fixed height of one
or two lines from the start; a longer text is cut at that height and is whole
in the tooltip and for screen readers.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QWidget

from voicecall_desktop.ui.common.widgets import FieldMessage


class FormMessage(FieldMessage):
    """A :class:`FieldMessage` that keeps ``lines`` lines of room, shown or not."""

    def __init__(self, field: str, lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.lines = lines
        self.setWordWrap(lines > 1)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines)

    def show_error(self, text: str) -> None:
        super().show_error(text)
        self.setToolTip(text)

    def show_hint(self, text: str) -> None:
        super().show_hint(text)
        self.setToolTip(text)

    def clear_message(self) -> None:
        super().clear_message()
        self.setToolTip("")


__all__ = ["FormMessage"]
