"""Helpers for the booking tests: answer the panel's questions as a person would.

A question is a modal ``QMessageBox``; :class:`Answers` waits for the next one
to open, notes its text and default button, then clicks the named button with
the mouse or presses a key on it, exactly as a person at the desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDateEdit, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

LEFT = Qt.MouseButton.LeftButton


@dataclass
class Seen:
    name: str
    title: str
    text: str
    default: str


@dataclass
class Answers:
    """Answer the next questions in turn: a button's objectName, or a ``Qt.Key``."""

    qtbot: QtBot
    seen: list[Seen] = field(default_factory=list)
    _queue: list[str | Qt.Key] = field(default_factory=list)

    def next(self, *replies: str | Qt.Key) -> None:
        self._queue.extend(replies)
        QTimer.singleShot(0, self._poll)

    def _poll(self, tries: int = 0) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            if tries < 500:  # five seconds; then the test's own wait fails
                QTimer.singleShot(10, lambda: self._poll(tries + 1))
            return
        default = box.defaultButton()
        self.seen.append(
            Seen(box.objectName(), box.windowTitle(), box.text(), default.objectName() or "")
        )
        reply = self._queue.pop(0)
        if isinstance(reply, str):
            button = box.findChild(QPushButton, reply)
            assert button is not None, f"no button {reply} in {box.objectName()}"
            self.qtbot.mouseClick(button, LEFT)
        else:
            self.qtbot.keyClick(box, reply)
        if self._queue:
            QTimer.singleShot(0, self._poll)


def set_day(window: QWidget, day: date) -> None:
    """Put the day in the Date box (set-up, not what is tested)."""
    edit = window.findChild(QDateEdit, "Date")
    assert edit is not None
    edit.setDate(QDate(day.year, day.month, day.day))


def y_of(widget: QWidget, top: QWidget) -> int:
    return widget.mapTo(top, widget.rect().topLeft()).y()
