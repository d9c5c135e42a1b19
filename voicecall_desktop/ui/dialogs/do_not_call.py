"""The do-not-call list: numbers patients asked never to be called.

Every change takes effect at once (there is no Save): adding a number makes
the form, ``voicecall send`` and call-list imports refuse it. A number is
checked as it is typed, with the same rules as the form's Destination.
Importing a CSV file runs off the GUI thread (each number is its own
transaction, so a long list takes a few seconds).

Signals of :class:`DoNotCallDialog`:
    listChanged(): numbers were added or removed (the form checks its number again).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QWidget,
)

from voicecall_desktop.core.batch import RowProblem
from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.phone import format_destination, parse_destination
from voicecall_desktop.service import Service, StoreError
from voicecall_desktop.ui.common.table_model import ROW_ROLE
from voicecall_desktop.ui.common.tasks import BackgroundTask
from voicecall_desktop.ui.dialogs.do_not_call_files import (
    CSV_FILTER,
    default_folder,
    file_error,
    import_summary,
    sentence,
    write_export,
)
from voicecall_desktop.ui.dialogs.do_not_call_layout import DoNotCallLayout
from voicecall_desktop.ui.dialogs.do_not_call_model import (
    blocked_rows,
)

log = logging.getLogger(__name__)


class DoNotCallDialog(DoNotCallLayout):
    """See, search, add to and remove from the do-not-call list; import and export it."""

    listChanged = Signal()

    def __init__(self, service: Service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._import = BackgroundTask(
            "do-not-call import",
            expected=(StoreError,),
            explain=lambda exc: f"The import stopped: {exc}",
            unexpected="The import stopped because of an unexpected error; see the log.",
            parent=self,
        )
        self._importing = False
        self._close_after_import: int | None = None
        self._connect()
        self.reload()

    def _connect(self) -> None:
        self.number_edit.textChanged.connect(self._on_number_edit_text_changed)
        self.add_button.clicked.connect(self.add)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.proxy.modelReset.connect(self._update_buttons)
        self._import.done.connect(self._on_import_done)
        self._import.failed.connect(self._on_import_failed)
        self.view.installEventFilter(self)

    # -- reading ----------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the list again; ``select`` a destination to show it."""
        try:
            rows = blocked_rows(self._service.do_not_call_list())
        except StoreError as exc:
            self._say(f"The list could not be read: {exc}", error=True)
            rows = []
        self.model.set_items(rows)
        self._update_count()
        if select is not None:
            self.select(select)
        self._on_number_edit_text_changed(self.number_edit.text())

    def select(self, destination: int) -> bool:
        row = self.model.row_of(destination)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the search: show everything
            self.search_edit.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def selected_destinations(self) -> list[int]:
        rows = self.view.selectionModel().selectedRows()
        return [i.data(ROW_ROLE).destination for i in sorted(rows, key=lambda i: i.row())]

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if total == 0:
            text = "The list is empty."
        elif shown == total:
            text = f"{total} number{'s' * (total != 1)} on the list"
        else:
            text = f"{shown} of {total} numbers shown"
        self.count_label.setText(text)

    def _update_buttons(self, *_: object) -> None:
        busy = self._importing
        self.remove_button.setEnabled(not busy and bool(self.selected_destinations()))
        self.import_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy and self.model.rowCount() > 0)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b91c1c;" if error else "color: #166534;")
        self.status.setText(text)

    # -- adding -----------------------------------------------------------------

    def _checked_number(self) -> int | None:
        """The typed number if it can be added; otherwise None, with the reason shown."""
        text = self.number_edit.text()
        if not text.strip():
            self.number_message.clear_message()
            return None
        try:
            number = parse_destination(text)
        except FieldError as exc:
            self.number_message.show_error(sentence(exc.message) + ".")
            return None
        listed = self.model.find(number)
        if listed is not None:
            self.number_message.show_hint(
                f"{listed.number} is already on the list (added {listed.added})."
            )
            return None
        self.number_message.show_hint(f"Will add {format_destination(number)}.")
        return number

    def _on_number_edit_text_changed(self, _text: str) -> None:
        self.add_button.setEnabled(not self._importing and self._checked_number() is not None)

    def add(self) -> bool:
        """Put the typed number on the list (with its note)."""
        if self._importing or self._checked_number() is None:
            self.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        try:
            destination, _new = self._service.block(
                self.number_edit.text(), self.note_edit.text().strip()
            )
        except FieldError as exc:
            self.number_message.show_error(sentence(exc.message) + ".")
            return False
        except StoreError as exc:
            self._say(f"Not added: {exc}", error=True)
            return False
        self.number_edit.clear()
        self.note_edit.clear()
        self.reload(select=destination)
        self._say(f"{format_destination(destination)} added: it will not be called.")
        self.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.listChanged.emit()
        return True

    # -- removing ---------------------------------------------------------------

    def remove_selected(self) -> int:
        """Take the selected numbers off the list, after asking. Returns how many went."""
        chosen = self.selected_destinations()
        if not chosen or self._importing:
            return 0
        if len(chosen) == 1:
            question = (
                f"Remove {format_destination(chosen[0])} from the do-not-call list?\n\n"
                "The patient can then be called again."
            )
        else:
            question = (
                f"Remove these {len(chosen)} numbers from the do-not-call list?\n\n"
                "These patients can then be called again."
            )
        answer = QMessageBox.question(
            self,
            "Remove from the do-not-call list?",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return 0
        removed = 0
        try:
            for destination in chosen:
                _, gone = self._service.unblock(f"+{destination}")
                removed += int(gone)
        except (FieldError, StoreError) as exc:
            self._say(f"Not all were removed: {exc}", error=True)
        else:
            self._say(
                f"{format_destination(chosen[0])} removed from the list."
                if len(chosen) == 1
                else f"{removed} numbers removed from the list."
            )
        self.reload()
        self.listChanged.emit()
        return removed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete on the table removes the selected numbers (after asking)."""
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and (event.key() == Qt.Key.Key_Delete or event.matches(QKeySequence.StandardKey.Delete))
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    # -- import and export --------------------------------------------------------

    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import do-not-call numbers", str(default_folder()), CSV_FILTER
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> bool:
        """Add the numbers in a CSV file, off the GUI thread; ends in ``_on_import_done``."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            message = file_error(exc, path, "read")
            self._say(message, error=True)
            QMessageBox.warning(self, "Import failed", message)
            return False
        service = self._service
        self._importing = True
        self._update_buttons()
        self.add_button.setEnabled(False)
        self._say(f"Importing {Path(path).name}…")
        log.info("importing do-not-call numbers from a CSV file")
        self._import.start(lambda: service.import_do_not_call(data))
        return True

    def wait_for_import(self, msecs: int = 60000) -> bool:
        return self._import.wait(msecs)

    def _on_import_done(self, result: object) -> None:
        added, problems = cast(tuple[int, list[RowProblem]], result)  # import_do_not_call's
        self._on_import_ended(added, problems, "")

    def _on_import_failed(self, error: str) -> None:
        self._on_import_ended(0, [], error)

    def _on_import_ended(self, added: int, problems: list[RowProblem], error: str) -> None:
        self._importing = False
        log.info("do-not-call import: %d added, %d rows were not numbers", added, len(problems))
        self.reload()
        self._update_buttons()
        if added:
            self.listChanged.emit()  # an error part-way may still have added some
        if error:
            self._say(error, error=True)
            QMessageBox.warning(self, "Import failed", error)
        else:
            summary = import_summary(added, problems)
            self._say(summary.split("\n", 1)[0], error=bool(problems) and not added)
            if problems:
                QMessageBox.warning(self, "Import finished, with problems", summary)
            else:
                QMessageBox.information(self, "Import finished", summary)
        if self._close_after_import is not None:
            super().done(self._close_after_import)

    def _on_export_clicked(self) -> None:
        name = f"do-not-call-{date.today():%Y-%m-%d}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the do-not-call list", str(default_folder() / name), CSV_FILTER
        )
        if path:
            if not Path(path).suffix:
                path += ".csv"
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        """Write the whole list to ``path`` as CSV (UTF-8 with BOM, for Excel)."""
        try:
            write_export(self._service.export_do_not_call(), path)
        except OSError as exc:
            message = file_error(exc, path, "write")
            self._say(message, error=True)
            QMessageBox.warning(self, "Export failed", message)
            return False
        except StoreError as exc:
            self._say(f"Not exported: {exc}", error=True)
            return False
        count = self.model.rowCount()
        log.info("do-not-call list exported (%d numbers)", count)
        self._say(f"Exported {count} number{'s' * (count != 1)} to {path}.")
        return True

    # -- closing ------------------------------------------------------------------

    def done(self, result: int) -> None:
        if self._importing:
            # Its numbers are being added one by one: close once it has finished.
            self._close_after_import = result
            self._say("Closing once the import has finished…")
            return
        super().done(result)

    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()


__all__ = ["DoNotCallDialog", "import_summary", "write_export"]
