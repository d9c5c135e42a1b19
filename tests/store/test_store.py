"""The SQLite store: schema versions, refusals, atomic claims, stale recovery, paging."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.kit import call_form, not_none
from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store import (
    CallStore,
    NewerDatabaseError,
    ProcessLease,
    StaleMove,
    StoreError,
    open_database,
)
from voicecall_desktop.store.schema import MIGRATIONS

FORM = call_form()


def spec() -> CallSpec:
    return CallSpec.from_form(FORM)[0]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CallStore]:
    db = open_database(tmp_path / "calls.sqlite3")
    yield CallStore(db)
    db.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fresh_database_has_current_schema_and_wal(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.sqlite3")
    conn = db.connection()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    db.close()


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NewerDatabaseError, match="newer version"):
        open_database(path)
    assert digest(path) == before


def test_corrupt_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    before = digest(path)
    with pytest.raises(StoreError, match="damaged"):
        open_database(path)
    assert digest(path) == before


def test_draft_keeps_half_filled_form(store: CallStore) -> None:
    form = CallForm(destination="0770", username="", source="x")
    record = store.create(form, None, CallState.DRAFT, actor="me", machine="pc")
    assert record.state is CallState.DRAFT
    assert record.destination is None and record.form == form


def test_every_move_is_checked(store: CallStore) -> None:
    record = store.create(FORM, spec(), CallState.QUEUED, actor="me", machine="pc")
    with pytest.raises(StaleMove):
        store.move(record.id, [CallState.QUEUED], CallState.SENT, actor="me")  # skips sending
    with pytest.raises(StaleMove):
        store.move(record.id, [CallState.DRAFT], CallState.QUEUED, actor="me")  # not a draft
    assert not_none(store.get(record.id)).state is CallState.QUEUED
    with pytest.raises(StaleMove):
        store.delete_draft(record.id, actor="me")
    assert store.get(record.id) is not None


def test_claim_is_atomic_across_connections(tmp_path: Path) -> None:
    path = tmp_path / "race.sqlite3"
    setup = CallStore(open_database(path))
    ids = [
        setup.create(FORM, spec(), CallState.QUEUED, actor="me", machine="pc").id for _ in range(30)
    ]
    claimed: dict[str, list[int]] = {"a": [], "b": []}

    def worker(name: str) -> None:
        own = CallStore(open_database(path))
        while (record := own.claim(name)) is not None:
            claimed[name].append(record.id)
        own.db.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    together = claimed["a"] + claimed["b"]
    assert sorted(together) == ids  # every call claimed exactly once
    assert setup.count([CallState.SENDING]) == 30
    setup.db.close()


def test_stale_sending_becomes_unknown_but_live_one_is_left(
    tmp_path: Path, store: CallStore
) -> None:
    live = ProcessLease(tmp_path)
    one = store.create(FORM, spec(), CallState.QUEUED, actor="me", machine="pc")
    two = store.create(FORM, spec(), CallState.QUEUED, actor="me", machine="pc")
    store.claim("dead-token", call_id=one.id)
    store.claim(live.token, call_id=two.id)
    observer = ProcessLease(tmp_path)
    moved = store.recover_stale(observer.is_alive, actor="me")
    assert moved == [one.id]
    assert not_none(store.get(one.id)).state is CallState.UNKNOWN
    assert not_none(store.get(two.id)).state is CallState.SENDING
    live.release()
    assert store.recover_stale(observer.is_alive, actor="me") == [two.id]
    observer.release()


def test_backoff_is_respected_only_when_asked(store: CallStore) -> None:
    record = store.create(FORM, spec(), CallState.QUEUED, actor="me", machine="pc")
    store.move(
        record.id,
        [CallState.QUEUED],
        CallState.QUEUED,
        actor="me",
        fields={"next_attempt_at": datetime(2999, 1, 1, tzinfo=UTC)},
    )
    assert store.claim("x") is None
    assert not_none(store.claim("x", respect_backoff=False)).id == record.id


def test_keyset_paging_and_search(store: CallStore) -> None:
    numbers = ["07700 900001", "07700 900002", "020 7946 0018"]
    for number in numbers * 5:
        form = FORM.model_copy(update={"destination": number})
        store.create(form, CallSpec.from_form(form)[0], CallState.QUEUED, actor="me", machine="pc")
    first = store.page(limit=4)
    assert len(first.rows) == 4 and first.has_more
    assert [r.id for r in first.rows] == sorted((r.id for r in first.rows), reverse=True)
    seen = [r.id for r in first.rows]
    page = first
    while page.has_more:
        page = store.page(limit=4, before_id=page.rows[-1].id)
        seen += [r.id for r in page.rows]
    assert sorted(seen, reverse=True) == seen and len(seen) == 15
    exact = store.page(search="+44 20 7946 0018")
    assert len(exact.rows) == 5 and {r.destination for r in exact.rows} == {442079460018}
    partial = store.page(search="900002")
    assert {r.destination for r in partial.rows} == {447700900002}
    hostile = store.page(search="'; DROP TABLE calls; --")
    assert hostile.rows == [] and store.count() == 15


def test_same_day_ignores_drafts_and_rejected(store: CallStore) -> None:
    queued = store.create(FORM, spec(), CallState.QUEUED, actor="me", machine="pc")
    store.create(FORM, None, CallState.DRAFT, actor="me", machine="pc")
    found = store.same_day(447700900123, date(2030, 1, 7))
    assert [r.id for r in found] == [queued.id]
    assert store.same_day(447700900123, date(2030, 1, 7), exclude_id=queued.id) == []
    assert store.same_day(447700900123, date(2030, 1, 8)) == []
