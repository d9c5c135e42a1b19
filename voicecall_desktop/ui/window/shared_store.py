"""The shared store in the window: which store is in use, other desks' changes, the way back.

With a database URL (several desks, one PostgreSQL), :class:`SharedStoreWatch`

* shows the service's :meth:`~voicecall_desktop.service.Service.store_status` in a
  status-bar label, with the offline icon while calls are kept on this PC;
* listens for other desks' bookings and sends (``Service.watch``, on a thread of
  the store's own) and turns them into a background refresh of the lists,
  at most one per ``NOTIFY_DELAY_MS`` however many arrive;
* every ``RETRY_INTERVAL_MS`` while the server is away and nothing is being sent,
  tries it again off the GUI thread, moving the calls kept here into it.

On the desk's own SQLite store the label stays hidden and nothing runs: a single
desk sees no change.

Signals:
    changed(): another desk changed something (emitted from the listener's thread;
        queued to the GUI thread).
    moved(int): calls kept on this PC were moved into the shared store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from voicecall_desktop.service import Service, StoreError, StoreStatus
from voicecall_desktop.ui.booking.form import CallFormWidget
from voicecall_desktop.ui.calls.refresh import ListRefresher
from voicecall_desktop.ui.common.icons import icon
from voicecall_desktop.ui.common.messages import Messages
from voicecall_desktop.ui.common.tasks import BackgroundTask

log = logging.getLogger(__name__)

#: How often the server is tried again while calls are kept on this PC.
RETRY_INTERVAL_MS = 30_000
#: How often the label re-reads the status (a send may find the server gone meanwhile).
STATUS_INTERVAL_MS = 1_000
#: Other desks' changes refresh the lists at most this often (a drain at another
#: desk notifies many times a second).
NOTIFY_DELAY_MS = 500

KEPT_HERE = "Shared store unreachable: calls are kept on this PC"
#: The label's widest: a server's address can be long, and a narrow status bar needs room
#: for the connection and the outbox too (the full words are in the tooltip).
LABEL_MAX_WIDTH = 340


class Watch(Protocol):
    """What ``Service.watch`` hands back."""

    def stop(self) -> None: ...


def plain_words(exc: BaseException) -> str:
    """A StoreError from trying the server again, for the person."""
    return f"The shared store still cannot be used, so calls stay on this PC: {exc}"


def forget_kept_draft(form: CallFormWidget) -> Callable[[int], None]:
    """After calls moved, the form edits a new call, never "draft #n" by its old number.

    A draft kept on this PC had this PC's own number; in the shared store that number
    may be another desk's call, which a Save would overwrite. What is typed stays.
    """

    def forget(moved: int) -> None:
        if moved:
            form.set_call_id(None)

    return forget


class SharedStoreWatch(QObject):
    """The status-bar label, the listener and the retry timer of the shared store.

    Args:
        service: the window's service.
        lists: refreshed when another desk changes something or calls moved.
        messages: where moved calls and errors are said.
        busy: True while a send or a flush is running (no retry then: the worker
            holds call ids of the store in use).
    """

    changed = Signal()
    moved = Signal(int)

    def __init__(
        self,
        service: Service,
        lists: ListRefresher,
        messages: Messages,
        busy: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._lists = lists
        self._messages = messages
        self._busy = busy
        self._watch: Watch | None = None
        self._stopped = False
        self._last_error = ""
        self.widget = QWidget()
        self.widget.setObjectName("SharedStoreStatus")
        self.widget.setProperty("permanent", True)  # the status bar elides messages before it
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.icon = QLabel()
        self.label = QLabel()
        self.label.setObjectName("SharedStoreLabel")
        row.addWidget(self.icon)
        row.addWidget(self.label)

        self.notify_timer = QTimer(self)
        self.notify_timer.setSingleShot(True)
        self.notify_timer.setInterval(NOTIFY_DELAY_MS)
        self.notify_timer.timeout.connect(self._lists.refresh_in_background)
        self.changed.connect(self._on_changed)  # queued: emitted on the listener's thread
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(STATUS_INTERVAL_MS)
        self.status_timer.timeout.connect(self.update_status)
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_INTERVAL_MS)
        self.retry_timer.timeout.connect(self.retry)
        self.task = BackgroundTask(
            "shared store retry", expected=(StoreError,), explain=plain_words, parent=self
        )
        self.task.done.connect(self._on_retried)
        self.task.failed.connect(self._on_retry_failed)

        status = service.store_status()
        self.shared = status.shared
        self.widget.setVisible(status.shared)
        lists.set_shared(status.shared)
        if status.shared:
            self.update_status()
            self._listen()
            self.status_timer.start()
            self.retry_timer.start()

    # -- the label ---------------------------------------------------------

    def update_status(self) -> StoreStatus:
        status = self._service.store_status()
        text = status.text or (KEPT_HERE if status.shared else "")
        name = "online" if status.reachable else "offline"
        self.icon.setPixmap(icon(name).pixmap(14, 14))
        metrics = self.label.fontMetrics()
        self.label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, LABEL_MAX_WIDTH))
        self.label.setAccessibleName(text)
        tip = text if status.reachable else f"{text}. They move into it when it is back."
        self.label.setToolTip(tip)
        return status

    # -- other desks -------------------------------------------------------

    def _listen(self) -> None:
        if self._watch is not None:
            self._watch.stop()
        # on_change runs on the listener's thread: only a signal crosses to the GUI.
        self._watch = self._service.watch(self._emit_changed)

    def _emit_changed(self) -> None:
        if self._stopped:
            return
        try:
            self.changed.emit()
        except RuntimeError:  # the window (and this object) went away meanwhile
            log.info("a change was heard after the window closed")

    def _on_changed(self) -> None:
        if not self._stopped and not self.notify_timer.isActive():
            self.notify_timer.start()

    # -- trying the server again --------------------------------------------

    def retry(self) -> bool:
        """Try the server again off the GUI thread when calls are kept here; True if started."""
        status = self.update_status()
        if self._stopped or not status.shared or status.reachable:
            return False
        if self.task.running or self._busy():
            return False  # the next tick tries; a send in flight holds this store's call ids
        self.task.start(self._service.retry_shared_store)
        return True

    def _on_retried(self, count: object) -> None:
        self._last_error = ""
        status = self.update_status()
        if self._stopped or not status.reachable:
            return
        self._listen()  # the shared store's own notifications, now that it is in use
        moved = int(count) if isinstance(count, int) else 0
        if moved:
            plural = "call" if moved == 1 else "calls"
            self._messages.info(
                f"The shared store is reachable again: {moved} {plural} kept on this PC "
                "moved into it."
            )
        else:
            self._messages.info("The shared store is reachable again.")
        self._lists.refresh()
        self.moved.emit(moved)

    def _on_retry_failed(self, message: str) -> None:
        self.update_status()
        if message != self._last_error:  # said once, not every 30 s
            self._last_error = message
            self._messages.warning(message)

    # -- life cycle --------------------------------------------------------

    def stop(self) -> None:
        """Stop listening and retrying; before the service closes."""
        self._stopped = True
        for timer in (self.notify_timer, self.status_timer, self.retry_timer):
            timer.stop()
        watch, self._watch = self._watch, None
        if watch is not None:
            watch.stop()
        self.task.wait()


__all__ = ["RETRY_INTERVAL_MS", "SharedStoreWatch", "forget_kept_draft"]
