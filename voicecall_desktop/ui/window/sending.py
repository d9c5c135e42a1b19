"""What the window does with the send worker: sending the outbox, and each answer.

The worker (``ui/common/worker.py``) sends off the GUI thread and reports by
signals; this turns them into words in the status bar, the connection's state,
the credits, and the row shown at once in the lists.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from voicecall_desktop.core.states import Outcome
from voicecall_desktop.service import AttemptResult, FlushReport
from voicecall_desktop.ui.calls.cells import result_words
from voicecall_desktop.ui.calls.refresh import ListRefresher
from voicecall_desktop.ui.common.messages import Messages
from voicecall_desktop.ui.common.worker import WorkerHost
from voicecall_desktop.ui.window.connection import ConnectionMonitor
from voicecall_desktop.ui.window.statusbar import StatusPanel


class OutboxSending(QObject):
    """Sends the queued calls when asked or when the connection is back; one drain at a time.

    Args:
        check_key: asked when the worker fails as a whole (most often: no usable key).
    """

    def __init__(
        self,
        host: WorkerHost,
        monitor: ConnectionMonitor,
        status: StatusPanel,
        lists: ListRefresher,
        messages: Messages,
        check_key: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._host = host
        self._monitor = monitor
        self._status = status
        self._lists = lists
        self._messages = messages
        self._check_key = check_key
        #: A drain is under way (a second is never started on top of it).
        self.flushing = False
        worker = host.worker
        worker.attempted.connect(self.on_attempted)
        worker.flushFinished.connect(self._on_flush_finished)
        worker.failed.connect(self._on_failed)
        monitor.flushWanted.connect(self._on_flush_wanted)

    def flush_now(self) -> None:
        """Send every queued call now, ignoring the back-off (a person asked)."""
        if self._lists.queued_count() == 0:
            self._messages.info("The outbox has no queued calls.")
            return
        self.flush(respect_backoff=False)

    def flush(self, *, respect_backoff: bool) -> None:
        if self.flushing:
            return
        self.flushing = True
        self._messages.info("Sending queued calls…")
        self._host.flush(respect_backoff=respect_backoff)

    def on_attempted(self, result: AttemptResult) -> None:
        """One call answered (or not): say so, and show its row at once."""
        record = result.record
        self._status.set_credits(record.credits)
        if result.outcome in (Outcome.ACCEPTED, Outcome.REJECTED):
            self._monitor.report(True, result.message)
        else:
            self._monitor.check_now()
        # The history's own plain words ("Booked", "Refused – number barred"), not the
        # state and the vendor's Status side by side ("Sent. Queued" read as not sent).
        words = result_words(record).short
        if result.outcome is Outcome.ACCEPTED:
            credits = "" if record.credits is None else f" Credits left: {record.credits:,}."
            self._messages.info(f"Call #{record.id}: {words}.{credits}")
        else:
            self._messages.warning(f"Call #{record.id}: {words}. {result.message}")
        # A drain answers many calls a second: show this one now, read the lists soon.
        self._lists.put(record)

    def _on_flush_finished(self, report: FlushReport) -> None:
        self.flushing = False
        if report.results or report.still_queued:
            sent = report.count(Outcome.ACCEPTED)
            self._messages.info(
                f"Outbox: {sent} sent, {len(report.results) - sent} not sent, "
                f"{report.still_queued} still queued."
            )
        self._lists.refresh()

    def _on_failed(self, _message: str) -> None:
        self.flushing = False
        self._check_key()
        self._lists.refresh()

    def _on_flush_wanted(self, respect_backoff: bool) -> None:
        if self._lists.queued_count() and not self._host.worker.paused.is_set():
            self.flush(respect_backoff=respect_backoff)


__all__ = ["OutboxSending"]
