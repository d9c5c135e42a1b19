"""The history pane: the calls table, a search, a state filter, the selected call's details.

The table is a :class:`~voicecall_desktop.ui.calls.history_model.HistoryModel`
(lazy keyset pages, newest first). The pane books nothing itself: "Use as new
call" and a confirmed "Send again" are signals the main window acts on.

Shortcuts (active only while the table has focus, so they never take Ctrl+C
from the form): Ctrl+C copy, Ctrl+Shift+N use as new call, Ctrl+Shift+R send
again, Ctrl+Shift+M mark an unknown call as reviewed. While anything in the
pane has focus: Ctrl+F search, F5 refresh, Ctrl+Shift+E export.
"""

from __future__ import annotations

import html
import itertools
import json
import logging
import re
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar
from xml.dom import minidom
from xml.parsers.expat import ExpatError

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.schedule import LONDON
from voicecall_desktop.core.states import SEND_AGAIN_FROM, CallState
from voicecall_desktop.service import Service
from voicecall_desktop.store import CallRecord, StoreError
from voicecall_desktop.ui.calls.history_model import (
    COL_BOOKED,
    COL_CREDITS,
    COL_DESTINATION,
    COL_MESSAGE_ID,
    COL_SCHEDULE,
    COL_STATE,
    COL_STATUS,
    STATE_HINTS,
    HistoryModel,
    RecordRole,
    actor_text,
    booked_text,
    destination_text,
    export_csv,
    iter_records,
    row_text,
    schedule_text,
    sent_again,
    state_colour,
    state_icon,
)

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
MASK = "********-****-****-****-************"
_STATE_ORDER = (
    CallState.SENT,
    CallState.REJECTED,
    CallState.UNKNOWN,
    CallState.QUEUED,
    CallState.SENDING,
    CallState.DRAFT,
)
#: Inputs' accessible names and tooltips.
_TIPS = {
    "search": ("Search history", "Find calls by phone number or status text"),
    "state": ("Filter by state", "Show only calls in this state"),
    "view": ("Call history", "Calls, newest first. Select one to see its details"),
    "detail": ("Call details", "The selected call's request, response, errors and audit trail"),
}
#: Actions: text, tooltip, shortcut.
_ACTIONS: dict[str, tuple[str, str, QKeySequence.StandardKey | str]] = {
    "copy": ("Copy", "Copy the selected rows as text", QKeySequence.StandardKey.Copy),
    "use": ("Use as new call", "Fill in a new call with this call's details", "Ctrl+Shift+N"),
    "again": (
        "Send again…",
        "Send a rejected or unknown call once more (asks first: the patient may be called twice)",
        "Ctrl+Shift+R",
    ),
    "reviewed": (
        "Mark as reviewed",
        "You have checked this unknown call (e.g. with PatientComms): it is then removed "
        "with other old calls once the retention period has passed",
        "Ctrl+Shift+M",
    ),
    "export": (
        "Export to CSV…",
        "Save every call matching the search and state filter as a CSV file",
        "Ctrl+Shift+E",
    ),
    "refresh": ("Refresh", "Read the history again", "F5"),
    "find": ("Search", "Go to the search box", QKeySequence.StandardKey.Find),
}
_KEY_JSON = re.compile(r'("APIKey"\s*:\s*")([^"]*)(")')
_KEY_XML = re.compile(r"(<(?:[\w.-]+:)?APIKey\b[^>]*>)([^<]*)(<)")


# -- the detail panel's text (no widget needed) ------------------------------


def mask_api_key(text: str) -> str:
    """Blank any APIKey value still in a body (they are stored masked; this is a second lock)."""
    text = _KEY_JSON.sub(lambda m: m.group(1) + MASK + m.group(3), text)
    return _KEY_XML.sub(lambda m: m.group(1) + MASK + m.group(3), text)


