"""The call history as a lazily loaded table model, and its CSV export.

:class:`HistoryModel` reads :meth:`CallStore.page` one keyset page at a time,
newest first: the first page when it is built or filtered, the next whenever
the view asks (``canFetchMore``/``fetchMore``), so 100 000 calls never load
at once. :meth:`HistoryModel.refresh` re-reads the loaded rows and applies the
difference as row insertions, removals and ``dataChanged``, so the view keeps
its selection and scroll position while calls are being sent.

The display helpers and :func:`export_csv` need no widget; the state icon and
colour need a ``QGuiApplication``.
"""

from __future__ import annotations

import csv
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from voicecall_desktop.core.schedule import fmt_date, fmt_time
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store import CallRecord, CallStore, StoreError
from voicecall_desktop.ui.calls.record_model import RecordTableModel
from voicecall_desktop.ui.common import icons
from voicecall_desktop.ui.common.formats import show_destination, show_moment

log = logging.getLogger(__name__)

PAGE_SIZE = 200
#: How many loaded rows :meth:`HistoryModel.refresh` re-reads; older ones rarely change.
REFRESH_WINDOW = 2000

COL_BOOKED, COL_DESTINATION, COL_SCHEDULE, COL_STATE, COL_STATUS, COL_MESSAGE_ID, COL_CREDITS = (
    range(7)
)
HEADERS = (
    "Booked at",
    "Destination",
    "Date and times",
    "State",
    "Status",
    "Message ID",
    "Credits",
)

#: The row's :class:`CallRecord`.
RecordRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex

# -- how each state looks ------------------------------------------------

#: Lighter text colours for a dark palette (the light ones are ``icons.STATE_COLOURS``).
#: The icon's shape and the state's words carry the meaning too: never colour alone.
DARK_STATE_COLOURS: dict[CallState, str] = {
    CallState.DRAFT: "#bdc1c6",
    CallState.QUEUED: "#8ab4f8",
    CallState.SENDING: "#7dd3fc",
    CallState.SENT: "#81c995",
    CallState.REJECTED: "#f28b82",
    CallState.UNKNOWN: "#fdd663",
}

STATE_HINTS: dict[CallState, str] = {
    CallState.DRAFT: "Saved but not sent. Edit it in the outbox.",
    CallState.QUEUED: "Waiting to go out; sent automatically when PatientComms can be reached.",
    CallState.SENDING: "Being sent now.",
    CallState.SENT: "PatientComms accepted the call.",
    CallState.REJECTED: "PatientComms refused the call; the details list its Errors.",
    CallState.UNKNOWN: "The request may have reached PatientComms without a clear answer. "
    "Check before sending it again: the patient may be called twice.",
}


def state_colour(state: CallState, palette: QPalette | None = None) -> QColor:
    """The state's text colour, readable on the palette's background."""
    palette = palette or QGuiApplication.palette()
    if palette.color(QPalette.ColorRole.Base).lightness() < 128:
        return QColor(DARK_STATE_COLOURS[state])
    return icons.state_colour(state)


_icons: dict[CallState, QIcon] = {}


def state_icon(state: CallState) -> QIcon:
    """The state's SVG icon from ``resources/`` (each state has its own shape).

    Its own colours are kept on a selected row too (Qt would tint them with the
    highlight colour, which turns amber into grey).
    """
    icon = _icons.get(state)
    if icon is None:
        svg = icons.state_icon(state)
        icon = QIcon()
        for size in (16, 20, 24, 32, 40, 48, 64):  # up to 4x a 16 px icon, for high DPI
            pixmap = svg.pixmap(size, size)
            icon.addPixmap(pixmap, QIcon.Mode.Normal)
            icon.addPixmap(pixmap, QIcon.Mode.Selected)
        _icons[state] = icon
    return icon


# -- cell text -------------------------------------------------------------


def booked_text(record: CallRecord) -> str:
    """When the call was booked, in UK local time: ``01/12/2026 09:30``."""
    return show_moment(record.created_at)


def destination_text(record: CallRecord) -> str:
    """``07700 900123`` (a draft's number as typed when it is not a valid one)."""
    return show_destination(record.destination, record.destination_text) or "(no number)"


def times_text(record: CallRecord, sep: str = ", ") -> str:
    return sep.join(fmt_time(t) for t in record.times)


def schedule_text(record: CallRecord) -> str:
    """``01/12/2026 09:30, 14:00``; a call with neither goes as soon as possible."""
    parts = [fmt_date(record.day)] if record.day else []
    if record.times:
        parts.append(times_text(record))
    return " ".join(parts) if parts else "As soon as possible"


def actor_text(actor: str) -> str:
    """``reception@PC-12`` (the audit trail's actor) → ``reception on PC-12``."""
    user, at, machine = actor.rpartition("@")
    return f"{user} on {machine}" if at and user and machine else actor


#: One row of the audit trail (``CallStore.events``): at, from_state, to_state, actor, note.
Event = Mapping[str, object] | sqlite3.Row
EventsOf = Callable[[int], Sequence[Event]]


def sent_again(events: Iterable[Event]) -> list[tuple[datetime, str]]:
    """When, and by whom, a person sent the call again (a rejected or unknown call re-queued)."""
    found = []
    for event in events:
        if event["to_state"] == CallState.QUEUED.value and event["from_state"] in (
            CallState.REJECTED.value,
            CallState.UNKNOWN.value,
        ):
            found.append((datetime.fromisoformat(str(event["at"])), str(event["actor"] or "")))
    return found


