"""How a date box takes the keyboard in this program (the form's and the first paint's).

Qt's date box moves from day to month to year on Tab, so a second Tab put the
next thing typed (a time, "1230") into the month: another day, without a word.
Here Tab and Shift+Tab leave the box, as everywhere else in the form, while a
"/" typed between day, month and year still moves on to the next part (Qt does
that through the same ``focusNextPrevChild`` a Tab uses, so only the keys are
changed, not that method). Qt moves on by itself once a part is full ("01" of
the day): a "/" typed right after that is taken as that move, not as a second
one ("01/12/2027" became 01/11/0012, the "12" landing in the year). And however
the focus arrives (Shift+Tab selects the year in Qt's box), a date typed into
the box begins with its day.

Qt only: the first paint's window uses it too, so ``Qt`` is imported when a key
arrives, not with this module (loading that namespace costs the first paint).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateTimeEdit, QWidget


def leaves_on_tab(box: QDateTimeEdit, event: QEvent) -> bool:
    """For ``box.event()``: move the focus out on Tab or Shift+Tab; True if it did."""
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return False
    from PySide6.QtCore import Qt

    modifiers = event.modifiers()
    if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return False
    key = event.key()
    if key == Qt.Key.Key_Tab and not modifiers & Qt.KeyboardModifier.ShiftModifier:
        forward = True
    elif key in (Qt.Key.Key_Backtab, Qt.Key.Key_Tab):
        forward = False
    else:
        return False
    event.accept()
    QWidget.focusNextPrevChild(box, forward)
    return True


SEPARATORS = frozenset("/.-")


class DateKeys:
    """The keyboard of one date box: ``return keys.event(event, super().event)`` from
    the box's ``event()``."""

    def __init__(self, box: QDateTimeEdit) -> None:
        self._box = box
        self._moved_on = False  # the last key filled a part and Qt moved to the next

    def event(self, event: QEvent, base: Callable[[QEvent], bool]) -> bool:
        if leaves_on_tab(self._box, event):
            return True
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return base(event)
        text = event.text()
        if text in SEPARATORS and self._moved_on:
            self._moved_on = False
            event.accept()  # already on the next part
            return True
        before = self._box.currentSection()
        handled = base(event)
        self._moved_on = text.isdigit() and self._box.currentSection() != before
        return handled


def start_at_the_day(box: QDateTimeEdit) -> None:
    """For ``box.focusInEvent()``: select the day, so typing a date starts there."""
    box.setSelectedSection(QDateTimeEdit.Section.DaySection)


__all__ = ["SEPARATORS", "DateKeys", "leaves_on_tab", "start_at_the_day"]
