"""Two desks of one practice, each a Service on the shared store, sending to the sandbox.

What the practice sees: every desk's calls with the desk and the person, one
do-not-call list, one repeat rule, and each call sent once however the desks
flush at the same moment.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.kit import call_form
from voicecall_desktop.core.errors import InputErrors
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service
from voicecall_desktop.store_pg import PgStore


def form(number: str = "07700 900123") -> CallForm:
    return call_form(number)


@pytest.fixture
def desks(
    tmp_path: Path, sandbox: Sandbox, api_key: str, open_store_pg: Callable[[], PgStore]
) -> Iterator[tuple[Service, Service]]:
    one = Service(tmp_path / "desk1", base_url=sandbox.url, store=open_store_pg())
    two = Service(tmp_path / "desk2", base_url=sandbox.url, store=open_store_pg())
    # Two PCs: the record says which one booked it.
    one.machine, two.machine = "RECEPTION-1", "RECEPTION-2"
    yield one, two
    one.close()
    two.close()


def test_every_desk_sees_every_call_with_desk_and_person(desks: tuple[Service, Service]) -> None:
    one, two = desks
    booked = one.submit(form()).record
    seen = two.get(booked.id)
    assert seen is not None and seen.state is CallState.QUEUED
    data = seen.to_json()
    assert data["booked_on"] == "RECEPTION-1" and data["booked_by"] == one.user
    assert [r.id for r in two.page().rows] == [booked.id]
    assert two.store_info().kind == "postgresql"


def test_the_repeat_rule_and_the_do_not_call_list_span_the_desks(
    desks: tuple[Service, Service],
) -> None:
    one, two = desks
    first = one.submit(form()).record
    second = two.submit(form())
    assert [r.id for r in second.same_day] == [first.id]  # the warning names desk 1's call
    one.block("07700 900999", note="asked at desk 1")
    with pytest.raises(InputErrors) as caught:
        two.submit(form("07700 900999"))
    assert caught.value.errors[0].field == "Destination"


def test_desks_flushing_at_once_send_each_call_once(
    desks: tuple[Service, Service], sandbox: Sandbox
) -> None:
    one = desks[0]
    ids = [one.submit(form(f"07700 9001{n:02d}")).record.id for n in range(30)]
    sandbox.set_mode("ok", delay=0.01)  # each answer takes a moment: the flushes overlap
    reports: list[object] = []
    threads = [threading.Thread(target=lambda s=s: reports.append(s.flush())) for s in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(reports) == 2
    sent = Counter(str(call["body"]["Destination"]) for call in sandbox.received)
    assert len(sent) == 30 and max(sent.values()) == 1
    states = {one.get(i).state for i in ids}  # type: ignore[union-attr]
    assert states == {CallState.SENT}
    senders = {e.actor for i in ids for e in one.events(i) if e.to_state is CallState.SENDING}
    assert len(senders) == 2  # both desks took a share
