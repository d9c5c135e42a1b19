"""The call history as a lazily loaded table model, and its CSV export.

:class:`HistoryModel` reads :meth:`Service.page` one keyset page at a time,
newest first: the first page when it is built or filtered, the next whenever
the view asks (``canFetchMore``/``fetchMore``), so 100 000 calls never load
at once. :meth:`HistoryModel.refresh` re-reads the loaded rows and applies the
difference as row insertions, removals and ``dataChanged``, so the view keeps
its selection and scroll position while calls are being sent.

The display helpers and :func:`export_csv` need no widget; the state icon and
colour need a ``QGuiApplication``.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import CallRecord, StoreError
from voicecall_desktop.ui.calls.cells import (
    COL_CREDITS,
    COL_MESSAGE_ID,
    COL_RESULT,
    HEADERS,
    cell_text,
    result_tip,
    state_colour,
    state_icon,
)
from voicecall_desktop.ui.calls.record_model import RecordTableModel
from voicecall_desktop.ui.calls.source import CallPages

log = logging.getLogger(__name__)

PAGE_SIZE = 200
#: How many loaded rows :meth:`HistoryModel.refresh` re-reads; older ones rarely change.
REFRESH_WINDOW = 2000

_Index = QModelIndex | QPersistentModelIndex


class HistoryModel(RecordTableModel):
    """Calls newest first, read a keyset page at a time.

    Signals:
        loadFailed(str): the database could not be read; the message says why.
            Loading stops until :meth:`refresh` or :meth:`set_filter`.
    """

    HEADERS = HEADERS
    RIGHT_ALIGNED = frozenset({COL_MESSAGE_ID, COL_CREDITS})

    loadFailed = Signal(str)

    def __init__(
        self, calls: CallPages, parent: QObject | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self._calls = calls
        self._page_size = page_size
        self._search = ""
        self._state: CallState | None = None
        self._has_more = False
        self._error: str | None = None  # why the last read failed; loading stops until reset
        self._busy = False  # a view or tester may ask for more while rows are being inserted
        self._reads = 0  # rows read from the top here: a read made elsewhere before one is stale
        self._rows, self._has_more = self._read_first()

    # -- filter and loading ----------------------------------------------

    @property
    def search(self) -> str:
        return self._search

    @property
    def state(self) -> CallState | None:
        return self._state

    @property
    def load_error(self) -> str | None:
        """Why the history could not be read, until the next refresh or filter."""
        return self._error

    def set_filter(self, search: str, state: CallState | None) -> None:
        """Show only calls matching ``search`` (a number or status text) and ``state``."""
        self._busy = True
        try:
            self.beginResetModel()
            self._search = search.strip()
            self._state = state
            self._error = None
            self._reads += 1
            self._rows, self._has_more = self._read_first()
            self.endResetModel()
        finally:
            self._busy = False

    def _states(self) -> list[CallState] | None:
        return None if self._state is None else [self._state]

    def _read(self, before_id: int | None, limit: int) -> tuple[list[CallRecord], bool] | None:
        try:
            page = self._calls.page(
                search=self._search, states=self._states(), before_id=before_id, limit=limit
            )
        except StoreError as exc:
            log.warning("history could not be read: %s", exc)
            self._error = str(exc)
            self.loadFailed.emit(self._error)
            return None
        return page.rows, page.has_more

    def _read_first(self) -> tuple[list[CallRecord], bool]:
        return self._read(None, self._page_size) or ([], False)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_more and self._error is None and not self._busy

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        before = self._rows[-1].id if self._rows else None
        result = self._read(before, self._page_size)
        if result is None:
            return
        rows, has_more = result
        self._has_more = has_more and bool(rows)
        if rows:
            first = len(self._rows)
            self._busy = True
            try:
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            finally:
                self._busy = False

    def refresh(self) -> None:
        """Re-read from the top, keeping the filter, the loaded depth and the view's selection.

        New calls are inserted above, calls that no longer match are removed and
        changed ones updated, so a selected row stays selected.
        """
        self._error = None
        self._reads += 1
        result = self._read(None, self.refresh_depth())
        if result is not None:
            self.apply_refreshed(*result)

    @property
    def reads(self) -> int:
        """How many times the rows were read from the top (by a filter or a refresh)."""
        return self._reads

    def refresh_depth(self) -> int:
        """How many rows from the top :meth:`refresh` reads."""
        return max(min(len(self._rows), REFRESH_WINDOW), self._page_size)

    def apply_refreshed(self, rows: list[CallRecord], has_more: bool) -> None:
        """Show ``rows``, read from the top with the current filter, as :meth:`refresh` does."""
        self._error = None
        if has_more and rows:
            # The window did not reach the end: rows loaded below it are kept as they were.
            cutoff = rows[-1].id
            tail = [r for r in self._rows if r.id < cutoff]
            if tail:
                has_more = self._has_more
            rows = rows + tail
        self._busy = True
        try:
            self._apply(rows)
        finally:
            self._busy = False
        self._has_more = has_more

    def put(self, record: CallRecord) -> bool:
        """Show a call's new state at once, if its row is loaded; False when left to a refresh.

        Only without a search or a state filter: whether the call still matches
        one is for the next :meth:`refresh` to say.
        """
        if self._search or self._state is not None:
            return False
        row = self.row_of(record.id)
        if row is None:
            return False
        self._replace(row, record)
        return True

    # -- QAbstractItemModel ----------------------------------------------

    def cell_data(self, record: CallRecord, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_RESULT:
                return result_tip(record)
            return cell_text(record, column) or None
        if column == COL_RESULT:
            if role == Qt.ItemDataRole.DecorationRole:
                return state_icon(record.state)
            if role == Qt.ItemDataRole.ForegroundRole:
                return state_colour(record.state)
        return None


__all__ = [
    "PAGE_SIZE",
    "HistoryModel",
]