def pretty_body(text: str) -> str:
    """JSON or XML laid out one field a line; anything else as it came."""
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            return json.dumps(json.loads(stripped), indent=2, ensure_ascii=False)
        except ValueError:
            return text
    if stripped.startswith("<"):
        try:
            pretty = minidom.parseString(stripped.encode()).toprettyxml(indent="  ")
        except (ExpatError, ValueError):
            return text
        lines = [line for line in pretty.splitlines() if line.strip()]
        if lines and lines[0].startswith("<?xml") and not stripped.startswith("<?xml"):
            lines = lines[1:]
        return "\n".join(lines)
    return text


def _local(moment: datetime | str | None, seconds: bool = False) -> str:
    if not moment:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M" + (":%S" if seconds else ""))


def _table(rows: Sequence[tuple[str, str]], pairs: int = 2) -> str:
    """Label/value pairs, ``pairs`` to a line (values are HTML already)."""
    cells = [f"<td><b>{html.escape(k)}</b></td><td>{v}&nbsp;&nbsp;</td>" for k, v in rows if v]
    lines = ("".join(cells[i : i + pairs]) for i in range(0, len(cells), pairs))
    return (
        "<table cellspacing='0' cellpadding='2'>"
        + "".join(f"<tr>{x}</tr>" for x in lines)
        + ("</table>")
    )


def _code(title: str, body: str, empty: str) -> str:
    shown = f"<p style='white-space:pre-wrap'><code>{html.escape(body)}</code></p>"
    return f"<h4>{html.escape(title)}</h4>" + (shown if body else f"<p><i>{empty}</i></p>")


def detail_html(record: CallRecord, events: Sequence[sqlite3.Row] = ()) -> str:
    """Everything known about one call, as HTML for a QTextBrowser (all values escaped).

    What went wrong comes first (``Errors`` as a list, then the last error), then
    the call, the request and response side by side, and the audit trail.
    """
    e = html.escape
    colour = state_colour(record.state).name()
    parts = [
        f"<h3 style='margin:0'><span style='color:{colour}'>{e(record.state.label)}</span>"
        f" · {e(destination_text(record))}</h3>",
        f"<p style='margin-top:2px'>{e(STATE_HINTS[record.state])}</p>",
    ]
    if record.errors:
        items = "".join(f"<li><b>{e(k)}</b>: {e(v)}</li>" for k, v in record.errors.items())
        parts.append(f"<h4 style='margin-bottom:0'>Errors</h4><ul>{items}</ul>")
    if record.last_error:
        parts.append(f"<h4 style='margin-bottom:0'>Last error</h4><p>{e(record.last_error)}</p>")
    status = record.status or ""
    if record.status_id is not None:
        status += f" (StatusId {record.status_id})"
    success = None if record.success is None else ("yes" if record.success else "no")
    rows = [
        ("Date and times", e(schedule_text(record))),
        ("Call", f"#{record.id}"),
        ("Username", e(record.username)),
        ("Source", e(record.source)),
        ("Site", e(record.site)),
        ("Restrict sends", "yes" if record.restrict_sends else "no"),
        ("Booked", e(booked_by_text(record))),
        ("Attempts", str(record.attempts)),
        ("Last attempt", e(_local(record.attempt_at))),
        ("Answered", e(_local(record.answered_at))),
        ("Status", e(status.strip())),
        ("Success", success or ""),
        ("Message ID", "" if record.message_id is None else str(record.message_id)),
        ("Credits", "" if record.credits is None else str(record.credits)),
    ]
    for at, actor in sent_again(events):
        rows.append(("Sent again", e(f"{_local(at)} by {actor_text(actor) or '?'}")))
    if record.state is CallState.UNKNOWN:
        rows.append(("Reviewed", "yes" if record.reviewed else "not yet"))
    if record.state is CallState.QUEUED and record.next_attempt_at:
        rows.append(("Next try", e(_local(record.next_attempt_at))))
    parts.append("<h4 style='margin-bottom:0'>Booking</h4>" + _table(rows))
    fmt = f" ({record.request_format.upper()})" if record.request_format else ""
    request = pretty_body(mask_api_key(record.request_body)) if record.request_body else ""
    response = pretty_body(record.response_body) if record.response_body else ""
    parts.append(
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td width='50%'>{_code(f'Request{fmt}, API key hidden', request, 'Not sent yet.')}</td>"
        f"<td width='50%'>{_code('Response', response, 'No answer recorded.')}</td></tr></table>"
    )
    if events:
        trail = "".join(
            f"<tr><td>{e(_local(ev['at'], seconds=True))}&nbsp;&nbsp;</td>"
            f"<td>{e(_move(ev['from_state'], ev['to_state']))}&nbsp;&nbsp;</td>"
            f"<td>{e(ev['actor'])}&nbsp;&nbsp;</td><td>{e(ev['note'])}</td></tr>"
            for ev in events
        )
        parts.append(f"<h4>Audit trail</h4><table cellspacing='0' cellpadding='2'>{trail}</table>")
    return "".join(parts)


