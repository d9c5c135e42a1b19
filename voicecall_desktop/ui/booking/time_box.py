"""The time box: a ``QTimeEdit`` that reads what a receptionist types, whole.

A plain ``QTimeEdit`` edits one section (hour or minute) at a time, so typed
text is read into whichever section holds the cursor: ``0930`` typed after a
click (or Ctrl+A, or an Enter) left 11:45 in place, and Tab/Shift+Tab landed
on a section and added 10:14. Here the text is free: it is read by
:func:`voicecall_desktop.core.typed_time.parse_typed_time` (``930``, ``09.30``,
``14``, ``2.30pm``, ...), and the first character typed into a box showing a
finished time replaces the whole time, wherever the cursor is.

Up/Down (and the arrows, and the wheel) still step: the hour when the cursor
is in the hour, else the minute.

Signals:
    timeEntered(object): Enter was pressed on a valid time; carries a ``datetime.time``.
    problem(str): what is typed is not a time (said at once, or at Enter/leaving the box).
    problemCleared(): the earlier problem no longer applies.
"""

from __future__ import annotations

import logging
from datetime import time

from PySide6.QtCore import QDateTime, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QKeySequence, QPalette, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QTimeEdit, QWidget

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.typed_time import parse_typed_time
from voicecall_desktop.ui.common.formats import TIME_FORMAT, en_gb

log = logging.getLogger(__name__)

#: Longer than anything parse_typed_time accepts (``11:30 p.m.``), short enough to read.
MAX_TYPED = 16
#: What typing a little more could add; if none of these makes a time, no typing will.
_COMPLETIONS = ("0", "00", "30", "m", "pm", ".m.", "0pm", "00pm")
_WORDS = ("noon", "midday", "midnight")
_MODIFIER_KEYS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta)
_STEP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
# Light red behind the text while it is not a time (text stays dark: WCAG AA).
_PROBLEM_BASE = QColor("#fde8e8")


def read_time(text: str, field: str = "Times") -> time:
    """``text`` as a time (see :mod:`voicecall_desktop.core.typed_time`); raises FieldError."""
    return parse_typed_time(text, field)


def could_become_time(text: str) -> bool:
    """Whether typing more after ``text`` could still give a time (``14:``, ``2.3``, ``2p``)."""
    lowered = text.lower().lstrip()
    if not lowered or any(word.startswith(lowered) for word in _WORDS):
        return True
    for ending in ("", *_COMPLETIONS):
        try:
            parse_typed_time(text + ending)
        except FieldError:
            continue
        return True
    return False


