"""Several desks on one URL: at most once, nothing lost, liveness by database session.

Real processes, a real server, SIGKILL at random moments.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pg.server import PgServer
from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store_pg import PgStore, SharedStoreUnavailable

ROOT = Path(__file__).resolve().parents[2]


def queue_calls(store: PgStore, count: int) -> list[int]:
    items = []
    for n in range(count):
        form = CallForm(destination=f"07700 9{n:05d}", source="Surgery", username="reception")
        items.append((form, CallSpec.from_form(form)[0]))
    return store.calls.create_many(items, CallState.QUEUED, actor="amy", machine="DESK0")


def start_desk(url: str, log: Path, hold: float = 0.0) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.pg.desk", url, str(log), str(hold)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", proc.stderr.read() if proc.stderr else line
    return proc


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_live_desks_call_is_never_taken_and_a_dead_desks_becomes_unknown(
    pg_url: str, open_store_pg: Callable[[], PgStore], tmp_path: Path
) -> None:
    here = open_store_pg()
    [call_id] = queue_calls(here, 1)
    log = tmp_path / "sent.log"
    desk = start_desk(pg_url, log, hold=60)  # claims, "sends", then hangs before answering
    assert wait_for(lambda: log.exists() and log.read_text().strip() == str(call_id))
    claimed = here.calls.get(call_id)
    assert claimed is not None and claimed.state is CallState.SENDING
    assert here.lease.is_alive(claimed.owner)
    assert here.calls.recover_stale(here.lease.is_alive, actor="desk-here") == []
    assert here.calls.get(call_id).state is CallState.SENDING  # type: ignore[union-attr]

    desk.send_signal(signal.SIGKILL)
    desk.communicate(timeout=30)
    # PostgreSQL ends the session when its socket closes; then the lock is free.
    assert wait_for(lambda: not here.lease.is_alive(claimed.owner))
    assert here.calls.recover_stale(here.lease.is_alive, actor="desk-here") == [call_id]
    after = here.calls.get(call_id)
    assert after is not None and after.state is CallState.UNKNOWN
    assert here.calls.claim(here.lease.token) is None  # never re-sent by itself


def test_our_own_claim_stays_alive_until_we_close(open_store_pg: Callable[[], PgStore]) -> None:
    one, two = open_store_pg(), open_store_pg()
    queue_calls(one, 1)
    claimed = one.calls.claim(one.lease.token)
    assert claimed is not None
    assert one.lease.is_alive(one.lease.token) and two.lease.is_alive(one.lease.token)
    assert two.calls.recover_stale(two.lease.is_alive, actor="two") == []
    one.close()
    assert wait_for(lambda: not two.lease.is_alive(claimed.owner))
    assert two.calls.recover_stale(two.lease.is_alive, actor="two") == [claimed.id]
    assert not two.lease.is_alive(None) and two.lease.is_alive("a token from elsewhere")


@pytest.mark.slow
def test_desks_racing_under_sigkill_send_each_call_at_most_once_and_lose_none(
    pg_url: str, open_store_pg: Callable[[], PgStore], tmp_path: Path
) -> None:
    rng = random.Random(1234)
    total = 800
    admin = open_store_pg()
    ids = set(queue_calls(admin, total))
    log = tmp_path / "sent.log"
    kills = 0
    # Each desk holds every call a moment between "sent" and the answer: kills land there.
    desks = [start_desk(pg_url, log, hold=0.02) for _ in range(4)]
    while kills < 8 and admin.calls.count([CallState.QUEUED]) > 0:
        time.sleep(rng.uniform(0.05, 0.25))
        victim = desks.pop(0)  # the longest running: past start-up, sending
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=30)
        kills += 1
        desks.append(start_desk(pg_url, log, hold=0.02))
    for desk in desks:
        desk.communicate(timeout=120)
    # A last desk finishes the outbox, as the next flush would.
    start_desk(pg_url, log).communicate(timeout=120)
    assert wait_for(
        lambda: (
            not admin.calls.recover_stale(admin.lease.is_alive, actor="admin")
            and not admin.calls.sending()
        ),
        timeout=20,
    )

    sent = Counter(int(line) for line in log.read_text().split())
    assert max(sent.values()) == 1, "a call was sent twice"
    states = {r.id: r.state for r in admin.calls.page(limit=total + 10).rows}
    assert set(states) == ids, "a call was lost"
    assert all(state in (CallState.SENT, CallState.UNKNOWN) for state in states.values())
    for call_id, state in states.items():
        # Sent means it went out; unknown means a desk died holding it (it may have gone out).
        if state is CallState.SENT:
            assert sent[call_id] == 1
    unknown = Counter(states.values())[CallState.UNKNOWN]
    # Each killed desk held at most one call; no live desk's call was judged abandoned.
    assert kills >= 3 and 1 <= unknown <= kills


def test_the_server_stopping_mid_work_loses_nothing(
    pg_server: PgServer, open_store_pg: Callable[[], PgStore]
) -> None:
    store = open_store_pg()
    first, second = queue_calls(store, 2)
    claimed = store.calls.claim(store.lease.token)
    assert claimed is not None and claimed.id == first
    pg_server.halt("immediate")
    try:
        with pytest.raises(SharedStoreUnavailable, match="cannot be reached"):
            store.calls.move(
                first, [CallState.SENDING], CallState.SENT, actor="a", owner=store.lease.token
            )
        with pytest.raises(SharedStoreUnavailable):
            store.calls.count()
    finally:
        pg_server.resume()
    # Back: the session is made again, the lease taken again, the answer recorded.
    assert store.calls.count() == 2  # reconnects, and takes our lease again first
    other = open_store_pg()
    assert other.lease.is_alive(claimed.owner)
    done = store.calls.move(
        first, [CallState.SENDING], CallState.SENT, actor="a", owner=store.lease.token
    )
    assert done.state is CallState.SENT
    assert store.calls.get(second).state is CallState.QUEUED  # type: ignore[union-attr]


def test_a_desk_whose_old_session_lingers_takes_its_lease_back(
    pg_server: PgServer, pg_url: str, open_store_pg: Callable[[], PgStore]
) -> None:
    """After a network blip the server may still hold the desk's old session (and lock)."""
    import psycopg

    from tests.pg.server import APP, APP_PASSWORD

    store = open_store_pg()
    [call_id] = queue_calls(store, 1)
    # Stand-in for the old session the server has not yet noticed is dead: it holds the key.
    lingering = psycopg.connect(
        host=pg_server.host,
        port=pg_server.port,
        user=APP,
        password=APP_PASSWORD,
        dbname=store.url.dbname,
        sslmode="disable",
        autocommit=True,
    )
    try:
        pid = store.session.backend_pid()
        # The desk's own session is cut (the blip), the key taken by the lingering one.
        pg_server.superuser_sql(f"SELECT pg_terminate_backend({pid})", dbname=store.url.dbname)
        lingering.execute("SELECT pg_advisory_lock(%s)", (store.session.lease_key,))
        started = time.monotonic()
        claimed = store.calls.claim(store.lease.token)
        assert claimed is not None and claimed.id == call_id
        assert time.monotonic() - started < 5
        assert lingering.broken or lingering.closed or _is_dead(lingering)
        other = open_store_pg()
        assert other.lease.is_alive(claimed.owner)
    finally:
        lingering.close()