def booked_by_text(record: CallRecord) -> str:
    """``29/11/2026 09:30 by reception on PC-12`` (who booked it, from which PC)."""
    text = f"{booked_text(record)} by {record.booked_by or '?'}"
    return text + (f" on {record.booked_on}" if record.booked_on else "")


def _move(source: str | None, target: str) -> str:
    to = CallState(target).label
    return f"{CallState(source).label} → {to}" if source else to


def confirm_send_again(parent: QWidget | None, record: CallRecord) -> bool:
    """Ask, plainly, before a person sends a call again; No is the default."""
    who = f"{destination_text(record)} ({schedule_text(record)})"
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    no = QMessageBox.StandardButton.No
    if record.state is CallState.UNKNOWN:
        text = (
            f"PatientComms may already have this call to {who}: the last attempt got no "
            "clear answer. If it did arrive, sending it again will call the patient twice.\n\n"
            "Check with PatientComms first if you can. Send it again anyway?"
        )
        title = "Send again? The patient may be called twice"
        answer = QMessageBox.warning(parent, title, text, buttons, no)
    else:
        reason = "; ".join(f"{k}: {v}" for k, v in record.errors.items()) or (
            record.status or record.last_error or "no reason given"
        )
        text = (
            f"PatientComms refused this call to {who}: {reason}.\n\n"
            "Sending it again books it once more, unchanged; if the first one got through "
            "after all, the patient may be called twice. To change it, use "
            "\u201cUse as new call\u201d instead.\n\nSend it again?"
        )
        answer = QMessageBox.question(parent, "Send this call again?", text, buttons, no)
    return answer == QMessageBox.StandardButton.Yes


def _export_error(exc: Exception, path: str) -> str:
    if isinstance(exc, PermissionError):
        return (
            f"Could not write {path}: it is open in another program (Excel?) or the "
            "folder is read-only. Close it or pick another name, then export again."
        )
    return f"Could not export the call history to {path}: {exc}"


# -- the pane ----------------------------------------------------------------


