"""Whether an API key is stored, asked off the GUI thread.

The keyring's first use in a process looks for its backends (50–150 ms, more
on a slow PC). The window started by ``voicecall-desktop`` asks here once it has
painted, and shows the "No API key" banner when the answer comes.

Signals of :class:`KeyCheck`:
    checked(bool, str): whether a key is stored, and why the keyring cannot be
        used ("" when it can).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

from voicecall_desktop.secrets import KeyringUnavailable

log = logging.getLogger(__name__)


class KeyCheck(QObject):
    """Runs ``is_stored`` on a pool thread, one check at a time."""

    checked = Signal(bool, str)
    _done = Signal(bool, str)  # from the pool thread

    def __init__(self, is_stored: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._is_stored = is_stored
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._done.connect(self.checked)

    def start(self) -> None:
        is_stored, done = self._is_stored, self._done.emit

        def job() -> None:
            stored, problem = False, ""
            try:
                stored = is_stored()
            except KeyringUnavailable as exc:
                problem = str(exc)
            except Exception:
                log.exception("could not ask the keyring for the API key")
                problem = "The system keyring could not be asked for the API key; see the log."
            try:
                done(stored, problem)
            except RuntimeError:  # the window was closed meanwhile
                log.debug("key check finished after its window closed")

        self._pool.start(job)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until a check in flight is done (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)


__all__ = ["KeyCheck"]
