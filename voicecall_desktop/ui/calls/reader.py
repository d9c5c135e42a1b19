"""Reading the outbox and the top of the history again, off the GUI thread.

While the worker drains the outbox the window re-reads its lists a few times a
second. Reading up to 500 outbox rows and the history's loaded rows (each made
into a :class:`CallRecord`) took 10–25 ms of the GUI thread each time; here it
runs on a background thread and the GUI thread only applies the difference.

A snapshot can be overtaken: the window tells each one a ``generation`` and
drops a snapshot read before its latest synchronous refresh; and each answer
the window showed in place while the snapshot was being read is newer than
the snapshot's row for that call (:func:`newest`).

Signals of :class:`ListsReader`:
    read(object): a :class:`Lists` snapshot (``error`` set when the store failed).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, Signal

from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import CallRecord, StoreError
from voicecall_desktop.ui.calls.source import CallPages
from voicecall_desktop.ui.common.tasks import BackgroundTask

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Lists:
    """The outbox, the queued count and the history's top rows, read together."""

    generation: int
    search: str
    state: CallState | None
    history_reads: int
    outbox: list[CallRecord] = field(default_factory=list)
    queued: int = 0
    history: list[CallRecord] = field(default_factory=list)
    history_has_more: bool = False
    error: str = ""


def newest(rows: Iterable[CallRecord], shown: Mapping[int, CallRecord]) -> list[CallRecord]:
    """``rows``, each replaced by the record in ``shown`` when that one was updated later."""
    out = []
    for row in rows:
        other = shown.get(row.id)
        out.append(other if other is not None and other.updated_at > row.updated_at else row)
    return out


class ListsReader(QObject):
    """Reads :class:`Lists` on a background thread, one read at a time."""

    read = Signal(object)

    def __init__(self, calls: CallPages, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._calls = calls
        self._task = BackgroundTask(
            "lists read",
            expected=(StoreError,),
            unexpected="The calls could not be read; see the log.",
            parent=self,
        )
        self._task.done.connect(self._on_done)
        self._task.failed.connect(self._on_failed)
        self._asked: Lists | None = None  # what the read in flight was asked for

    @property
    def busy(self) -> bool:
        return self._task.running

    def start(
        self,
        generation: int,
        *,
        outbox_states: Sequence[CallState],
        outbox_limit: int,
        search: str,
        state: CallState | None,
        history_depth: int,
        history_reads: int,
    ) -> bool:
        """Read the lists in the background; False when a read is still running.

        ``generation`` and ``history_reads`` come back with the lists, to tell whether
        they are still news.
        """
        if self._task.running:
            return False
        calls = self._calls
        states = None if state is None else [state]
        asked = self._asked = Lists(generation, search, state, history_reads)

        def job() -> Lists:
            outbox = calls.page(states=outbox_states, oldest_first=True, limit=outbox_limit)
            queued = calls.count([CallState.QUEUED])
            history = calls.page(search=search, states=states, limit=history_depth)
            return replace(
                asked,
                outbox=outbox.rows,
                queued=queued,
                history=history.rows,
                history_has_more=history.has_more,
            )

        self._task.start(job)
        return True

    def wait(self, msecs: int = 30000) -> bool:
        """Block until a read in flight is done (for shutdown and tests)."""
        return self._task.wait(msecs)

    def _on_failed(self, error: str) -> None:
        if self._asked is not None:
            self.read.emit(replace(self._asked, error=error))

    def _on_done(self, lists: object) -> None:
        self.read.emit(lists)


__all__ = ["Lists", "ListsReader", "newest"]
