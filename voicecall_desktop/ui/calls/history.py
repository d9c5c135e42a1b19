"""The history pane: the calls table, a search, a state filter, the selected call's details.

The table is a :class:`~voicecall_desktop.ui.calls.history_model.HistoryModel`
(lazy keyset pages, newest first). The pane books nothing itself: "Use as new
call" and a confirmed "Send again" are signals the main window acts on. Its
widgets and their layout are :mod:`.history_layout`'s; Export to CSV runs in
:mod:`.history_export`.

Shortcuts (active only while the table has focus, so they never take Ctrl+C
from the form): Ctrl+C copy, Ctrl+Shift+N use as new call, Ctrl+Shift+R send
again, Ctrl+Shift+M mark an unknown call as reviewed. While anything in the
pane has focus: Ctrl+F search, F5 refresh, Ctrl+Shift+E export.
"""

from __future__ import annotations

import logging

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
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from voicecall_desktop.core.outcome_words import state_for_words
from voicecall_desktop.core.states import SEND_AGAIN_FROM, CallState
from voicecall_desktop.service import CallRecord, Service, StoreError
from voicecall_desktop.ui.calls.cells import result_words, row_text
from voicecall_desktop.ui.calls.detail import summary_html, technical_html
from voicecall_desktop.ui.calls.export import export_csv
from voicecall_desktop.ui.calls.history_export import HistoryExport, ask_export_path
from voicecall_desktop.ui.calls.history_layout import HistoryPaneLayout
from voicecall_desktop.ui.calls.history_model import HistoryModel
from voicecall_desktop.ui.calls.history_parts import fit_columns, show_shared_columns
from voicecall_desktop.ui.calls.send_again import confirm_send_again

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250


class HistoryPane(HistoryPaneLayout):
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
        super().__init__(HistoryModel(service), parent)
        self._service = service
        self._shown: CallRecord | None = None
        self._exporting = False
        self._export = HistoryExport(service, self)
        self._connect()
        self._on_selection_changed()
        self._update_count()

    def _connect(self) -> None:
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        for action, slot in (
            (self.copy_action, self._on_copy_triggered),
            (self.use_action, self._on_use_triggered),
            (self.send_again_action, self._on_send_again_triggered),
            (self.reviewed_action, self._on_reviewed_triggered),
            (self.export_action, self._on_export_triggered),
            (self.refresh_action, self.refresh),
            (self.find_action, self.focus_search),
        ):
            action.triggered.connect(slot)
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
        self._export.finished.connect(self._on_export_finished)
        self._export.failed.connect(self._on_export_failed)

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
        self._exporting = True
        self.export_action.setEnabled(False)
        self.count_label.setText("Exporting…")
        self._export.start(path, self.model.search, self.model.state)

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
        path = ask_export_path(self)
        if path:
            self.export_to(path)

    def _on_export_finished(self, path: str, count: int) -> None:
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
