"""Running a function off the GUI thread, one at a time, and hearing back on it.

Reading a file, exporting, purging, asking the keyring: each must not hold up
the window, and each fails in one of two ways. An *expected* error (the disk,
the store, the keyring: the environment) becomes a sentence for the person; any
other exception is a bug, logged with its traceback, and the person is told to
see the log. :class:`BackgroundTask` draws that line once.

The owner may be closed while the function runs (a dialog shut mid-export):
the answer is then dropped, with a line in the log, and nothing is touched.

Functions run on a daemon thread of their own task (one at a time, in the
order started), never on a widget; the answer arrives as a queued signal, so slots
run on the GUI thread.

Signals of :class:`BackgroundTask`:
    done(object): what the function returned.
    failed(str): why it failed, in words for the person.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

Explain = Callable[[BaseException], str]


class BackgroundTask(QObject):
    """Runs functions on its own thread, one at a time; answers with ``done`` or ``failed``.

    Args:
        what: what the task does, for the log (e.g. ``"history export"``).
        expected: exceptions that come from the environment, not from a bug.
        explain: the sentence shown for an expected exception (default: ``str``).
        unexpected: the sentence shown for anything else (logged with its traceback).
    """

    done = Signal(object)
    failed = Signal(str)
    _answered = Signal(bool, object)  # from the task's thread: ok, result or message

    def __init__(
        self,
        what: str,
        *,
        expected: tuple[type[BaseException], ...] = (),
        explain: Explain = str,
        unexpected: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._what = what
        self._expected = expected
        self._explain = explain
        self._unexpected = unexpected or f"The {what} failed unexpectedly; see the log."
        # A daemon thread of its own, not a QThreadPool owned by this object: destroying
        # that with its owner would wait for the function inside the owner's destructor,
        # and a function stuck in a system call (a keyring, a dead network share) must
        # never keep the window or the process from closing.
        self._jobs: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Condition()
        self._queued = 0  # started and not yet run to the end (guarded by _lock)
        self._unanswered = 0  # started and not yet answered on the GUI thread
        self._answered.connect(self._on_answered)

    @property
    def running(self) -> bool:
        """Whether a function started here has not answered yet."""
        return self._unanswered > 0

    def start(self, job: Callable[[], object]) -> None:
        """Run ``job`` after any started before it; ``done`` or ``failed`` follows."""
        self._unanswered += 1
        with self._lock:
            self._queued += 1
        self._jobs.put(job)
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._serve, name=self._what.replace(" ", "-"), daemon=True
            )
            self._thread.start()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every started function has run (for shutdown and tests).

        Their answers are delivered by the event loop afterwards.
        """
        with self._lock:
            return self._lock.wait_for(lambda: self._queued == 0, timeout=msecs / 1000)

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                self._run(job)
            finally:
                with self._lock:
                    self._queued -= 1
                    self._lock.notify_all()

    def _run(self, job: Callable[[], object]) -> None:
        ok, value = True, None
        try:
            value = job()
        except self._expected as exc:
            log.warning("%s failed: %s", self._what, exc)
            ok, value = False, self._explain(exc)
        except Exception:
            log.exception("%s failed", self._what)
            ok, value = False, self._unexpected
        try:
            self._answered.emit(ok, value)
        except RuntimeError:  # the owner (and this task with it) was destroyed meanwhile
            log.info("%s finished after its window closed", self._what)

    def _on_answered(self, ok: bool, value: object) -> None:
        self._unanswered -= 1
        if ok:
            self.done.emit(value)
        else:
            self.failed.emit(str(value))


__all__ = ["BackgroundTask", "Explain"]
