"""A desk hears another desk's changes (LISTEN/NOTIFY), and keeps listening across an outage."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from tests.pg.server import PgServer
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store_pg import PgStore
from voicecall_desktop.store_pg.notify import Change, ChangeListener
from voicecall_desktop.store_pg.schema import CHANNEL_CALLS, CHANNEL_LISTS


class Heard:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.batches = 0
        self.lock = threading.Lock()

    def __call__(self, batch: list[Change]) -> None:
        with self.lock:
            self.changes.extend(batch)
            self.batches += 1

    def wait_for(self, check: Callable[[list[Change]], bool], timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if check(list(self.changes)):
                    return True
            time.sleep(0.02)
        return False


def test_another_desks_booking_and_list_change_are_heard(
    open_store_pg: Callable[[], PgStore],
) -> None:
    other_desk = open_store_pg()
    heard = Heard()
    listener = other_desk.listener(heard)
    try:
        assert listener.wait_listening()
        booked = other_desk.calls.create(
            CallForm(destination="07700 900123"), None, CallState.DRAFT, actor="a", machine="D2"
        )
        assert heard.wait_for(
            lambda cs: any(c.channel == CHANNEL_CALLS and c.call_id == booked.id for c in cs)
        )
        other_desk.do_not_call.add(447700900123, actor="a")
        assert heard.wait_for(
            lambda cs: any(c.channel == CHANNEL_LISTS and c.table == "do_not_call" for c in cs)
        )
        call_ids = other_desk.calls.create_many(
            [(CallForm(destination=f"07700 9001{n:02d}"), None) for n in range(50)],
            CallState.DRAFT,
            actor="a",
            machine="D2",
        )
        assert heard.wait_for(lambda cs: {c.call_id for c in cs} >= set(call_ids))
        assert heard.batches < 20  # a burst is heard in a few batches, not fifty
    finally:
        listener.stop()
    assert not listener.listening


def test_listening_resumes_after_the_server_comes_back(
    pg_server: PgServer, open_store_pg: Callable[[], PgStore]
) -> None:
    desk = open_store_pg()
    heard = Heard()
    listener = ChangeListener(desk.url, heard, retry=0.2, batch_window=0.1).start()
    try:
        assert listener.wait_listening()
        pg_server.halt("fast")
        try:
            assert not heard.wait_for(lambda cs: False, timeout=0.5)
        finally:
            pg_server.resume()
        assert listener.wait_listening()
        deadline = time.monotonic() + 10
        while not listener.listening and time.monotonic() < deadline:
            time.sleep(0.05)
        record = desk.calls.create(
            CallForm(destination="07700 900999"), None, CallState.DRAFT, actor="a", machine="D"
        )
        assert heard.wait_for(lambda cs: any(c.call_id == record.id for c in cs))
    finally:
        listener.stop()