class HistoryPane(QWidget):
    """The call history with search, state filter, details and actions.

    Signals:
        useAsNew(object): a :class:`CallRecord` whose details should fill a new call form.
        sendAgainConfirmed(int): a person confirmed sending this call id again.
        markReviewedRequested(int): a person has checked this unknown call.
        exportFinished(str, int): the path written and the number of calls in it.
        exportFailed(str): why an export failed (also shown in a message box).
    """

    useAsNew = Signal(object)
    sendAgainConfirmed = Signal(int)
    markReviewedRequested = Signal(int)
    exportFinished = Signal(str, int)
    exportFailed = Signal(str)
    _exportDone = Signal(str, int, str)  # from the export thread: path, count, error

    def __init__(self, service: Service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryPane")
        self._service = service
        self._shown: CallRecord | None = None
        self._exporting = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.model = HistoryModel(service.calls, self)

        self.search_edit = _named(QLineEdit(self), "HistorySearch", _TIPS["search"])
        self.search_edit.setPlaceholderText("Number or status…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(self.search_edit.fontMetrics().horizontalAdvance("0" * 16))
        self.state_combo = _named(QComboBox(self), "HistoryStateFilter", _TIPS["state"])
        self.state_combo.addItem("All states", "")
        for state in _STATE_ORDER:
            self.state_combo.addItem(state_icon(state), state.label, state.value)
        self.state_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.state_combo.setMinimumContentsLength(9)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("HistoryCount")
        # The count may be cut short rather than make the pane wider than the window allows.
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.view = _named(QTableView(self), "HistoryView", _TIPS["view"])
        self._set_up_view()
        self.view.installEventFilter(self)
        self.detail = _named(QTextBrowser(self), "HistoryDetail", _TIPS["detail"])
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText("Select a call to see its request, response and errors.")

        # Row actions work while the table has focus; pane actions anywhere in the pane.
        self.copy_action = self._action("copy", self._on_copy_triggered, self.view)
        self.use_action = self._action("use", self._on_use_triggered, self.view)
        self.send_again_action = self._action("again", self._on_send_again_triggered, self.view)
        self.reviewed_action = self._action("reviewed", self._on_reviewed_triggered, self.view)
        self.export_action = self._action("export", self._on_export_triggered, self)
        self.refresh_action = self._action("refresh", self.refresh, self)
        self._action("find", self.focus_search, self)
        self.copy_button = self._button(self.copy_action, "HistoryCopyButton")
        self.use_button = self._button(self.use_action, "HistoryUseButton")
        self.send_again_button = self._button(self.send_again_action, "HistorySendAgainButton")
        self.reviewed_button = self._button(self.reviewed_action, "HistoryReviewedButton")
        self.refresh_button = self._button(self.refresh_action, "HistoryRefreshButton")
        self.export_button = self._button(self.export_action, "HistoryExportButton")
        self._lay_out()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._apply_filter)
        self.state_combo.currentIndexChanged.connect(self._apply_filter)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)
        self.model.dataChanged.connect(self._on_selection_changed)
        self.model.rowsInserted.connect(self._update_count)
        # Removing selected rows or a reset changes the selection without selectionChanged.
        for signal in (self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_count)
            signal.connect(self._on_selection_changed)
        self.model.loadFailed.connect(self._on_model_load_failed)
        self._exportDone.connect(self._on_export_done)
        self._on_selection_changed()
        self._update_count()

    # -- building ---------------------------------------------------------

    def _action(self, key: str, slot: Callable[[], None], scope: QWidget) -> QAction:
        text, tip, keys = _ACTIONS[key]
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        scope.addAction(action)
        return action

    def _button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setObjectName(name)
        button.setAccessibleName(action.text().rstrip("…"))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{action.toolTip()} ({keys})")
        return button

    def _set_up_view(self) -> None:
        view = self.view
        view.setModel(self.model)
        view.setSortingEnabled(False)  # newest first, by design
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setShowGrid(False)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        rows = view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
        self._size_columns()

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        search_label = QLabel("Searc&h:", self)
        search_label.setBuddy(self.search_edit)
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.state_combo)
        filters.addWidget(self.count_label, 1)
        filters.addWidget(self.refresh_button)
        filters.addWidget(self.export_button)
        lower = QWidget(self)
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        for button in (
            self.copy_button,
            self.use_button,
            self.send_again_button,
            self.reviewed_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        below.addLayout(buttons)
        below.addWidget(self.detail)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("HistorySplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        order = (
            *(self.search_edit, self.state_combo, self.refresh_button, self.export_button),
            *(self.view, self.copy_button, self.use_button, self.send_again_button),
            *(self.reviewed_button, self.detail),
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _size_columns(self) -> None:
        fm = self.view.fontMetrics()
        pad = fm.averageCharWidth() + 12
        samples = {
            COL_BOOKED: "00/00/0000 00:00",
            COL_DESTINATION: "07700 900123",  # longer foreign numbers elide; tooltip has all
            COL_SCHEDULE: "00/00/0000 09:30, 14:00",
            COL_STATE: "Outcome unknown",
            COL_MESSAGE_ID: "Message ID",
            COL_CREDITS: "Credits",
        }
        icon = self.view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(fm.horizontalAdvance("Credits") + pad)
        for column, sample in samples.items():
            extra = icon + 6 if column == COL_STATE else 0
            self.view.setColumnWidth(column, fm.horizontalAdvance(sample) + pad + extra)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Stretch)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+C on the table copies whole rows (QTableView's own copies one cell)."""
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            self.copy_action.trigger()
            return True
        return super().eventFilter(watched, event)

    # -- public -----------------------------------------------------------

    def refresh(self) -> None:
        """Read the history again (keeps the search, the filter and the selection)."""
        self.model.refresh()
        self._update_count()

    def apply_refreshed(self, rows: list[CallRecord], has_more: bool, reads: int) -> bool:
        """Show rows read from the top elsewhere (off the GUI thread) with the current filter.

        ``reads`` is the model's :attr:`~HistoryModel.reads` when the reading began: when it
        has changed (the filter did, or a refresh read newer rows), nothing changes and
        the answer is False.
        """
        if reads != self.model.reads:
            return False
        self.model.apply_refreshed(rows, has_more)
        self._update_count()
        return True

    def put(self, record: CallRecord) -> None:
        """Show one call's new state now if it is shown; the next :meth:`refresh` does the rest."""
        self.model.put(record)

    def set_filter(self, search: str, state: CallState | None = None) -> None:
        """Set the search box and state filter and apply them now."""
        self.search_edit.setText(search)
        index = self.state_combo.findData(state.value if state else "")
        self.state_combo.blockSignals(True)
        self.state_combo.setCurrentIndex(max(index, 0))
        self.state_combo.blockSignals(False)
        self._apply_filter()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def selected_records(self) -> list[CallRecord]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [self.model.record(r) for r in rows]

    def current_record(self) -> CallRecord | None:
        """The one selected call (None when none or several are selected)."""
        records = self.selected_records()
        return records[0] if len(records) == 1 else None

    def select_call(self, call_id: int) -> bool:
        """Select and show a loaded call; False when it is not among the loaded rows."""
        row = self.model.row_of(call_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)
        return True

    def export_to(self, path: str) -> None:
        """Write every call matching the current filter to ``path``, off the GUI thread.

        Ends with ``exportFinished`` or ``exportFailed``.
        """
        calls, search, state = self._service.calls, self.model.search, self.model.state
        done = self._exportDone.emit

        def job() -> None:
            try:
                count = export_csv(iter_records(calls, search, state), path, events=calls.events)
            except (OSError, StoreError) as exc:
                log.warning("history export to %s failed: %s", path, exc)
                result = (path, -1, _export_error(exc, path))
            except Exception:
                log.exception("history export to %s failed", path)
                result = (path, -1, f"Could not export the call history to {path}; see the log.")
            else:
                result = (path, count, "")
            try:
                done(*result)
            except RuntimeError:  # the pane was closed while exporting
                log.info("history export finished after its pane closed: %s", result)

        self._exporting = True
        self.export_action.setEnabled(False)
        self.count_label.setText("Exporting…")
        self._pool.start(job)

    def wait_for_export(self, msecs: int = 30000) -> bool:
        """Block until an export thread finishes (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    # -- slots -------------------------------------------------------------

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        keep = self.current_record()
        value = self.state_combo.currentData()
        state = CallState(value) if value else None
        self.model.set_filter(self.search_edit.text(), state)
        if keep is not None:
            self.select_call(keep.id)
        self._on_selection_changed()

    def _on_search_edit_text_changed(self) -> None:
        self._search_timer.start()  # search once typing pauses

    def _update_count(self) -> None:
        if self._exporting:
            return
        if self.model.load_error:
            self._on_model_load_failed(self.model.load_error)
            return
        self.count_label.setToolTip("")
        rows = self.model.rowCount()
        filtered = bool(self.model.search) or self.model.state is not None
        if rows == 0:
            text = "No calls match." if filtered else "No calls yet."
        else:
            more = " (scroll for more)" if self.model.canFetchMore(QModelIndex()) else ""
            text = f"{rows} call{'s' if rows != 1 else ''} shown{more}"
        self.count_label.setText(text)

    def _on_selection_changed(self, *_: object) -> None:
        record = self.current_record()
        selected = bool(self.view.selectionModel().selectedRows())
        self.copy_action.setEnabled(selected)
        self.use_action.setEnabled(record is not None)
        self.send_again_action.setEnabled(record is not None and record.state in SEND_AGAIN_FROM)
        self.reviewed_action.setEnabled(
            record is not None and record.state is CallState.UNKNOWN and not record.reviewed
        )
        if record == self._shown and record is not None:
            return
        self._shown = record
        if record is None:
            self.detail.clear()
            return
        try:
            events = self._service.calls.events(record.id)
        except StoreError as exc:
            log.warning("audit trail of call %d unreadable: %s", record.id, exc)
            events = []
        self.detail.setHtml(detail_html(record, events))

    def _on_view_context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in (
            self.copy_action,
            self.use_action,
            self.send_again_action,
            self.reviewed_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(self.refresh_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _on_copy_triggered(self) -> None:
        records = self.selected_records()
        if records:
            QGuiApplication.clipboard().setText("\n".join(row_text(r) for r in records))

    def _on_use_triggered(self) -> None:
        record = self.current_record()
        if record is not None:
            self.useAsNew.emit(record)

    def _on_send_again_triggered(self) -> None:
        record = self.current_record()
        if record is None or record.state not in SEND_AGAIN_FROM:
            return
        fresh = self._service.get(record.id)  # it may have moved since the row was read
        if fresh is None or fresh.state not in SEND_AGAIN_FROM:
            self.refresh()
            now = fresh.state.label.lower() if fresh else "gone"
            message = f"This call is now {now}; it cannot be sent again."
            QMessageBox.information(self, "Send again", message)
            return
        if confirm_send_again(self, fresh):
            self.sendAgainConfirmed.emit(fresh.id)

    def _on_reviewed_triggered(self) -> None:
        record = self.current_record()
        if record is not None and record.state is CallState.UNKNOWN and not record.reviewed:
            self.markReviewedRequested.emit(record.id)

    def _on_export_triggered(self) -> None:
        folder = Path.home() / "Documents"
        name = f"call-history-{date.today():%Y-%m-%d}.csv"
        default = str((folder if folder.is_dir() else Path.home()) / name)
        path, _ = QFileDialog.getSaveFileName(
            self, "Export call history", default, "CSV files (*.csv);;All files (*)"
        )
        if not path:
            return
        if not Path(path).suffix:
            path += ".csv"
        self.export_to(path)

    def _on_export_done(self, path: str, count: int, error: str) -> None:
        self._exporting = False
        self.export_action.setEnabled(True)
        self._update_count()
        if error:
            QMessageBox.warning(self, "Export failed", error)
            self.exportFailed.emit(error)
            return
        self.count_label.setText(f"Exported {count} call{'s' if count != 1 else ''} to {path}")
        self.exportFinished.emit(path, count)

    def _on_model_load_failed(self, message: str) -> None:
        self.count_label.setText("The history could not be read; press Refresh to try again.")
        self.count_label.setToolTip(message)


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str, text: tuple[str, str]) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(text[0])
    widget.setToolTip(text[1])
    return widget


__all__ = [
    "HistoryModel",
    "HistoryPane",
    "RecordRole",
    "confirm_send_again",
    "detail_html",
    "export_csv",
    "iter_records",
    "mask_api_key",
    "pretty_body",
]
