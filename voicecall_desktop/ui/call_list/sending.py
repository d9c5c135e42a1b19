"""Following one booked call list through the outbox: progress, pause and resume.

The calls go out as every queued call does: the window's one send worker
(:mod:`..common.worker`) runs the service's ``flush``, oldest first, and each answer
comes back as ``attempted``. Pause sets the worker's ``paused`` flag, which
its flush checks before claiming the next call, so the call in flight is
finished and the rest stay ``queued``; Resume clears it and flushes again.
A call that cannot be delivered stops the flush (the service's rule): the
ones answered before it stay booked, it and those after it stay queued, and
nothing is sent twice.

Signals of :class:`ListSending`:
    changed(): the phase or the counts changed (redraw the progress).
    stalled(int): the model row of a call that could not be delivered.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from voicecall_desktop.core.states import CallState, Outcome
from voicecall_desktop.service import AttemptResult, FlushReport
from voicecall_desktop.ui.call_list.model import ImportModel
from voicecall_desktop.ui.call_list.review_words import plural
from voicecall_desktop.ui.common.worker import WorkerHost

log = logging.getLogger(__name__)

SENDING, PAUSING, PAUSED, STOPPED, DONE = "sending", "pausing", "paused", "stopped", "done"
LEADS = {
    SENDING: "Sending",
    PAUSING: "Pausing after the call being sent",
    PAUSED: "Paused",
    STOPPED: "Stopped",
    DONE: "Finished",
}
_ANSWERED = (CallState.SENT, CallState.REJECTED, CallState.UNKNOWN)


class ListSending(QObject):
    changed = Signal()
    stalled = Signal(int)

    def __init__(self, host: WorkerHost, model: ImportModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self._model = model
        self.phase = SENDING
        self.extra = ""  # the last word on why sending stopped, kept while nothing changes
        self._retried = False
        worker = host.worker
        worker.attempted.connect(self._on_worker_attempted)
        worker.flushFinished.connect(self._on_worker_flush_finished)
        worker.failed.connect(self._on_worker_failed)

    # -- counts -----------------------------------------------------------------

    def counts(self) -> dict[CallState, int]:
        return self._model.state_counts()

    def answered(self) -> int:
        counts = self.counts()
        return sum(counts[s] for s in _ANSWERED)

    def remaining(self) -> int:
        """Calls from this list not yet answered (still queued, or being sent)."""
        counts = self.counts()
        return counts[CallState.QUEUED] + counts[CallState.SENDING]

    def text(self) -> str:
        """``Paused: 4 sent, 2 still queued. Press Resume to carry on.``"""
        counts = self.counts()
        parts = [f"{counts[CallState.SENT]:,} sent"]
        if counts[CallState.REJECTED]:
            parts.append(f"{counts[CallState.REJECTED]:,} refused")
        if counts[CallState.UNKNOWN]:
            parts.append(f"{counts[CallState.UNKNOWN]:,} not sure (check them in the history)")
        parts.append(f"{self.remaining():,} still queued")
        text = f"{LEADS[self.phase]}: " + ", ".join(parts) + "."
        return f"{text} {self.extra}" if self.extra else text

    # -- what a person does -------------------------------------------------------

    def start(self) -> None:
        self.phase, self.extra, self._retried = SENDING, "", False
        self._host.worker.paused.clear()
        self._host.flush(respect_backoff=False)
        self.changed.emit()

    def pause(self) -> None:
        """Stop before the next call; the rest stay queued."""
        if self.phase != SENDING:
            return
        self._host.worker.paused.set()
        self.phase = PAUSING
        self.changed.emit()

    def resume(self) -> None:
        if self.phase in (PAUSED, STOPPED):
            self.start()

    def release(self) -> None:
        """The dialog is closing: never leave the outbox paused where nobody can see it."""
        if self._host.worker.paused.is_set():
            self._host.worker.paused.clear()
            if self.remaining():
                self._host.flush(respect_backoff=False)

    # -- the worker's answers -----------------------------------------------------

    def _on_worker_attempted(self, result: AttemptResult) -> None:
        if self._model.apply_result(result) is None:
            return  # not from this list
        self._retried = False
        if result.outcome is Outcome.NOT_DELIVERED:
            row = self._model.row_of_call(result.record.id)
            if row is not None:
                self.stalled.emit(row)
        self.changed.emit()

    def _on_worker_flush_finished(self, report: FlushReport) -> None:
        if self.phase == DONE:
            return
        left = self.remaining()
        if left == 0:
            self._finish(DONE, "")
        elif self._host.worker.paused.is_set():
            self._finish(PAUSED, "Press Resume to carry on.")
        elif report.stopped:
            self._finish(
                STOPPED,
                f"{report.stopped} The calls answered so far stay booked; the "
                f"{plural(left, 'call')} still queued go out by themselves when the "
                "connection returns, or press Resume. None is sent twice.",
            )
        elif self.phase != SENDING:
            self.changed.emit()  # another flush (the outbox's own) ended
        elif not self._retried and report.still_queued:
            # Resume came while the paused flush was ending: run once more.
            self._retried = True
            self._host.flush(respect_backoff=False)
        else:
            self._finish(
                STOPPED, f"{plural(left, 'call')} still queued in the outbox; they go out with it."
            )

    def _on_worker_failed(self, message: str) -> None:
        if self.phase in (SENDING, PAUSING):
            self._finish(STOPPED, f"Not sent: {message} The calls stay queued in the outbox.")

    def _finish(self, phase: str, extra: str) -> None:
        self.phase, self.extra = phase, extra
        log.info("call list sending %s: %s", phase, self.text())
        self.changed.emit()


__all__ = ["DONE", "PAUSED", "PAUSING", "SENDING", "STOPPED", "ListSending"]
