"""The questions the booking panel asks before it books, keeps or throws away a call.

Each is a real :class:`QMessageBox` with an ``objectName`` (tests and screen
readers find it) whose safe answer is the default button: Enter never books
a call at a time nobody chose, nor throws away what was typed.
"""

from __future__ import annotations

import logging
from datetime import time
from enum import Enum

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from voicecall_desktop.core.phone import format_destination
from voicecall_desktop.core.schedule import fmt_time
from voicecall_desktop.service import NeedsConfirmation

log = logging.getLogger(__name__)

ButtonRole = QMessageBox.ButtonRole


class Release(Enum):
    """What the person chose for the form about to be replaced."""

    KEEP = "keep"
    DISCARD = "discard"
    CANCEL = "cancel"


def _box(parent: QWidget | None, name: str, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setWindowTitle(title)
    box.setText(text)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    return box


def _button(box: QMessageBox, text: str, role: ButtonRole, name: str) -> QPushButton:
    button = box.addButton(text, role)
    button.setObjectName(name)
    return button


def ask_release(parent: QWidget | None, destination: str, draft_id: int | None) -> Release:
    """The form holds a number not kept yet: keep it as a draft, discard it, or go back."""
    what = f"draft #{draft_id}" if draft_id is not None else "a draft"
    shown = destination.strip()
    box = _box(
        parent,
        "KeepDraftQuestion",
        "Keep this call?",
        f"The call to {shown} has not been sent or kept.\n\n"
        f"Keep it as {what} in the outbox, or discard what was typed?",
    )
    box.setIcon(QMessageBox.Icon.Question)
    keep = _button(box, "&Keep as draft", ButtonRole.AcceptRole, "KeepDraftButton")
    discard = _button(box, "&Discard", ButtonRole.DestructiveRole, "DiscardButton")
    cancel = _button(box, "Cancel", ButtonRole.RejectRole, "CancelButton")
    box.setDefaultButton(keep)  # nothing typed is lost by pressing Enter
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is keep:
        return Release.KEEP
    if clicked is discard:
        return Release.DISCARD
    return Release.CANCEL


def ask_book_shown_time(parent: QWidget | None, moment: time) -> bool:
    """Send with an empty Times list while the box shows a time: book at that time?"""
    shown = fmt_time(moment)
    box = _box(
        parent,
        "BookShownTimeQuestion",
        "No time in the list",
        f"No time has been added to the call's Times.\n\nBook the call at {shown}, "
        "the time in the Times box?",
    )
    box.setIcon(QMessageBox.Icon.Question)
    book = _button(box, f"&Book at {shown}", ButtonRole.AcceptRole, "BookShownTimeButton")
    cancel = _button(box, "Cancel", ButtonRole.RejectRole, "CancelButton")
    # The time is named on the button itself: Enter books what the person sees.
    box.setDefaultButton(book)
    box.setEscapeButton(cancel)
    box.exec()
    answer = box.clickedButton() is book
    box.deleteLater()
    return answer


def confirmation_text(destination: int, question: NeedsConfirmation) -> str:
    """What must be confirmed, one line per reason, naming the day or time."""
    lines = [f"  • {error.message}" for error in question.errors]
    return (
        f"The call to {format_destination(destination)} would ring when patients do not "
        "expect a call:\n\n" + "\n".join(lines) + "\n\nBook it anyway?"
    )


def confirm_booking(parent: QWidget | None, destination: int, question: NeedsConfirmation) -> bool:
    """Quiet hours, a bank holiday, a closed or far-ahead day: book anyway? (default: No)."""
    box = _box(
        parent,
        "ConfirmBookingQuestion",
        "Book at this time?",
        confirmation_text(destination, question),
    )
    box.setIcon(QMessageBox.Icon.Warning)
    yes = _button(box, "&Book anyway", ButtonRole.YesRole, "BookAnywayButton")
    no = _button(box, "&No, change it", ButtonRole.NoRole, "NoButton")
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    answer = box.clickedButton() is yes
    box.deleteLater()
    log.info("booking at unusual hours %s", "confirmed" if answer else "declined")
    return answer


__all__ = [
    "Release",
    "ask_book_shown_time",
    "ask_release",
    "confirm_booking",
    "confirmation_text",
]
