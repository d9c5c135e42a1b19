"""The Import dialog: book one call per row of a CSV file, after a review.

A file is picked (or dropped on the main window), read and validated off the
GUI thread (:class:`~.reading.ListReader`) and shown row by row with
every problem on its cell (:class:`~.model.ImportModel`). As with
``voicecall batch``, a list with any problem books nothing unless "Skip rows
with problems" is ticked; a number that already has a call that day (any desk,
any run) is such a problem, so importing the same list twice calls nobody twice.
Rows outside calling hours, on a bank holiday or a closed day are problems too,
unless the person ticks "Book N rows … anyway" for all of them at once. Book
asks for a confirmation that states the count, queues the bookable rows in
one transaction (:func:`~.booking.queue_rows`, the repeat rule checked again)
and hands them to the outbox's worker; :class:`~.sending.ListSending`
follows them, with Pause and Resume. Book is never a default button: Enter
does not book.

Signals:
    queued(object): the ids of the calls just queued (lists and counts need a refresh).
    loaded(): a reading of the file is on show.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QWidget,
)

from voicecall_desktop.service import Service, StoreError
from voicecall_desktop.ui.call_list.booking import queue_rows
from voicecall_desktop.ui.call_list.layout import PAUSE_TIP, ImportDialogLayout
from voicecall_desktop.ui.call_list.model import ImportModel
from voicecall_desktop.ui.call_list.reading import ListReader
from voicecall_desktop.ui.call_list.review_rows import (
    COL_NUMBER,
    COL_ROW,
    COL_SITE,
    COL_STATUS,
    ImportPreview,
    Level,
    ReviewRow,
)
from voicecall_desktop.ui.call_list.review_words import file_notice, plural, summary_text
from voicecall_desktop.ui.call_list.sending import (
    DONE,
    PAUSED,
    PAUSING,
    SENDING,
    STOPPED,
    ListSending,
)
from voicecall_desktop.ui.common.messages import Messages
from voicecall_desktop.ui.common.widgets import describe, dropped_csv
from voicecall_desktop.ui.common.worker import WorkerHost

log = logging.getLogger(__name__)

CSV_FILTER = "CSV files (*.csv *.txt);;All files (*)"
NO_PRESET = "Settings (no preset)"
REVIEW = "review"  # before Book; then the phases of :mod:`.sending`
_COLOURS: dict[object, str] = {
    Level.PROBLEM: "#b91c1c",
    Level.WARNING: "#7a3e00",
    "info": "#0b3d6e",
}


class ImportDialog(ImportDialogLayout):
    queued = Signal(object)
    loaded = Signal()

    def __init__(
        self,
        service: Service,
        host: WorkerHost,
        *,
        messages: Messages | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ImportModel(), parent)
        self.model.setParent(self)
        self._service = service
        self._host = host
        self._messages = messages
        self._reader = ListReader(service, self)
        self._path = ""
        self._loading = False
        self.sending: ListSending | None = None
        self._fill_presets()
        self._connect()
        self._reader.done.connect(self._on_reader_done)
        self._reader.failed.connect(self._on_reader_failed)
        self._update()

    @property
    def phase(self) -> str:
        return REVIEW if self.sending is None else self.sending.phase

    def _connect(self) -> None:
        self.choose_button.clicked.connect(self.choose_file)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.model.dataChanged.connect(self._show_detail)
        self.model.modelReset.connect(self._show_detail)
        self.preset_combo.currentIndexChanged.connect(self._on_preset_combo_changed)
        self.skip_invalid.toggled.connect(self._update)
        self.confirm_hours.toggled.connect(self._on_confirm_hours_toggled)
        self.book_button.clicked.connect(self.book)
        self.pause_button.clicked.connect(self._on_pause_button_clicked)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Open, self, self.choose_file)

    def _fill_presets(self) -> None:
        try:
            names = self._service.preset_names()
        except StoreError:
            names = []
        self.preset_combo.addItem(NO_PRESET, None)
        for name in names:
            self.preset_combo.addItem(name, name)
        for widget in (self.preset_label, self.preset_combo):
            widget.setVisible(bool(names))

    # -- reading --------------------------------------------------------------

    def choose_file(self) -> None:
        if self.phase != REVIEW:
            return
        start = str(Path(self._path).parent) if self._path else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(self, "Import call list", start, CSV_FILTER)
        if path:
            self.load_path(path)

    def load_path(self, path: str) -> None:
        """Read ``path`` and show its rows; the reading happens off the GUI thread."""
        if self.phase != REVIEW:
            return
        self._path = path
        self.file_label.setText(path)
        self._read(again=False)

    def _read(self, *, again: bool = True) -> None:
        """Review the file (``again``: the bytes read last time, with the preset now chosen)."""
        path = self._path
        self.model.set_preview(None)
        self._set_notice(f"Reading {Path(path).name}…", "")
        self.summary.clear()
        self._loading = True
        self._update()
        self._reader.read(path, self.preset_combo.currentData(), again=again)

    def wait_for_reading(self, msecs: int = 30_000) -> bool:
        """Block until the reading thread finishes (for shutdown and tests)."""
        return self._reader.wait(msecs)

    def _on_reader_failed(self, error: str) -> None:
        self._loading = False
        self._set_notice(error, Level.PROBLEM)
        self._update()
        self.loaded.emit()

    def _on_reader_done(self, preview: ImportPreview) -> None:
        self._loading = False
        self.model.set_preview(preview)
        self.view.resizeColumnsToContents()
        for column, most in ((COL_SITE, 160), (COL_STATUS, 260)):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), most))
        notice, problem = file_notice(preview)
        self._set_notice(notice, Level.PROBLEM if problem else "info")
        log.info("call list read: %d rows, %d valid", len(preview.rows), preview.valid)
        self._update()
        first_problem = next((n for n, r in enumerate(preview.rows) if not r.valid), None)
        if first_problem is not None:
            self.view.setCurrentIndex(self.model.index(first_problem, COL_NUMBER))
        self.loaded.emit()

    def _set_notice(self, text: str, kind: object) -> None:
        colour = _COLOURS.get(kind)
        self.notice.setText(text)
        self.notice.setStyleSheet(f"color: {colour};" if colour else "")
        self.notice.setAccessibleName(text)
        self.notice.setVisible(bool(text))

    def _show_detail(self, *_args: object) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            self.detail.clear()
            self.detail.setVisible(False)
            return
        text, level = self.model.explain(index.row())
        colour = _COLOURS.get(level)
        self.detail.setStyleSheet(f"color: {colour};" if colour else "")
        self.detail.setText(text)
        self.detail.setAccessibleName(text.replace("\n", ". "))
        self.detail.setVisible(True)

    def _on_preset_combo_changed(self) -> None:
        if self._path and self.phase == REVIEW:
            self._read()

    # -- review state ---------------------------------------------------------

    def _bookable(self) -> list[ReviewRow]:
        return self.model.bookable()

    def _on_confirm_hours_toggled(self, checked: bool) -> None:
        self.model.set_confirmed(checked)
        self._update()

    def can_book(self) -> tuple[bool, str]:
        """Whether Book may be pressed, and if not, why."""
        preview = self.model.preview
        if self.phase != REVIEW:
            return False, "This list has been booked."
        if self._loading:
            return False, "The file is still being read."
        if preview is None:
            return False, "Choose a file first."
        if preview.file_problems:
            return False, "This file cannot be booked; see the message above the table."
        left_out = len(preview.rows) - len(self._bookable())
        if left_out and not self.skip_invalid.isChecked():
            return False, "Correct the file, or tick “Skip rows with problems”, to book the others."
        if not self._bookable():
            return False, "No row can be booked."
        return True, ""

    def _update(self) -> None:
        preview = self.model.preview
        reviewing = self.phase == REVIEW
        count = len(self._bookable()) if preview and reviewing else 0
        if preview is None:
            summary = ""
        elif not reviewing:
            rows, booked = len(preview.rows), self.model.booked()
            summary = f"{plural(rows, 'row')}: {booked:,} booked, {rows - booked:,} left out."
        else:
            summary = summary_text(
                preview,
                count,
                skip_invalid=self.skip_invalid.isChecked(),
                confirmed=self.model.confirmed,
            )
        self.summary.setText(summary)
        self.summary.setAccessibleName(summary)
        allowed, why = self.can_book()
        self.book_button.setEnabled(allowed)
        if not reviewing:
            self.book_button.setText("Booked")
        else:
            self.book_button.setText(f"&Book {plural(count, 'call')}…" if count else "&Book…")
        self.book_button.setToolTip(why or f"Book {plural(count, 'call')}, after a confirmation")
        self.book_button.setAccessibleDescription(self.book_button.toolTip())
        for widget in (self.choose_button, self.preset_combo, self.skip_invalid):
            widget.setEnabled(reviewing)
        self.skip_invalid.setVisible(bool(preview and preview.invalid) or not reviewing)
        hours = len(preview.confirmable) if preview else 0
        self.confirm_hours.setVisible(bool(hours))
        self.confirm_hours.setEnabled(reviewing)
        if hours and preview is not None:
            self.confirm_hours.setText(
                f"Book {plural(hours, 'row')} {preview.hours_kind()} &anyway"
            )
            self.confirm_hours.setAccessibleName(self.confirm_hours.text().replace("&", ""))
        self._update_sending()

    def _update_sending(self) -> None:
        sending = self.sending
        for widget in (self.progress, self.progress_label, self.pause_button):
            widget.setVisible(sending is not None)
        if sending is None:
            return
        self.progress.setValue(sending.answered())
        text = sending.text()
        self.progress_label.setText(text)
        self.progress_label.setAccessibleName(text)
        self.progress.setAccessibleDescription(text)
        resume = sending.phase in (PAUSED, STOPPED)
        self.pause_button.setEnabled(sending.phase in (SENDING, PAUSED, STOPPED))
        self.pause_button.setText("Res&ume" if resume else "Pa&use")
        if resume:
            describe(self.pause_button, "Resume", "Carry on sending the calls still queued")
        else:
            describe(self.pause_button, "Pause", PAUSE_TIP)

    # -- booking ------------------------------------------------------------------

    def book(self) -> bool:
        """Confirm, queue the bookable rows in one transaction and start sending them."""
        preview = self.model.preview
        if not self.can_book()[0] or preview is None:
            return False
        rows = self._bookable()
        ids = queue_rows(
            self,
            self._service,
            preview,
            rows,
            confirmed=self.model.confirmed,
            read_again=self._read,
        )
        if ids is None:
            return False
        self.model.mark_booked(rows, ids, "Left out")
        self.sending = ListSending(self._host, self.model, self)
        self.sending.changed.connect(self._on_sending_changed)
        self.sending.stalled.connect(self._on_sending_stalled)
        self.progress.setRange(0, len(ids))
        self._say(f"{plural(len(ids), 'call')} from {Path(self._path).name} queued; sending.")
        self.queued.emit(ids)
        self.sending.start()
        return True

    # -- sending ------------------------------------------------------------------

    def pause(self) -> None:
        if self.sending is not None:
            self.sending.pause()

    def resume(self) -> None:
        if self.sending is not None:
            self.sending.resume()

    def _on_pause_button_clicked(self) -> None:
        if self.phase == SENDING:
            self.pause()
        else:
            self.resume()

    def _on_sending_changed(self) -> None:
        self._update()
        if self.phase == DONE and self.sending is not None:
            self._say(f"Call list {Path(self._path).name}: {self.sending.text()}")

    def _on_sending_stalled(self, row: int) -> None:
        self.view.scrollTo(self.model.index(row, COL_ROW))

    def _say(self, text: str) -> None:
        if self._messages is not None:
            self._messages.info(text)
        else:
            log.info("%s", text)

    # -- closing ------------------------------------------------------------------

    def reject(self) -> None:
        """Esc, Close or the title bar's ×: a paused list is not left paused unseen."""
        left = self.sending.remaining() if self.sending is not None else 0
        if self.phase in (PAUSING, PAUSED) and left:
            answer = QMessageBox.question(
                self,
                "Close the call list",
                f"{plural(left, 'call')} from this list {'is' if left == 1 else 'are'} still "
                "queued. If you close this window, sending resumes: they go out with the "
                "outbox. To stop one, take it back to draft in the outbox.\n\nClose and let "
                "them be sent?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.sending is not None:
            self.sending.release()
        self.shut_down()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.reject()

    def shut_down(self) -> None:
        """Stop waiting for a reading; queued calls stay queued on disk."""
        self._reader.drop_answers()
        self.wait_for_reading()


__all__ = ["REVIEW", "ImportDialog", "dropped_csv"]
