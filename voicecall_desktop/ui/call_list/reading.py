"""The Import dialog's file reading: a call list read and reviewed off the GUI thread.

:func:`~.review.build_preview` validates every row and looks up calls already
booked that day; on a 10 000-row file that takes a while, so it runs on a
:class:`~voicecall_desktop.ui.common.tasks.BackgroundTask`. A newer reading
(another file, another preset) makes an older one's answer stale: it is dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, Signal

from voicecall_desktop.core.batch import read_file
from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.service import Service, StoreError
from voicecall_desktop.ui.call_list.review import build_preview
from voicecall_desktop.ui.call_list.review_rows import ImportPreview
from voicecall_desktop.ui.common.tasks import BackgroundTask


class ListReader(QObject):
    """Reads a call list file and reviews its rows, one reading at a time.

    Signals:
        done(object): the :class:`~.review_rows.ImportPreview` of the newest reading.
        failed(str): why a reading failed, in words for the person (dropped while a
            newer reading is on its way).
    """

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, service: Service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._task = BackgroundTask(
            "call list reading",
            expected=(OSError, StoreError),
            unexpected="The call list could not be read; the details are in the log.",
            parent=self,
        )
        self._generation = 0  # a newer reading makes an older one's result stale
        self._data: bytes | None = None  # as last read: a new preset reviews them unread
        self._task.done.connect(self._on_task_done)
        self._task.failed.connect(self._on_task_failed)

    def read(self, path: str, preset: str | None, *, again: bool) -> None:
        """Review ``path`` with ``preset``'s values in blank cells; ``done`` or ``failed`` follows.

        ``again``: the bytes read last time, if any, rather than the file on disk.
        """
        if not again:
            self._data = None
        self._generation += 1
        generation = self._generation
        service, data = self._service, self._data

        def job() -> tuple[int, ImportPreview, bytes]:
            try:
                # Refuses a file past the size limit before reading it.
                raw = data if data is not None else read_file(Path(path))
            except FieldError as exc:
                raise OSError(f"Cannot import {path}: {exc.message}.") from exc
            preview = build_preview(service, raw, name=Path(path).name, preset=preset)
            return generation, preview, raw

        self._task.start(job)

    def drop_answers(self) -> None:
        """Make any reading on its way stale (the dialog is closing)."""
        self._generation += 1

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the reading thread finishes (for shutdown and tests)."""
        return self._task.wait(msecs)

    def _on_task_failed(self, error: str) -> None:
        if self._task.running:
            return  # a newer reading is on its way (the preset changed meanwhile)
        self.failed.emit(error)

    def _on_task_done(self, result: object) -> None:
        generation, preview, data = cast(tuple[int, ImportPreview, bytes], result)  # read's job
        self._data = data
        if generation != self._generation:
            return  # an older reading (the preset changed meanwhile, or the dialog closed)
        self.done.emit(preview)


__all__ = ["ListReader"]
