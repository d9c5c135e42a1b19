"""One path for what the user is told: a log line and a status-bar message.

Widgets call :meth:`Messages.info` / :meth:`warning` / :meth:`error`; the
main window shows what is emitted. Text passes through the log's scrubber,
so a phone number or key that slips into a message never reaches the file.

Signals:
    shown(str, int): the text and a ``logging`` level, for the status bar.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

#: How long a status-bar message stays, by level (ms; 0 = until replaced).
TIMEOUTS = {logging.INFO: 8000, logging.WARNING: 15000, logging.ERROR: 0}


class Messages(QObject):
    shown = Signal(str, int)

    def info(self, text: str) -> None:
        self._emit(logging.INFO, text)

    def warning(self, text: str) -> None:
        self._emit(logging.WARNING, text)

    def error(self, text: str) -> None:
        self._emit(logging.ERROR, text)

    def _emit(self, level: int, text: str) -> None:
        log.log(level, "%s", text)
        self.shown.emit(text, level)
