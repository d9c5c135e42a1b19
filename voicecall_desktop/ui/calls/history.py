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

import itertools
import logging
from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.outcome_words import STATE_WORDS, state_for_words
from voicecall_desktop.core.states import SEND_AGAIN_FROM, CallState
from voicecall_desktop.service import CallRecord, Service, StoreError
from voicecall_desktop.ui.calls.cells import (
    result_words,
    row_text,
    state_icon,
)
from voicecall_desktop.ui.calls.detail import summary_html, technical_html
from voicecall_desktop.ui.calls.export import ExportFailed, export_csv, export_error
from voicecall_desktop.ui.calls.history_model import HistoryModel
from voicecall_desktop.ui.calls.history_parts import (
    TIPS,
    action_button,
    fit_columns,
    history_action,
    named,
    set_up_table,
    show_shared_columns,
)
from voicecall_desktop.ui.calls.send_again import confirm_send_again
from voicecall_desktop.ui.common.tasks import BackgroundTask
from voicecall_desktop.ui.common.widgets import ElidedLabel

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250
_STATE_ORDER = (
    CallState.SENT,
    CallState.REJECTED,
    CallState.UNKNOWN,
    CallState.QUEUED,
    CallState.SENDING,
    CallState.DRAFT,
)
#: Inputs' accessible names and tooltips.


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

    def __init__(self, service: Service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryPane")
        self._service = service
        self._shown: CallRecord | None = None
        self._exporting = False
        self._export = BackgroundTask(
            "history export",
            expected=(ExportFailed,),
            unexpected="Could not export the call history; see the log.",
            parent=self,
        )
        self.model = HistoryModel(service, self)
        self._build_filters()
        self._build_table()
        self._build_actions()
        self._lay_out()
        self._connect()
        self._on_selection_changed()
        self._update_count()

    # -- building ---------------------------------------------------------

    def _build_filters(self) -> None:
        self.search_edit = named(QLineEdit(self), "HistorySearch", TIPS["search"])
        self.search_edit.setPlaceholderText("Phone number or reason…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(self.search_edit.fontMetrics().horizontalAdvance("0" * 16))
        self.state_combo = named(QComboBox(self), "HistoryStateFilter", TIPS["state"])
        self.state_combo.addItem("All calls", "")
        for state in _STATE_ORDER:
            self.state_combo.addItem(state_icon(state), STATE_WORDS[state], state.value)
        self.state_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.state_combo.setMinimumContentsLength(9)
        self.count_label = ElidedLabel("", self)
        self.count_label.setObjectName("HistoryCount")
        # The count is shortened with "…" rather than make the pane wider than the window allows.
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def _build_table(self) -> None:
        self.view = named(QTableView(self), "HistoryView", TIPS["view"])
        set_up_table(self.view, self.model)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.detail = named(QTextBrowser(self), "HistoryDetail", TIPS["detail"])
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText("Select a call to see what happened to it.")
        # The request, the answer and the audit trail are for IT: folded away until asked for.
        self.technical_button = named(
            QToolButton(self), "HistoryTechnicalButton", TIPS["technical"]
        )
        self.technical_button.setText("Technical details")
        self.technical_button.setCheckable(True)
        self.technical_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.technical_button.setArrowType(Qt.ArrowType.RightArrow)
        self.technical_button.setAutoRaise(True)
        self.technical = named(QTextBrowser(self), "HistoryTechnical", TIPS["technical_text"])
        self.technical.setOpenLinks(False)
        self.technical.setVisible(False)

    def _build_actions(self) -> None:
        # Row actions work while the table has focus; pane actions anywhere in the pane.
        row, pane = self.view, self
        self.copy_action = history_action(self, "copy", self._on_copy_triggered, row)
        self.use_action = history_action(self, "use", self._on_use_triggered, row)
        self.send_again_action = history_action(self, "again", self._on_send_again_triggered, row)
        self.reviewed_action = history_action(self, "reviewed", self._on_reviewed_triggered, row)
        self.export_action = history_action(self, "export", self._on_export_triggered, pane)
        self.refresh_action = history_action(self, "refresh", self.refresh, pane)
        history_action(self, "find", self.focus_search, self)
        self.copy_button = action_button(self, self.copy_action, "HistoryCopyButton")
        self.use_button = action_button(self, self.use_action, "HistoryUseButton")
        self.send_again_button = action_button(
            self, self.send_again_action, "HistorySendAgainButton"
        )
        self.reviewed_button = action_button(self, self.reviewed_action, "HistoryReviewedButton")
        self.refresh_button = action_button(self, self.refresh_action, "HistoryRefreshButton")
        self.export_button = action_button(self, self.export_action, "HistoryExportButton")

    def _connect(self) -> None:
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
        self.technical_button.toggled.connect(self._on_technical_button_toggled)
        self._export.done.connect(self._on_export_done)
        self._export.failed.connect(self._on_export_failed)

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        # Alt+H is the Help menu. Ctrl+F is said in the tooltip, not the label: the
        # longer label left the lists too wide for the form beside them at 1024x600.
        search_label = QLabel("Search:", self)
        search_label.setToolTip("Ctrl+F comes here from anywhere in the window")
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
        below.addWidget(self.detail, 1)
        below.addWidget(self.technical_button)
        below.addWidget(self.technical, 1)
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
            *(self.reviewed_button, self.detail, self.technical_button, self.technical),
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+C on the table copies whole rows (QTableView's own copies one cell).

        A change of the table's width shows or hides the columns that give way.
        """
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            fit_columns(self.view)
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

    def set_shared(self, shared: bool) -> None:
        """Show the desk and booked-by columns: the store is shared by several desks."""
        show_shared_columns(self.view, shared)

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
        """Put the cursor in the search box, its text selected (the window's Ctrl+F)."""
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
        service, search, state = self._service, self.model.search, self.model.state
        states = None if state is None else [state]

        def job() -> tuple[str, int]:
            try:
                return path, export_csv(
                    service.iter_calls(search, states), path, events=service.events
                )
            except OSError as exc:
                raise OSError(export_error(exc, path)) from exc

        self._exporting = True
        self.export_action.setEnabled(False)
        self.count_label.setText("Exporting…")
        self._export.start(job)

    def wait_for_export(self, msecs: int = 30000) -> bool:
        """Block until an export thread finishes (for shutdown and tests)."""
        return self._export.wait(msecs)

    # -- slots -------------------------------------------------------------

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        keep = self.current_record()
        value = self.state_combo.currentData()
        state = CallState(value) if value else None
        text = self.search_edit.text()
        # "Booked", "Refused"... are the words the table shows: find them as what they mean.
        typed = state_for_words(text)
        if typed is not None and state in (None, typed):
            text, state = "", typed
        self.model.set_filter(text, state)
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
            text = f"{rows:,} call{'s' if rows != 1 else ''} shown{more}"
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
            self.technical.clear()
            return
        try:
            events = self._service.events(record.id)
        except StoreError as exc:
            log.warning("audit trail of call %d unreadable: %s", record.id, exc)
            events = []
        self.detail.setHtml(summary_html(record, events))
        self.technical.setHtml(technical_html(record, events))

    def _on_technical_button_toggled(self, shown: bool) -> None:
        self.technical.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.technical_button.setArrowType(arrow)

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
            now = f"“{result_words(fresh).short}”" if fresh else "gone"
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

    def _on_export_done(self, result: object) -> None:
        path, count = cast(tuple[str, int], result)  # what export_to's job returns
        self._exporting = False
        self.export_action.setEnabled(True)
        self._update_count()
        self.count_label.setText(f"Exported {count:,} call{'s' if count != 1 else ''} to {path}")
        self.exportFinished.emit(path, count)

    def _on_export_failed(self, error: str) -> None:
        self._exporting = False
        self.export_action.setEnabled(True)
        self._update_count()
        QMessageBox.warning(self, "Export failed", error)
        self.exportFailed.emit(error)

    def _on_model_load_failed(self, message: str) -> None:
        self.count_label.setText("The history could not be read; press Refresh to try again.")
        self.count_label.setToolTip(message)


__all__ = [
    "HistoryModel",
    "HistoryPane",
    "export_csv",
]
