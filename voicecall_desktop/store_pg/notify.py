"""Hear, on a desk, that another desk booked, sent or changed a call (LISTEN/NOTIFY).

The schema's triggers send ``<id>:<state>`` on ``voicecall_calls`` for every
changed call and the table's name on ``voicecall_lists`` when the
do-not-call list or presets change. A :class:`ChangeListener` keeps its own
connection in a background thread and calls ``on_change`` with each batch of
notifications (coalesced: a batch of 500 calls is one refresh). It never
raises into the caller: when the server goes away it waits and listens again,
and the window's periodic refresh remains the fallback meanwhile.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from voicecall_desktop.store_pg.schema import CHANNEL_CALLS, CHANNEL_LISTS
from voicecall_desktop.store_pg.session import connect
from voicecall_desktop.store_pg.url import DatabaseUrl

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """One notification: a call (``call_id``, its new ``state`` or ``deleted``), or a list."""

    channel: str
    call_id: int | None
    state: str | None
    table: str | None


def parse(channel: str, payload: str) -> Change:
    if channel == CHANNEL_CALLS:
        head, _, state = payload.partition(":")
        return Change(channel, int(head) if head.isdigit() else None, state or None, None)
    return Change(channel, None, None, payload or None)


class ChangeListener:
    """Calls ``on_change(changes)`` from its own thread; :meth:`stop` ends it.

    Args:
        url: the shared store's URL (the desk's, checked).
        on_change: called with a non-empty list; it must be quick and thread-safe
            (the window emits a Qt signal from it).
        retry: seconds between attempts to listen again after the server went away.
    """

    def __init__(
        self,
        url: DatabaseUrl,
        on_change: Callable[[list[Change]], None],
        *,
        retry: float = 5.0,
        batch_window: float = 0.2,
    ) -> None:
        self.url = url
        self.on_change = on_change
        self.retry = retry
        self.batch_window = batch_window
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="voicecall-listen", daemon=True)

    def start(self) -> ChangeListener:
        self._thread.start()
        return self

    def wait_listening(self, timeout: float = 10.0) -> bool:
        """True once LISTEN is in place (tests and the status bar use it)."""
        return self._listening.wait(timeout)

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception as exc:  # the server went away, or refused us: try again later
                log.info("not hearing other desks' changes for now: %s", exc)
            finally:
                self._listening.clear()
            self._stop.wait(self.retry)

    def _listen(self) -> None:
        with connect(self.url, purpose="listener") as conn:
            conn.execute(f"LISTEN {CHANNEL_CALLS}")
            conn.execute(f"LISTEN {CHANNEL_LISTS}")
            self._listening.set()
            while not self._stop.is_set():
                # All that arrives in one window is one batch: a burst (a batch file,
                # another desk's flush) is one refresh. Short, so stop() is prompt.
                batch = [
                    parse(n.channel, n.payload) for n in conn.notifies(timeout=self.batch_window)
                ]
                if not batch:
                    continue
                try:
                    self.on_change(batch)
                except Exception:
                    log.exception("a change handler failed")