def _is_dead(conn: object) -> bool:
    import psycopg

    try:
        conn.execute("SELECT 1")  # type: ignore[attr-defined]
    except psycopg.OperationalError:
        return True
    return False


def test_a_closed_store_still_reads_and_writes_but_claims_nothing(
    open_store_pg: Callable[[], PgStore],
) -> None:
    store = open_store_pg()
    [call_id] = queue_calls(store, 1)
    store.close()
    assert store.calls.get(call_id) is not None  # a window slot running after close
    store.do_not_call.add(447700900001, actor="late")
    assert store.calls.claim(store.lease.token) is None
    assert store.calls.count([CallState.QUEUED]) == 1


@pytest.mark.parametrize("key", [-(2**62) + 12345, 2**62 - 54321, 7])
def test_taking_back_a_lease_finds_exactly_its_own_key(pg_url: str, key: int) -> None:
    """The lingering holder is found by the key's two halves in pg_locks, whatever its sign."""
    from voicecall_desktop.store_pg.session import Session
    from voicecall_desktop.store_pg.url import DatabaseUrl

    url = DatabaseUrl.parse(pg_url)
    other = Session(url, key + 1)  # a neighbouring key: must be left alone
    old = Session(url, key)
    old_pid = old.backend_pid()
    new = Session(url, key)  # takes the key back from `old`, still connected
    try:
        rows = new.read(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid = %s",
            (old_pid,),
        )
        assert wait_for(
            lambda: not new.read("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (old_pid,)),
            timeout=5,
        ), rows
        assert other.read("SELECT 1 AS alive")[0]["alive"] == 1
        assert other.holds_lease()
    finally:
        for session in (old, new, other):
            session.close()
