"""Calls kept on a desk while the server was unreachable reach the shared store exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest

from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store import open_store
from voicecall_desktop.store_pg import PgStore
from voicecall_desktop.store_pg.offline import MOVING_NOTE, move_offline_calls, shared_uid

ROOT = Path(__file__).resolve().parents[2]


def form(n: int) -> CallForm:
    return CallForm(
        destination=f"07700 9{n:05d}",
        source="Surgery",
        username="reception",
        day=date(2030, 1, 7),
        times=(time(9),),
    )


def keep_on_desk(home: Path, queued: int, drafts: int) -> None:
    local = open_store(home)
    items = [(form(n), CallSpec.from_form(form(n))[0]) for n in range(queued)]
    local.calls.create_many(items, CallState.QUEUED, actor="amy", machine="DESK7")
    for n in range(drafts):
        local.calls.create(form(1000 + n), None, CallState.DRAFT, actor="amy", machine="DESK7")
    local.close()


def test_queued_calls_and_drafts_move_once_with_desk_and_person(
    tmp_path: Path, open_store_pg: Callable[[], PgStore]
) -> None:
    home = tmp_path / "desk7"
    keep_on_desk(home, queued=2, drafts=1)
    shared = open_store_pg()
    local = open_store(home)
    report = move_offline_calls(local, shared.calls, actor="amy@DESK7")
    assert report.count == 3 and not report.already and not report.left
    rows = shared.calls.page(oldest_first=True).rows
    assert [r.state for r in rows] == [CallState.QUEUED, CallState.QUEUED, CallState.DRAFT]
    assert {(r.booked_by, r.booked_on) for r in rows} == {("amy", "DESK7")}
    assert rows[0].times == (time(9),) and rows[0].destination == 447700900000
    assert "unreachable" in shared.calls.events(rows[0].id)[0].note
    assert local.calls.count() == 0
    again = move_offline_calls(local, shared.calls, actor="amy@DESK7")
    assert again.count == 0 and shared.calls.count() == 3
    local.close()


def test_a_move_stopped_after_taking_a_call_out_of_the_outbox_still_queues_it(
    tmp_path: Path, open_store_pg: Callable[[], PgStore]
) -> None:
    home = tmp_path / "desk7"
    keep_on_desk(home, queued=1, drafts=0)
    local = open_store(home)
    [record] = local.calls.page().rows
    # Step 1 done, then the desk stopped:
    local.calls.move(record.id, [CallState.QUEUED], CallState.DRAFT, actor="x", note=MOVING_NOTE)
    shared = open_store_pg()
    report = move_offline_calls(local, shared.calls, actor="x")
    assert report.count == 1
    [moved] = shared.calls.page().rows
    assert moved.state is CallState.QUEUED
    local.close()


def test_a_call_being_sent_on_the_desk_is_left_there(
    tmp_path: Path, open_store_pg: Callable[[], PgStore]
) -> None:
    home = tmp_path / "desk7"
    keep_on_desk(home, queued=1, drafts=0)
    local = open_store(home)
    local.calls.claim(local.lease.token)
    report = move_offline_calls(local, open_store_pg().calls, actor="x")
    assert report.count == 0 and local.calls.count([CallState.SENDING]) == 1
    local.close()


def test_the_shared_id_is_stable_and_distinct(tmp_path: Path) -> None:
    home = tmp_path / "desk7"
    keep_on_desk(home, queued=2, drafts=0)
    local = open_store(home)
    first, second = local.calls.page().rows
    assert shared_uid(first) == shared_uid(local.calls.get(first.id))  # type: ignore[arg-type]
    assert shared_uid(first) != shared_uid(second)
    local.close()


@pytest.mark.slow
def test_moves_killed_at_random_moments_deliver_each_call_exactly_once(
    tmp_path: Path, pg_url: str, open_store_pg: Callable[[], PgStore]
) -> None:
    rng = random.Random(7)
    home = tmp_path / "desk7"
    total = 100
    keep_on_desk(home, queued=total - 20, drafts=20)
    kills = 0
    for _attempt in range(30):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.pg.mover", pg_url, str(home)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        try:
            proc.wait(timeout=rng.uniform(0.05, 0.3))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.communicate(timeout=60)
        if proc.returncode == 0:
            break
    else:
        pytest.fail("the move never finished")
    assert kills >= 1
    shared = open_store_pg()
    rows = shared.calls.page(limit=total + 10).rows
    numbers = Counter(r.destination_text for r in rows)
    assert len(rows) == total and max(numbers.values()) == 1
    states = Counter(r.state for r in rows)
    assert states == {CallState.QUEUED: total - 20, CallState.DRAFT: 20}
    local = open_store(home)
    assert local.calls.count([CallState.DRAFT, CallState.QUEUED]) == 0
    local.close()


def test_a_draft_edited_after_an_interrupted_move_keeps_its_edit(
    tmp_path: Path, open_store_pg: Callable[[], PgStore]
) -> None:
    from voicecall_desktop.store_pg.offline import adopt

    home = tmp_path / "desk7"
    keep_on_desk(home, queued=0, drafts=1)
    local = open_store(home)
    shared = open_store_pg()
    [draft] = local.calls.page().rows
    adopt(shared.calls, draft, CallState.DRAFT, actor="x")  # the move stopped here
    edited = draft.form.model_copy(update={"source": "Edited on the desk"})
    local.calls.update_form(draft.id, edited, None, actor="amy", target=CallState.DRAFT)
    report = move_offline_calls(local, shared.calls, actor="x")
    sources = sorted(r.source for r in shared.calls.page().rows)
    assert sources == ["Edited on the desk", "Surgery"]  # nothing lost, nothing queued
    assert {r.state for r in shared.calls.page().rows} == {CallState.DRAFT}
    assert report.count == 1 and local.calls.count() == 0
    assert move_offline_calls(local, shared.calls, actor="x").count == 0
    local.close()


def test_an_interrupted_queued_move_never_makes_a_second_queued_copy(
    tmp_path: Path, open_store_pg: Callable[[], PgStore]
) -> None:
    from voicecall_desktop.store_pg.offline import adopt

    home = tmp_path / "desk7"
    keep_on_desk(home, queued=1, drafts=0)
    local = open_store(home)
    shared = open_store_pg()
    [record] = local.calls.page().rows
    local.calls.move(record.id, [CallState.QUEUED], CallState.DRAFT, actor="x", note=MOVING_NOTE)
    shared_id, _ = adopt(shared.calls, record, CallState.QUEUED, actor="x")  # then it stopped
    # At another desk, a person takes the shared call back and changes it.
    shared.calls.move(shared_id, [CallState.QUEUED], CallState.DRAFT, actor="bob")
    changed = record.form.model_copy(update={"source": "Changed at desk 2"})
    shared.calls.update_form(shared_id, changed, None, actor="bob", target=CallState.DRAFT)
    move_offline_calls(local, shared.calls, actor="x")
    rows = shared.calls.page().rows
    assert [(r.id, r.state, r.source) for r in rows] == [
        (shared_id, CallState.DRAFT, "Changed at desk 2")
    ]
    assert local.calls.count() == 0
    local.close()
