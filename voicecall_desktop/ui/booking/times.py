"""The call's Times: a time editor, an Add button and a sorted list without repeats.

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
    QGridLayout,
    QListWidget,
    QListWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.schedule import build_schedule, fmt_time, local_now
from voicecall_desktop.ui.common.formats import TIME_FORMAT, en_gb, from_qtime, to_qtime
from voicecall_desktop.ui.common.widgets import FieldMessage, describe, named_button

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
        self.edit = QTimeEdit()
        self.edit.setObjectName("TimeEdit")
        self.edit.setDisplayFormat(TIME_FORMAT)
        self.edit.setLocale(en_gb())
        describe(
            self.edit,
            "Time to add",
            "A time for the call on the chosen day (24-hour clock, UK time). "
            "Press Enter or Add time to add it to the list.",
        )
        self.add_button = named_button(
            "&Add time", "AddTimeButton", "Add time", "Add the time on the left to the call's times"
        )
        self.list = QListWidget()
        self.list.setObjectName("Times")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMaximumHeight(96)
        describe(
            self.list,
            "Times",
            "The times the patient is called on that day, earliest first. "
            "Select one and press Delete to remove it.",
        )
        self.remove_button = named_button(
            "&Remove", "RemoveTimeButton", "Remove time", "Remove the selected times from the list"
        )
        self.remove_button.setEnabled(False)
        self.message = FieldMessage("Times")

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.edit, 0, 0)
        grid.addWidget(self.add_button, 0, 1)
        grid.addWidget(self.list, 1, 0)
        side = QVBoxLayout()
        side.addWidget(self.remove_button)
        side.addStretch(1)
        grid.addLayout(side, 1, 1)
        grid.setColumnStretch(0, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(grid)
        outer.addWidget(self.message)

        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(self._on_list_selection_changed)
        self.edit.installEventFilter(self)
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

    # -- actions ------------------------------------------------------------

    def add_time(self, moment: time | None = None) -> bool:
        """Add ``moment`` (or the editor's time); False, with an inline message, if refused."""
        moment = (moment or from_qtime(self.edit.time())).replace(second=0, microsecond=0)
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
        self._insert(moment)
        self.message.clear_message()
        self.changed.emit()
        return True

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
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

    def _on_list_selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if (
                watched is self.edit
                and plain
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            ):
                self.add_time()
                return True
            if watched is self.list and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)
