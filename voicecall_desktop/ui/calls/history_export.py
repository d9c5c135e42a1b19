"""The history pane's Export to CSV: where to save, and the writing off the GUI thread.

The file itself is :func:`~.export.export_csv`'s; this module asks where it
goes and runs the writing on a :class:`~voicecall_desktop.ui.common.tasks.BackgroundTask`,
so a long history never holds up the window.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import Service
from voicecall_desktop.ui.calls.export import ExportFailed, export_csv, export_error
from voicecall_desktop.ui.common.tasks import BackgroundTask


def ask_export_path(parent: QWidget) -> str:
    """The file a person picks for the export (``.csv`` added when typed without an
    ending), or ``""`` when they cancel. Offered: today's file in Documents."""
    folder = Path.home() / "Documents"
    name = f"call-history-{date.today():%Y-%m-%d}.csv"
    default = str((folder if folder.is_dir() else Path.home()) / name)
    path, _ = QFileDialog.getSaveFileName(
        parent, "Export call history", default, "CSV files (*.csv);;All files (*)"
    )
    if path and not Path(path).suffix:
        path += ".csv"
    return path


class HistoryExport(QObject):
    """Writes every call matching a search and state filter to a CSV file, off the GUI thread.

    Signals:
        finished(str, int): the path written and the number of calls in it.
        failed(str): why the export failed, in words for the person.
    """

    finished = Signal(str, int)
    failed = Signal(str)

    def __init__(self, service: Service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._task = BackgroundTask(
            "history export",
            expected=(ExportFailed,),
            unexpected="Could not export the call history; see the log.",
            parent=self,
        )
        self._task.done.connect(self._on_task_done)
        self._task.failed.connect(self.failed)

    def start(self, path: str, search: str, state: CallState | None) -> None:
        """Write the calls matching ``search`` and ``state`` to ``path``; ``finished`` or
        ``failed`` follows."""
        service = self._service
        states = None if state is None else [state]

        def job() -> tuple[str, int]:
            try:
                return path, export_csv(
                    service.iter_calls(search, states), path, events=service.events
                )
            except OSError as exc:
                raise OSError(export_error(exc, path)) from exc

        self._task.start(job)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the writing finishes (for shutdown and tests)."""
        return self._task.wait(msecs)

    def _on_task_done(self, result: object) -> None:
        path, count = cast(tuple[str, int], result)  # what start's job returns
        self.finished.emit(path, count)


__all__ = ["HistoryExport", "ask_export_path"]
