"""The outbox: drafts and queued calls, oldest first, with what can be done to each.

:class:`OutboxModel` is a plain table model (column constants, a header tuple,
a record role) and can be tested without a view.

Signals of :class:`OutboxPane`:
    editRequested(int): open this draft in the form.
    deleteRequested(int): delete this draft.
    toDraftRequested(int): take this queued call back to draft.
    flushRequested(): send every queued call now.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.outcome_words import DRAFT, SENDING, WAITING
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import CallRecord
from voicecall_desktop.ui.calls.cells import result_words
from voicecall_desktop.ui.calls.record_model import RecordTableModel
from voicecall_desktop.ui.common.formats import show_destination, show_moment, show_when
from voicecall_desktop.ui.common.icons import state_colour, state_icon
from voicecall_desktop.ui.common.widgets import describe, named_button

OUTBOX_STATES = (CallState.DRAFT, CallState.QUEUED, CallState.SENDING)

COL_ID, COL_STATE, COL_DESTINATION, COL_WHEN, COL_NOTE, COL_DESK, COL_BOOKED_BY = range(7)
HEADERS = ("#", "Result", "Phone number", "Day and times", "Note", "Desk", "Booked by")
#: Shown only on the shared store; the first to give way when the outbox is narrow.
SHARED_COLUMNS = (COL_DESK, COL_BOOKED_BY)


def note_for(record: CallRecord) -> str:
    if record.state is CallState.SENDING:
        return "Being sent now"
    if record.state is CallState.DRAFT:
        return "Not sent: open it to finish or send it"
    note = record.last_error or "Waiting to be sent"
    if record.next_attempt_at is not None:
        note = f"Next try {show_moment(record.next_attempt_at)[-5:]} · {note}"
    return note


class OutboxModel(RecordTableModel):
    HEADERS = HEADERS

    def set_records(self, records: list[CallRecord]) -> None:
        """Show ``records`` (oldest first); rows that stay keep their selection."""
        self._apply(list(records))

    def put(self, record: CallRecord) -> bool:
        """Show a call's new state at once: updated, or gone once it has left the outbox.

        False when its row is not shown (a refresh brings calls the outbox did not show).
        """
        row = self.row_of(record.id)
        if row is None:
            return False
        if record.state in OUTBOX_STATES:
            self._replace(row, record)
        else:
            self._remove(row)
        return True

    def cell_data(self, record: CallRecord, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole and column != COL_ID:
            return self._text(record, column)  # the columns have fixed widths and may elide
        if column == COL_STATE:
            if role == Qt.ItemDataRole.DecorationRole:
                return state_icon(record.state)
            if role == Qt.ItemDataRole.ForegroundRole:
                return state_colour(record.state)
        return None

    @staticmethod
    def _text(record: CallRecord, column: int) -> str:
        if column == COL_ID:
            return str(record.id)
        if column == COL_STATE:
            return result_words(record).short
        if column == COL_DESTINATION:
            return show_destination(record.destination, record.destination_text) or "(no number)"
        if column == COL_WHEN:
            return show_when(record.day, record.times)
        if column == COL_DESK:
            return record.booked_on
        if column == COL_BOOKED_BY:
            return record.booked_by
        return note_for(record)


class OutboxPane(QWidget):
    editRequested = Signal(int)
    deleteRequested = Signal(int)
    toDraftRequested = Signal(int)
    flushRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = OutboxModel(self)
        self.title = QLabel("Outbox")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.view = QTableView()
        self.view.setObjectName("OutboxView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.shared = False  # several desks: the desk and booked-by columns show
        self._size_columns()
        self.view.viewport().installEventFilter(self)
        describe(
            self.view,
            "Outbox",
            "Drafts and calls waiting to be sent. Double-click a draft to edit it.",
        )
        self.title.setBuddy(self.view)

        self.edit_button = self._button(
            "EditDraftButton", "&Edit draft", "Open the draft in the form"
        )
        self.delete_button = self._button(
            "DeleteDraftButton", "Delete draft", "Delete the selected draft (it was never sent)"
        )
        self.back_button = self._button(
            "ToDraftButton",
            "Back to draft",
            "Take the selected queued call out of the outbox before it is sent, to edit it",
        )
        self.flush_button = self._button(
            "SendQueuedButton", "Send &queued now", "Try to send every queued call now"
        )
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.delete_button, self.back_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.flush_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.flush_button.clicked.connect(self.flushRequested)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _size_columns(self) -> None:
        # Widths from sample text, not from the rows: sizing to contents read every one
        # of up to 500 rows (formatting each number) on each change, and before first paint.
        fm = self.view.fontMetrics()
        pad = fm.averageCharWidth() + 12
        icon = self.view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 6
        samples = {
            COL_ID: ("0000000", 0),
            COL_STATE: (max((WAITING, SENDING, DRAFT), key=fm.horizontalAdvance), icon),
            COL_DESTINATION: ("07700 900123", 0),  # longer ones elide; the tooltip has all
            COL_WHEN: ("00/00/0000 at 09:30, 14:00", 0),
            COL_DESK: ("RECEPTION-PC-2", 0),
            COL_BOOKED_BY: ("reception2", 0),
        }
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(fm.horizontalAdvance("#") + pad)
        for column, (sample, extra) in samples.items():
            text = fm.horizontalAdvance(sample) + extra
            self.view.setColumnWidth(column, max(text, fm.horizontalAdvance(HEADERS[column])) + pad)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self._fit_shared_columns()

    def set_shared(self, shared: bool) -> None:
        """Show the desk and booked-by columns: the store is shared by several desks."""
        self.shared = shared
        self._fit_shared_columns()

    def _fit_shared_columns(self) -> None:
        """Desk and booked by show on the shared store while the outbox has room for them.

        The desk gives way first, then the person; the note keeps a short width.
        """
        width = self.view.columnWidth
        room = self.view.viewport().width()
        base = sum(width(c) for c in range(COL_NOTE)) + 120
        by_fits = self.shared and base + width(COL_BOOKED_BY) <= room
        desk_fits = by_fits and base + width(COL_BOOKED_BY) + width(COL_DESK) <= room
        self.view.setColumnHidden(COL_BOOKED_BY, not by_fits)
        self.view.setColumnHidden(COL_DESK, not desk_fits)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_shared_columns()
        return super().eventFilter(watched, event)

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        return named_button(text, name, text.replace("&", ""), tip)

    def set_records(self, records: list[CallRecord]) -> None:
        chosen = self.selected()
        self.model.set_records(records)
        if chosen is not None and self.selected() is None:
            row = self.model.row_of(chosen.id)
            if row is not None:
                self.view.selectRow(row)
        self._update_counts()

    def put(self, record: CallRecord) -> None:
        """Show one call's new state now (the next :meth:`set_records` brings the rest)."""
        if self.model.put(record):
            self._update_counts()

    def _update_counts(self) -> None:
        queued = drafts = 0
        for record in self.model.records():
            queued += record.state is CallState.QUEUED
            drafts += record.state is CallState.DRAFT
        self.title.setText(f"&Outbox — {queued:,} queued, {drafts:,} draft{'s' * (drafts != 1)}")
        self.flush_button.setEnabled(queued > 0)
        self._update_buttons()

    def selected(self) -> CallRecord | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _update_buttons(self, *_args: object) -> None:
        record = self.selected()
        state = record.state if record else None
        self.edit_button.setEnabled(state is CallState.DRAFT)
        self.delete_button.setEnabled(state is CallState.DRAFT)
        self.back_button.setEnabled(state is CallState.QUEUED)

    def _on_edit_button_clicked(self) -> None:
        record = self.selected()
        if record is not None:
            self.editRequested.emit(record.id)

    def _on_delete_button_clicked(self) -> None:
        record = self.selected()
        if record is not None:
            self.deleteRequested.emit(record.id)

    def _on_back_button_clicked(self) -> None:
        record = self.selected()
        if record is not None:
            self.toDraftRequested.emit(record.id)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        record = self.model.record(index.row())
        if record.state is CallState.DRAFT:
            self.editRequested.emit(record.id)
