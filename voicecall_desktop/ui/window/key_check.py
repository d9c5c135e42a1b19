"""Whether an API key is stored, asked off the GUI thread.

The keyring's first use in a process looks for its backends (50–150 ms, more
on a slow PC, and it can hang on a broken Secret Service or COM). The window
asks here, never on the GUI thread, and shows the "No API key" banner when the
answer comes.

Signals of :class:`KeyCheck`:
    checked(bool, str): whether a key is stored, and why the keyring cannot be
        used ("" when it can).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from voicecall_desktop.service import KeyringUnavailable
from voicecall_desktop.ui.common.tasks import BackgroundTask

log = logging.getLogger(__name__)


class KeyCheck(QObject):
    """Runs ``is_stored`` on a background thread, one check at a time."""

    checked = Signal(bool, str)

    def __init__(self, is_stored: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._is_stored = is_stored
        self._task = BackgroundTask(
            "key check",
            expected=(KeyringUnavailable,),
            unexpected="The system keyring could not be asked for the API key; see the log.",
            parent=self,
        )
        self._task.done.connect(self._on_task_done)
        self._task.failed.connect(self._on_task_failed)

    def start(self) -> None:
        self._task.start(self._is_stored)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until a check in flight is done (for shutdown and tests)."""
        return self._task.wait(msecs)

    def _on_task_done(self, stored: object) -> None:
        self.checked.emit(bool(stored), "")

    def _on_task_failed(self, problem: str) -> None:
        self.checked.emit(False, problem)


__all__ = ["KeyCheck"]
