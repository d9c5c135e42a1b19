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
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.states import CallState
from voicecall_desktop.store import CallRecord
from voicecall_desktop.ui.formats import show_destination, show_moment, show_when
from voicecall_desktop.ui.icons import state_colour, state_icon
from voicecall_desktop.ui.widgets import describe

OUTBOX_STATES = (CallState.DRAFT, CallState.QUEUED, CallState.SENDING)
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1

COL_ID, COL_STATE, COL_DESTINATION, COL_WHEN, COL_NOTE = range(5)
HEADERS = ("#", "State", "Phone number", "Day and times", "Note")

Index = QModelIndex | QPersistentModelIndex


def note_for(record: CallRecord) -> str:
    if record.state is CallState.SENDING:
        return "Being sent now"
    if record.state is CallState.DRAFT:
        return "Not sent: open it to finish or send it"
    note = record.last_error or "Waiting to be sent"
    if record.next_attempt_at is not None:
        note = f"Next try {show_moment(record.next_attempt_at)[-5:]} · {note}"
    return note


class OutboxModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CallRecord] = []

    def set_records(self, records: list[CallRecord]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

    def record(self, row: int) -> CallRecord:
        return self._rows[row]

    def row_of(self, call_id: int) -> int | None:
        for row, record in enumerate(self._rows):
            if record.id == call_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return record
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NOTE:
            return self._text(record, column)
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
            return record.state.label
        if column == COL_DESTINATION:
            return show_destination(record.destination, record.destination_text) or "(no number)"
        if column == COL_WHEN:
            return show_when(record.day, record.times)
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
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
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

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        describe(button, text.replace("&", ""), tip)
        return button

    def set_records(self, records: list[CallRecord]) -> None:
        chosen = self.selected()
        self.model.set_records(records)
        queued = sum(1 for r in records if r.state is CallState.QUEUED)
        drafts = sum(1 for r in records if r.state is CallState.DRAFT)
        self.title.setText(f"&Outbox — {queued} queued, {drafts} draft{'s' * (drafts != 1)}")
        if chosen is not None:
            row = self.model.row_of(chosen.id)
            if row is not None:
                self.view.selectRow(row)
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