def sent_again_text(events: Iterable[Event], sep: str = "; ") -> str:
    """``29/11/2026 18:44 by reception on PC-12`` for each "Send again"."""
    return sep.join(
        f"{show_moment(at)} by {actor_text(actor) or '?'}" for at, actor in sent_again(events)
    )


def status_text(record: CallRecord) -> str:
    """The API's Status, else the first error or why the call is waiting."""
    if record.status:
        return record.status
    if record.errors:
        return next(iter(record.errors.values()))
    if record.last_error and record.state is not CallState.SENT:
        return record.last_error.splitlines()[0]
    return ""


def cell_text(record: CallRecord, column: int) -> str:
    if column == COL_BOOKED:
        return booked_text(record)
    if column == COL_DESTINATION:
        return destination_text(record)
    if column == COL_SCHEDULE:
        return schedule_text(record)
    if column == COL_STATE:
        return record.state.label
    if column == COL_STATUS:
        return status_text(record)
    if column == COL_MESSAGE_ID:
        return "" if record.message_id is None else str(record.message_id)
    if column == COL_CREDITS:
        return "" if record.credits is None else str(record.credits)
    return ""


def row_text(record: CallRecord) -> str:
    """One row as tab-separated text, as a spreadsheet pastes it."""
    return "\t".join(cell_text(record, c) for c in range(len(HEADERS)))


# -- the model -------------------------------------------------------------


class HistoryModel(RecordTableModel):
    """Calls newest first, read a keyset page at a time.

    Signals:
        loadFailed(str): the database could not be read; the message says why.
            Loading stops until :meth:`refresh` or :meth:`set_filter`.
    """

    loadFailed = Signal(str)

    def __init__(
        self, calls: CallStore, parent: QObject | None = None, *, page_size: int = PAGE_SIZE
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

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in (
                COL_MESSAGE_ID,
                COL_CREDITS,
            ):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(record, column)
        if role == RecordRole:
            return record
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_STATE:
                return f"{record.state.label}: {STATE_HINTS[record.state]}"
            if column == COL_STATUS and record.last_error and record.last_error != record.status:
                return "\n".join(t for t in (record.status, record.last_error) if t)
            return cell_text(record, column) or None
        if column == COL_STATE:
            if role == Qt.ItemDataRole.DecorationRole:
                return state_icon(record.state)
            if role == Qt.ItemDataRole.ForegroundRole:
                return state_colour(record.state)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_MESSAGE_ID, COL_CREDITS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# -- export ----------------------------------------------------------------

CSV_HEADER = (
    "Call ID",
    "Booked at",
    "Destination",
    "Date",
    "Times",
    "State",
    "Status",
    "Message ID",
    "Credits",
    "Errors",
    "Last error",
    "Attempts",
    "Username",
    "Source",
    "Site",
    "Restrict sends",
    "Booked by",
    "Booked on",
    "Sent again",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Text for one CSV cell; one that Excel would run as a formula is made plain text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(record: CallRecord, again: str = "") -> list[str]:
    """One call as a CSV row (never the request body, where a key could have been).

    ``again`` is :func:`sent_again_text` of the call's audit trail (the "Sent again" cell).
    """
    values: list[object] = [
        record.id,
        booked_text(record),
        destination_text(record),
        fmt_date(record.day) if record.day else "",
        times_text(record, "; "),
        record.state.label,
        record.status,
        record.message_id,
        record.credits,
        "; ".join(f"{k}: {v}" for k, v in record.errors.items()),
        record.last_error,
        record.attempts,
        record.username,
        record.source,
        record.site,
        "yes" if record.restrict_sends else "no",
        record.booked_by,
        record.booked_on,
        again,
    ]
    return [_cell(v) for v in values]


def export_csv(
    records: Iterable[CallRecord],
    path: str | os.PathLike[str],
    *,
    events: EventsOf | None = None,
) -> int:
    """Write ``records`` to ``path`` as CSV that Excel opens cleanly (UTF-8 with BOM).

    The file is written beside the target and moved into place, so a failed
    export never leaves half a file where a good one was. With ``events`` (e.g.
    ``CallStore.events``) the "Sent again" column lists who sent a call again
    and when; only calls a person has reviewed can have been, so only theirs
    are read.

    Returns:
        The number of calls written.

    Raises:
        OSError: the file could not be written (e.g. it is open in Excel).
    """
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    count = 0
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, dialect="excel")
            writer.writerow(CSV_HEADER)
            for record in records:
                again = ""
                if events is not None and record.reviewed:
                    again = sent_again_text(events(record.id))
                writer.writerow(csv_row(record, again))
                count += 1
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


def iter_records(
    calls: CallStore,
    search: str = "",
    state: CallState | None = None,
    *,
    page_size: int = 1000,
) -> Iterator[CallRecord]:
    """Every call matching a filter, newest first, read a page at a time."""
    states = None if state is None else [state]
    before: int | None = None
    while True:
        page = calls.page(search=search, states=states, before_id=before, limit=page_size)
        yield from page.rows
        if not page.has_more or not page.rows:
            return
        before = page.rows[-1].id


__all__ = [
    "COL_BOOKED",
    "COL_CREDITS",
    "COL_DESTINATION",
    "COL_MESSAGE_ID",
    "COL_SCHEDULE",
    "COL_STATE",
    "COL_STATUS",
    "CSV_HEADER",
    "HEADERS",
    "PAGE_SIZE",
    "STATE_HINTS",
    "HistoryModel",
    "RecordRole",
    "actor_text",
    "cell_text",
    "csv_row",
    "export_csv",
    "iter_records",
    "row_text",
    "sent_again",
    "sent_again_text",
    "state_colour",
    "state_icon",
]
