"""Keeping the outbox, the history and the queued count up to date.

A change a person made re-reads the lists at once (:meth:`ListRefresher.refresh`).
While the worker drains the outbox, each answer updates its own row at once
(:meth:`ListRefresher.put`) and the lists are read again off the GUI thread at
most every ``REFRESH_DELAY_MS`` (:class:`.reader.ListsReader`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from voicecall_desktop.service import CallRecord, Service, StoreError
from voicecall_desktop.ui.calls.history import HistoryPane
from voicecall_desktop.ui.calls.outbox import OUTBOX_STATES, OutboxPane
from voicecall_desktop.ui.calls.reader import Lists, ListsReader, newest
from voicecall_desktop.ui.common.messages import Messages
from voicecall_desktop.ui.window.statusbar import StatusPanel

OUTBOX_LIMIT = 500
#: While calls are being sent, the lists are read again at most this often; each answer
#: updates its own row at once. (Reading them after every call stalled the window.)
REFRESH_DELAY_MS = 250


class ListRefresher(QObject):
    """Reads the lists into the outbox, the history and the status bar."""

    def __init__(
        self,
        service: Service,
        outbox: OutboxPane,
        history: HistoryPane,
        status: StatusPanel,
        messages: Messages,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._outbox = outbox
        self._history = history
        self._status = status
        self._messages = messages
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setObjectName("ListsRefreshTimer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_DELAY_MS)
        self.timer.timeout.connect(self.refresh_in_background)
        self._generation = 0  # of synchronous refreshes: a background read before one is stale
        self._put_while_reading: dict[int, CallRecord] = {}
        self.reader = ListsReader(service, self)
        self.reader.read.connect(self._on_reader_read)

    def stop(self) -> None:
        """Read nothing more (the window is shutting down)."""
        self._stopped = True

    def set_shared(self, shared: bool) -> None:
        """Show who booked each call and where: the store is shared by several desks."""
        self._outbox.set_shared(shared)
        self._history.set_shared(shared)

    def queued_count(self) -> int:
        try:
            return self._service.queued_count()
        except StoreError:
            return 0

    def refresh(self) -> None:
        """Re-read the outbox, the history and the counts after a call changed."""
        self.timer.stop()
        self._generation += 1
        if self._stopped:
            return
        try:
            # The window's outbox also shows drafts, so not Service.outbox_page.
            page = self._service.page(states=OUTBOX_STATES, oldest_first=True, limit=OUTBOX_LIMIT)
        except StoreError as exc:
            self._messages.error(str(exc))
            return
        self._outbox.set_records(page.rows)
        self._status.set_queued(self.queued_count())
        self._history.refresh()

    def put(self, record: CallRecord) -> None:
        """Show an answer in its row now, and read the lists soon."""
        self._outbox.put(record)
        self._history.put(record)
        if self.reader.busy:
            self._put_while_reading[record.id] = record
        self.refresh_soon()

    def refresh_soon(self) -> None:
        """Re-read the lists within ``REFRESH_DELAY_MS``, once however many calls change."""
        if not self.timer.isActive():
            self.timer.start()

    def refresh_in_background(self) -> None:
        if self._stopped:
            return
        if self.reader.busy:
            self.refresh_soon()  # the read in flight may have missed the latest changes
            return
        self._put_while_reading = {}
        model = self._history.model
        self.reader.start(
            self._generation,
            outbox_states=OUTBOX_STATES,
            outbox_limit=OUTBOX_LIMIT,
            search=model.search,
            state=model.state,
            history_depth=model.refresh_depth(),
            history_reads=model.reads,
        )

    def _on_reader_read(self, lists: Lists) -> None:
        shown, self._put_while_reading = self._put_while_reading, {}
        if self._stopped or lists.generation != self._generation:
            return  # a refresh since has shown the lists as they were later
        if lists.error:
            self.refresh()  # reads again, and says what is wrong as a refresh does
            return
        # Answers shown while the lists were being read are newer than what was read.
        outbox = [r for r in newest(lists.outbox, shown) if r.state in OUTBOX_STATES]
        self._outbox.set_records(outbox)
        self._status.set_queued(lists.queued)
        filtered = bool(lists.search) or lists.state is not None
        history = lists.history if filtered else newest(lists.history, shown)
        self._history.apply_refreshed(history, lists.history_has_more, lists.history_reads)


__all__ = ["OUTBOX_LIMIT", "REFRESH_DELAY_MS", "ListRefresher"]
