"""Reading the outbox and the top of the history again, off the GUI thread.

While the worker drains the outbox the window re-reads its lists a few times a
second. Reading up to 500 outbox rows and the history's loaded rows (each made
into a :class:`CallRecord`) took 10–25 ms of the GUI thread each time; here it
runs on a pool thread and the GUI thread only applies the difference.

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
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QThreadPool, Signal

from voicecall_desktop.core.states import CallState
from voicecall_desktop.store import CallRecord, CallStore, StoreError

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
    """Reads :class:`Lists` on a pool thread, one read at a time."""

    read = Signal(object)
    _done = Signal(object)  # from the pool thread

    def __init__(self, calls: CallStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._calls = calls
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._busy = False
        self._done.connect(self._on_done)

    @property
    def busy(self) -> bool:
        return self._busy

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
        if self._busy:
            return False
        calls, done = self._calls, self._done.emit
        states = None if state is None else [state]

        def job() -> None:
            try:
                outbox = calls.page(states=outbox_states, oldest_first=True, limit=outbox_limit)
                queued = calls.count([CallState.QUEUED])
                history = calls.page(search=search, states=states, limit=history_depth)
            except StoreError as exc:
                result = Lists(generation, search, state, history_reads, error=str(exc))
            except Exception:
                log.exception("reading the lists failed")
                error = "The calls could not be read; see the log."
                result = Lists(generation, search, state, history_reads, error=error)
            else:
                result = Lists(
                    generation,
                    search,
                    state,
                    history_reads,
                    outbox=outbox.rows,
                    queued=queued,
                    history=history.rows,
                    history_has_more=history.has_more,
                )
            try:
                done(result)
            except RuntimeError:  # the window was closed meanwhile
                log.debug("lists read after their window closed")

        self._busy = True
        self._pool.start(job)
        return True

    def wait(self, msecs: int = 30000) -> bool:
        """Block until a read in flight is done (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def _on_done(self, lists: Lists) -> None:
        self._busy = False
        self.read.emit(lists)


__all__ = ["Lists", "ListsReader", "newest"]
