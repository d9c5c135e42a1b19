"""Is the PatientComms API reachable? A periodic probe, the only judge.

The probe is a GET of the base URL in the worker thread, booking nothing: every
5 s while offline or with calls waiting, once a minute otherwise, and at once
after any answer that says the connection failed. The OS's own network hints
(``QNetworkInformation``) are not used: loading their backend can hang (it did
under Wine), and PySide6 holds the interpreter's lock through that call, so no
thread or time limit could keep the window alive; they would only have hurried
a probe that comes within 5 s anyway.

Signals:
    stateChanged(str): ``"checking"``, ``"online"`` or ``"offline"``.
    flushWanted(bool): queued calls should go out now; the argument is
        ``respect_backoff``. False when the API has just become reachable (the
        reason for the back-off, no connection, has gone); True on the timer
        while online (a call may be waiting after a 429).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from voicecall_desktop.ui.common.worker import WorkerHost

log = logging.getLogger(__name__)

CHECKING, ONLINE, OFFLINE = "checking", "online", "offline"
#: While offline, or with calls waiting, probe this often (a GET that books nothing).
DEFAULT_INTERVAL_MS = 5_000
#: While online with nothing queued, probe this much less often (once a minute).
IDLE_FACTOR = 12


class ConnectionMonitor(QObject):
    stateChanged = Signal(str)
    flushWanted = Signal(bool)

    def __init__(
        self,
        host: WorkerHost,
        *,
        queued_count: Callable[[], int],
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._host = host
        self._queued_count = queued_count
        self.state = CHECKING
        self.detail = ""
        self._probing = False
        self._ticks = 0
        self.timer = QTimer(self)
        self.timer.setObjectName("ConnectionProbeTimer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        host.worker.probed.connect(self._on_worker_probed)

    def start(self) -> None:
        """Check now, then keep checking on the timer."""
        self.timer.start()
        self.check_now()

    def stop(self) -> None:
        self.timer.stop()

    def check_now(self) -> None:
        if self._probing:
            return
        self._probing = True
        self._host.probe()

    def report(self, reachable: bool, detail: str = "") -> None:
        """What an attempt learnt counts as a probe (a send that got an answer was online)."""
        self._set(ONLINE if reachable else OFFLINE, detail)

    def _set(self, state: str, detail: str) -> None:
        before = self.state
        self.state, self.detail = state, detail
        if state != before:
            log.info("connection %s: %s", state, detail)
            self.stateChanged.emit(state)
            if state == ONLINE:
                self.flushWanted.emit(False)

    def _on_worker_probed(self, reachable: bool, detail: str) -> None:
        self._probing = False
        self._set(ONLINE if reachable else OFFLINE, detail)

    def _on_timer_timeout(self) -> None:
        self._ticks += 1
        queued = self._queued_count()
        if self.state == ONLINE and not queued and self._ticks % IDLE_FACTOR:
            return  # nothing waiting and all was well: probe rarely
        self.check_now()
        if self.state == ONLINE and queued:
            # Still online with calls waiting (e.g. a back-off after a 429): retry them.
            self.flushWanted.emit(True)