class TimeBox(QTimeEdit):
    """A 24-hour time box that reads typed times whole; see the module docstring."""

    timeEntered = Signal(object)
    problem = Signal(str)
    problemCleared = Signal()

    def __init__(self, parent: QWidget | None = None, *, field: str = "Times") -> None:
        super().__init__(parent)
        self.field = field
        self._problem = ""
        # True while the box shows a finished time: the next character typed replaces it.
        self._fresh = True
        self._typing = False
        self.setDisplayFormat(TIME_FORMAT)
        self.setLocale(en_gb())
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        edit = self.lineEdit()
        # QDateTimeEdit moves the cursor between its sections and re-reads the text
        # whenever the cursor moves; with free text that rewrote a half-typed time
        # (the cause of 10:14 and 12:15). The text here is read only as a whole.
        edit.cursorPositionChanged.disconnect()
        edit.textEdited.connect(self._on_edit_text_edited)
        self.timeChanged.connect(self._on_self_time_changed)

    # -- reading ------------------------------------------------------------

    def typed_text(self) -> str:
        return self.lineEdit().text()

    def problem_text(self) -> str:
        """The message about what is typed, or ``""`` when it is a time."""
        return self._problem

    def has_problem(self) -> bool:
        return bool(self._problem)

    def commit(self) -> time | None:
        """Read what is typed; show it as ``HH:MM`` and return it, or say why not and return None.

        Call this before using :meth:`time` for an action (Add time does): a
        half-typed or wrong time never becomes the one that is used.
        """
        text = self.typed_text()
        try:
            moment = read_time(text, self.field)
        except FieldError as exc:
            self._set_problem(exc.message)
            return None
        self.setTime(QTime(moment.hour, moment.minute))
        if self.typed_text() != self._shown(self.time()):
            # Same value as before, other spelling (0930 for 09:30): show it as HH:MM.
            self.lineEdit().setText(self._shown(self.time()))
        self._fresh = True
        self._clear_problem()
        return moment

    def setTime(self, value: QTime) -> None:
        """Show ``value``, replacing anything typed (and any message about it)."""
        super().setTime(value)
        if value.isValid() and self.typed_text() != self._shown(self.time()):
            # Same time as before: Qt leaves the typed text; the caller meant to replace it.
            self.lineEdit().setText(self._shown(self.time()))
        self._fresh = True
        self._clear_problem()

    def take_typed(self, text: str) -> None:
        """Hold ``text`` as if it had been typed here (from the first paint's time box):
        read as a whole when the box is left or Add time is pressed, like any typing."""
        self.lineEdit().setText(text)
        self._on_edit_text_edited(text)

    def ready_for_next(self) -> None:
        """Select the whole time, so that what is typed next replaces it."""
        self._fresh = True
        self.lineEdit().selectAll()

    # -- QDateTimeEdit's text hooks -----------------------------------------

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        # Anything up to MAX_TYPED is let in (Intermediate) so the person sees what
        # they typed and is told what is wrong, instead of keys silently refused.
        if len(text) > MAX_TYPED:
            return QValidator.State.Invalid, text, pos
        try:
            read_time(text, self.field)
        except FieldError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos

    def fixup(self, text: str) -> str:
        try:
            moment = read_time(text, self.field)
        except FieldError:
            return text
        return moment.strftime("%H:%M")

    def dateTimeFromText(self, text: str) -> QDateTime:
        try:
            moment = read_time(text, self.field)
        except FieldError:
            return self.dateTime()
        return QDateTime(self.date(), QTime(moment.hour, moment.minute))

    def textFromDateTime(self, value: QDateTime) -> str:
        return self._shown(value.time())

    @staticmethod
    def _shown(moment: QTime) -> str:
        return f"{moment.hour():02d}:{moment.minute():02d}"

    # -- stepping -------------------------------------------------------------

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        if self.isReadOnly():
            return QAbstractSpinBox.StepEnabledFlag.StepNone
        return (
            QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
            | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        )

    def stepBy(self, steps: int) -> None:
        # Step from what is typed, if it is a time; never from a time nobody sees.
        if self.typed_text() != self._shown(self.time()) and self.commit() is None:
            return
        edit = self.lineEdit()
        at = edit.selectionStart() if edit.hasSelectedText() else edit.cursorPosition()
        # HH:mm: section 0 is the hour (text 0-2), section 1 the minute (3-5).
        section = 0 if at <= 2 else 1
        # No wrapping, as QTimeEdit: Up at 23:xx never gives a time early that morning.
        current = self.time()
        if section == 0:
            moved = QTime(max(0, min(current.hour() + steps, 23)), current.minute())
        else:
            total = max(0, min(current.hour() * 60 + current.minute() + steps, 23 * 60 + 59))
            moved = QTime(total // 60, total % 60)
        self.setTime(moved)
        edit.setSelection(section * 3, 2)
        self._fresh = True
        self._clear_problem()

    # -- keys and focus ---------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            # Accepted: Enter here adds a time, it must not also press the dialog's
            # default button (Send).
            event.accept()
            moment = self.commit()
            if moment is not None:
                self.ready_for_next()
                self.timeEntered.emit(moment)
            return
        if key == Qt.Key.Key_Escape and self.typed_text() != self._shown(self.time()):
            event.accept()
            self.lineEdit().setText(self._shown(self.time()))
            self.ready_for_next()
            self._clear_problem()
            return
        if key in _STEP_KEYS:
            QAbstractSpinBox.keyPressEvent(self, event)
            return
        typed = event.text()
        if self._fresh and (
            (typed and typed.isprintable() and not event.modifiers() & ~_SHIFT_KEYPAD)
            or event.matches(QKeySequence.StandardKey.Paste)
        ):
            # The first character into a finished time starts a new time.
            self.lineEdit().selectAll()
        elif key not in _MODIFIER_KEYS and not (
            event.matches(QKeySequence.StandardKey.SelectAll)
            or event.matches(QKeySequence.StandardKey.Copy)
        ):
            # Moving the cursor or deleting: the person is editing the time in place.
            self._fresh = False
        # QDateTimeEdit's own handling moves between sections; the line edit's is plain text.
        self._typing = True
        try:
            QAbstractSpinBox.keyPressEvent(self, event)
        finally:
            self._typing = False

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab leaves the box (to Add time) instead of moving from hour to minute.
        return QWidget.focusNextPrevChild(self, next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        typed = self.typed_text()
        super().focusInEvent(event)
        if self.has_problem():
            # Qt shows the last good time again on Tab; keep what was typed (and its
            # message) instead, so it is put right rather than silently replaced.
            self.lineEdit().setText(typed)
            self.lineEdit().selectAll()
            return
        if not self._fresh:
            # Half-typed (handed over from the first paint): go on typing where it ends.
            self.lineEdit().setText(typed)
            self.lineEdit().end(False)
            return
        self.ready_for_next()
        if event.reason() == Qt.FocusReason.MouseFocusReason:
            # The click that gave focus places the cursor after this; select once it has.
            QTimer.singleShot(0, self, self._select_if_fresh)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        typed = self.typed_text()
        if typed != self._shown(self.time()) and self.commit() is None:
            # Qt would put back the old time without a word; keep what was typed
            # and the message, so nothing silently becomes another time.
            super().focusOutEvent(event)
            self.lineEdit().setText(typed)
            return
        super().focusOutEvent(event)

    # -- slots --------------------------------------------------------------

    def _select_if_fresh(self) -> None:
        if self._fresh and self.hasFocus() and not self.lineEdit().hasSelectedText():
            self.lineEdit().selectAll()

    def _on_edit_text_edited(self, text: str) -> None:
        self._fresh = False
        if could_become_time(text):
            self._clear_problem()
            return
        try:
            read_time(text, self.field)
        except FieldError as exc:
            self._set_problem(exc.message)

    def _on_self_time_changed(self, _value: QTime) -> None:
        if not self._typing:
            # Set from outside (setTime, a step): the box shows a finished time.
            self._fresh = True
            self._clear_problem()

    # -- the problem state ----------------------------------------------------

    def _set_problem(self, message: str) -> None:
        changed = message != self._problem
        self._problem = message
        self.setProperty("problem", True)
        palette = self.lineEdit().palette()
        palette.setColor(QPalette.ColorRole.Base, _PROBLEM_BASE)
        self.lineEdit().setPalette(palette)
        self.lineEdit().setAccessibleDescription(f"{self.field}: {message}")
        if changed:
            log.debug("time box problem shown")
            self.problem.emit(message)

    def _clear_problem(self) -> None:
        if not self._problem:
            return
        self._problem = ""
        self.setProperty("problem", False)
        self.lineEdit().setPalette(self.palette())
        self.lineEdit().setAccessibleDescription("")
        self.problemCleared.emit()


_SHIFT_KEYPAD = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier

__all__ = ["MAX_TYPED", "TimeBox", "could_become_time", "read_time"]
