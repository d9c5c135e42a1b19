"""The call's Times: a time box, an Add button and a sorted list without repeats.

The box (:class:`~voicecall_desktop.ui.booking.time_box.TimeBox`) reads what is
typed whole; Enter or Add time adds it and leaves the box ready for the next
time (all selected). What cannot be added is said at once on the line under
the box: not a time, already listed, already past, skipped by the clocks, or
in the practice's quiet hours (with the nearest allowed time; the same time
added a second time is listed, and Send asks before booking it).

Signals:
    changed(): a time was added or removed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.hours import QuietHours
from voicecall_desktop.core.schedule import build_schedule, fmt_time, local_now
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.ui.booking.form_message import FormMessage
from voicecall_desktop.ui.booking.time_box import TimeBox
from voicecall_desktop.ui.booking.times_grid import times_grid
from voicecall_desktop.ui.common.formats import to_qtime
from voicecall_desktop.ui.common.widgets import describe, named_button

TIME_ROLE = Qt.ItemDataRole.UserRole


def next_quarter_hour(now: datetime | None = None) -> time:
    """A sensible first time to offer: the next quarter hour, at least 10 minutes ahead."""
    current = local_now(now) + timedelta(minutes=10)
    minutes = (current.minute // 15 + 1) * 15
    moment = current.replace(minute=0, second=0, microsecond=0) + timedelta(minutes=minutes)
    if moment.date() != local_now(now).date():
        return time(23, 45)
    return moment.time()


class TimesEditor(QWidget):
    changed = Signal()

    def __init__(self, day: Callable[[], date | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._day = day
        self._quiet = QuietHours.of(Settings())
        # A time in quiet hours that was refused once: adding it again lists it.
        self._warned: time | None = None
        self.edit = TimeBox()
        self.edit.setObjectName("TimeEdit")
        describe(
            self.edit,
            "Time to add",
            "A time for the call on the chosen day, UK time: type it as you say it, "
            "e.g. 930, 14:00 or 2.30pm. Press Enter or Add time to add it to the list.",
        )
        self.add_button = named_button(
            "&Add time", "AddTimeButton", "Add time", "Add the time on the left to the call's times"
        )
        self.list = QListWidget()
        self.list.setObjectName("Times")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMaximumHeight(96)
        # Three times in view at the least: the form must fit a 600 px high screen.
        self.list.setMinimumHeight(self.list.fontMetrics().height() * 3 + 8)
        describe(
            self.list,
            "Times",
            "The times the patient is called on that day, earliest first. "
            "Select one and press Delete to remove it.",
        )
        self.remove_button = named_button(
            "Remove",
            "RemoveTimeButton",
            "Remove time",
            "Remove the selected times from the list (or select one and press Delete)",
        )
        self.remove_button.setEnabled(False)
        self.message = FormMessage("Times", lines=2)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(times_grid(self.edit, self.add_button, self.list, self.remove_button))
        outer.addWidget(self.message)

        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit.timeEntered.connect(self._on_edit_time_entered)
        self.edit.problem.connect(self.message.show_error)
        self.edit.problemCleared.connect(self._on_edit_problem_cleared)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(self._on_list_selection_changed)
        self.list.installEventFilter(self)
        self.reset_edit()

    # -- reading and writing ------------------------------------------------

    def times(self) -> tuple[time, ...]:
        return tuple(self.list.item(row).data(TIME_ROLE) for row in range(self.list.count()))

    def set_times(self, times: tuple[time, ...] | list[time]) -> None:
        self.list.clear()
        for moment in sorted(set(times)):
            self._insert(moment)
        self.message.clear_message()
        self.changed.emit()

    def reset_edit(self) -> None:
        self.edit.setTime(to_qtime(next_quarter_hour()))
        self._warned = None

    def set_quiet_hours(self, quiet: QuietHours) -> None:
        self._quiet = quiet

    def quiet_hours(self) -> QuietHours:
        return self._quiet

    def typed_time(self) -> time | None:
        """The time the box holds, read whole, or None (with its message) when it is not one."""
        return self.edit.commit()

    # -- actions ------------------------------------------------------------

    def add_time(self, moment: time | None = None, *, quiet_ok: bool = False) -> bool:
        """Add ``moment`` (or the box's time); False, with an inline message, if refused.

        A time in quiet hours is refused the first time it is added (the message
        gives the nearest allowed time) and listed the second; ``quiet_ok`` lists
        it at once (the caller asks about it).
        """
        if moment is None:
            moment = self.edit.commit()
            if moment is None:
                return False  # the box has said what is wrong (problem -> message)
        moment = moment.replace(second=0, microsecond=0)
        if moment in self.times():
            self.message.show_error(f"{fmt_time(moment)} is already in the list")
            return False
        try:
            # The core decides: a time already past today, or one the clocks skip.
            build_schedule(self._day(), [moment])
        except FieldError as exc:
            if exc.field == "Times":
                self.message.show_error(exc.message)
                return False
        reason = self._quiet.reason(moment)
        if reason is not None and moment != self._warned and not quiet_ok:
            self._warned = moment
            self.message.show_error(
                f"{reason}. Add {fmt_time(moment)} again to list it anyway; "
                "you will be asked before the call is booked."
            )
            return False
        self._warned = None
        self._insert(moment)
        self.message.clear_message()
        self.changed.emit()
        return True

    def remove_selected(self) -> None:
        rows = sorted(self.list.row(item) for item in self.list.selectedItems())
        if not rows:
            return
        for row in reversed(rows):
            self.list.takeItem(row)
        if self.list.count():
            # The next time is selected, so Delete again removes it too.
            row = min(rows[0], self.list.count() - 1)
            self.list.setCurrentRow(row)
            self.list.item(row).setSelected(True)
        self.message.clear_message()
        self.changed.emit()

    def _insert(self, moment: time) -> None:
        row = 0
        while row < self.list.count() and self.list.item(row).data(TIME_ROLE) < moment:
            row += 1
        item = QListWidgetItem(fmt_time(moment))
        item.setData(TIME_ROLE, moment)
        self.list.insertItem(row, item)

    # -- events -------------------------------------------------------------

    def _on_add_button_clicked(self) -> None:
        self.add_time()
        # Back to the box, ready for the next time (or to put this one right).
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit.ready_for_next()

    def _on_edit_time_entered(self, moment: time) -> None:
        self.add_time(moment)
        self.edit.ready_for_next()

    def _on_edit_problem_cleared(self) -> None:
        self.message.clear_message()

    def _on_list_selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if (
                watched is self.list
                and plain
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            ):
                self.remove_selected()
                return True
        if (
            watched is self.list
            and event.type() == QEvent.Type.FocusIn
            and self.list.count()
            and not self.list.selectedItems()
        ):
            # Tabbing in selects a time, so Delete removes it at once.
            row = max(0, self.list.currentRow())
            self.list.setCurrentRow(row)
            self.list.item(row).setSelected(True)
        return super().eventFilter(watched, event)
