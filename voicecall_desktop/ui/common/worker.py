"""The one place network work happens: a worker object on its own ``QThread``.

The GUI thread asks for work through :class:`WorkerHost`'s methods (queued
signals, so it never waits) and hears back through the worker's signals. The
worker owns its httpx client and runs the service's ``send_one`` and
``flush``; it never touches a widget.

Signals of :class:`SendWorker`:
    attempted(object): an :class:`~voicecall_desktop.service.AttemptResult`.
    skipped(int): the call was no longer queued when its turn came.
    flushFinished(object): a :class:`~voicecall_desktop.service.FlushReport`.
    probed(bool, str): whether the API's base URL answered, and what was seen.
    tested(bool, str): the outcome of a settings dialog's "Test connection".
    failed(str): nothing was sent, and why (no key, bad settings, database).
    busyChanged(bool): work started or finished.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

from voicecall_desktop.api.errors import ApiError
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.service import (
    AttemptResult,
    KeyringUnavailable,
    MissingKey,
    Service,
    StaleMove,
    StoreError,
)

if TYPE_CHECKING:
    from voicecall_desktop.api.client import VoiceCallClient

log = logging.getLogger(__name__)

#: Failures that mean "nothing was sent, tell the person why"; anything else is a bug.
EXPECTED = (MissingKey, KeyringUnavailable, ApiError, StoreError, StaleMove)


class SendWorker(QObject):
    attempted = Signal(object)
    skipped = Signal(int)
    flushFinished = Signal(object)
    probed = Signal(bool, str)
    tested = Signal(bool, str)
    failed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, service: Service) -> None:
        super().__init__()
        self._service = service
        self._client: VoiceCallClient | None = None
        self._client_lock = threading.Lock()
        self.stopping = threading.Event()
        #: A person paused sending (the Import dialog): flushes stop before their next call.
        self.paused = threading.Event()

    # -- the client ---------------------------------------------------------

    def _get_client(self) -> VoiceCallClient:
        with self._client_lock:
            if self._client is None:
                self._client = self._service.make_client()
            return self._client

    @Slot()
    def reset_client(self) -> None:
        """Settings changed: the next request builds a fresh client."""
        self.close_client()

    def close_client(self) -> None:
        """Close the client (in the worker thread, or once it has stopped)."""
        with self._client_lock:
            client, self._client = self._client, None
        if client is not None:
            try:
                client.close()
            except Exception:  # closing must never raise into shutdown
                log.exception("closing the HTTP client failed")

    # -- work ---------------------------------------------------------------

    @Slot(int)
    def send_one(self, call_id: int) -> None:
        if self.stopping.is_set():
            return
        self.busyChanged.emit(True)
        try:
            result = self._service.send_one(call_id, self._get_client())
        except EXPECTED as exc:
            self.failed.emit(_text(exc))
        except Exception:
            log.exception("sending call %d failed unexpectedly", call_id)
            self.failed.emit("Sending failed unexpectedly; the details are in the log.")
        else:
            if result is None:
                self.skipped.emit(call_id)
            else:
                self.attempted.emit(result)
        finally:
            self.busyChanged.emit(False)

    @Slot(bool)
    def flush(self, respect_backoff: bool) -> None:
        """Send every queued call, oldest first; stops at the first that cannot be delivered."""
        if self.stopping.is_set():
            return
        self.busyChanged.emit(True)
        try:
            report = self._service.flush(
                self._get_client(),
                respect_backoff=respect_backoff,
                should_stop=self._should_stop,
                on_result=self._on_flush_result,
            )
        except EXPECTED as exc:
            self.failed.emit(_text(exc))
        except Exception:
            log.exception("flushing the outbox failed unexpectedly")
            self.failed.emit("Sending the outbox failed unexpectedly; the details are in the log.")
        else:
            self.flushFinished.emit(report)
        finally:
            self.busyChanged.emit(False)

    def _should_stop(self) -> bool:
        return self.stopping.is_set() or self.paused.is_set()

    def _on_flush_result(self, result: AttemptResult) -> None:
        self.attempted.emit(result)

    @Slot()
    def probe(self) -> None:
        """Reach the base URL without booking anything (the connection check)."""
        if self.stopping.is_set():
            return
        try:
            text = self._get_client().probe()
        except ApiError as exc:
            self.probed.emit(False, exc.message)
        except Exception as exc:
            log.exception("connection check failed unexpectedly")
            self.probed.emit(False, f"Connection check failed ({type(exc).__name__}).")
        else:
            self.probed.emit(True, text)

    @Slot(object)
    def test_connection(self, settings: Settings) -> None:
        """Probe with settings not yet saved (the settings dialog's Test connection)."""
        try:
            with self._service.make_client(settings) as client:
                text = client.probe()
        except ApiError as exc:
            self.tested.emit(False, exc.message)
        except Exception as exc:
            log.exception("test connection failed unexpectedly")
            self.tested.emit(False, f"The test failed ({type(exc).__name__}).")
        else:
            self.tested.emit(True, text)


def _text(exc: Exception) -> str:
    return getattr(exc, "message", None) or str(exc)


class WorkerHost(QObject):
    """Owns the worker thread; the GUI's only way to ask for network work.

    Signals (to the worker, queued):
        sendRequested(int), flushRequested(bool), probeRequested(),
        testRequested(object), resetRequested().
    """

    sendRequested = Signal(int)
    flushRequested = Signal(bool)
    probeRequested = Signal()
    testRequested = Signal(object)
    resetRequested = Signal()

    def __init__(self, service: Service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("SendWorkerThread")
        self.worker = SendWorker(service)
        self.worker.moveToThread(self.worker_thread)
        self.sendRequested.connect(self.worker.send_one)
        self.flushRequested.connect(self.worker.flush)
        self.probeRequested.connect(self.worker.probe)
        self.testRequested.connect(self.worker.test_connection)
        self.resetRequested.connect(self.worker.reset_client)
        self.worker_thread.finished.connect(self.worker.close_client)
        self.busy = False
        self.worker.busyChanged.connect(self._on_worker_busy_changed)
        self.worker_thread.start()

    def _on_worker_busy_changed(self, busy: bool) -> None:
        self.busy = busy

    def send(self, call_id: int) -> None:
        self.sendRequested.emit(call_id)

    def flush(self, *, respect_backoff: bool = False) -> None:
        self.flushRequested.emit(respect_backoff)

    def probe(self) -> None:
        self.probeRequested.emit()

    def test_connection(self, settings: Settings) -> None:
        self.testRequested.emit(settings)

    def reset_client(self) -> None:
        self.resetRequested.emit()

    def is_running(self) -> bool:
        return self.worker_thread.isRunning()

    def stop(self, wait_ms: int = 35_000) -> bool:
        """Stop the thread once its current attempt is over; True once it has finished.

        A flush stops before its next call. A request already in flight is not
        cut off (that would turn a clear answer into "unknown"): it is given
        ``wait_ms``, which callers base on the read timeout. If it is still
        running after that, the call stays ``sending`` under this process's
        lease and the next start marks it ``unknown``; it is never lost.
        """
        if not self.worker_thread.isRunning():
            return True
        self.worker.stopping.set()
        self.worker_thread.quit()
        if self.worker_thread.wait(wait_ms):
            return True
        log.error("the send thread is still busy after %d ms", wait_ms)
        return False
