"""The day's backup copy of the database, taken off the GUI thread once the window has painted.

Copying the database takes a moment on a slow disk (or a long one on a network
share); the window must be on screen and answering first. A missed copy never
stops the day's work: :meth:`Service.daily_backup` logs and returns None.

Signals of :class:`DailyBackup`:
    taken(object): the copy's path, or None when none was needed or it failed.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from voicecall_desktop.service import Service
from voicecall_desktop.ui.common.tasks import BackgroundTask

log = logging.getLogger(__name__)


class DailyBackup(QObject):
    """Runs ``service.daily_backup()`` once, on a background thread."""

    taken = Signal(object)

    def __init__(self, service: Service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.started = False
        self._task = BackgroundTask(
            "daily backup",
            unexpected="The day's backup copy was not taken; see the log.",
            parent=self,
        )
        self._task.done.connect(self.taken)
        self._task.failed.connect(self._on_failed)

    def start(self) -> None:
        if not self.started:
            self.started = True
            self._task.start(self._service.daily_backup)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the copy in flight is written (shutdown: the store closes after)."""
        return self._task.wait(msecs)

    def _on_failed(self, problem: str) -> None:
        log.warning("daily backup: %s", problem)
        self.taken.emit(None)


__all__ = ["DailyBackup"]
