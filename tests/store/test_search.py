"""Search by any part of a number or word: the FTS5 trigram index (schema 3) and its fallbacks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest

from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store import CallStore, answer_fields, open_database
from voicecall_desktop.store.db import Database
from voicecall_desktop.store.schema import MIGRATIONS
from voicecall_desktop.store.search import search_clause


def book(store: CallStore, number: str, *, username: str = "reception") -> int:
    form = CallForm(
        destination=number,
        username=username,
        source="Surgery",
        day=date(2030, 1, 7),
        times=(time(9, 30),),
    )
    return store.create(
        form, CallSpec.from_form(form)[0], CallState.QUEUED, actor="t", machine="m"
    ).id


def answered(store: CallStore, call_id: int, target: CallState, **answer: object) -> None:
    store.claim("me", call_id=call_id)
    fields = answer_fields(
        success=target is CallState.SENT,
        status_id=None,
        status=str(answer.get("status", "")) or None,
        errors=dict(answer.get("errors", {})),  # type: ignore[call-overload]
        message_id=None,
        credits=None,
        response_body=None,
    )
    store.move(call_id, [CallState.SENDING], target, actor="t", fields=fields)


def found(store: CallStore, text: str) -> list[int]:
    return [r.id for r in store.page(search=text, limit=50).rows]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CallStore]:
    db = open_database(tmp_path / "calls.sqlite3")
    yield CallStore(db)
    db.close()


def test_part_of_a_number_anywhere_with_or_without_the_leading_zero(store: CallStore) -> None:
    a = book(store, "07700 900123")
    b = book(store, "07700 900456")
    assert found(store, "900123") == [a]
    assert found(store, "0123") == [a]  # stored as 447700900123: the 0 is dropped too
    assert found(store, "7700 9001") == [a]
    assert found(store, "900") == [b, a]
    assert found(store, "07700 900456") == [b]  # a whole number: exact, by its own index
    assert found(store, "12") == [a]  # shorter than a trigram: the scan still finds it
    assert found(store, "999999") == []


def test_state_words_and_reasons_are_searchable(store: CallStore) -> None:
    """Issue 10: `--search unknown` and `--search barred` found nothing."""
    unknown = book(store, "07700 900001")
    store.claim("me", call_id=unknown)
    store.move(
        unknown,
        [CallState.SENDING],
        CallState.UNKNOWN,
        actor="t",
        fields={"last_error": "No answer within 30 seconds"},
    )
    rejected = book(store, "07700 900002")
    answered(
        store,
        rejected,
        CallState.REJECTED,
        status="Failed",
        errors={"Destination": "Number is barred"},
    )
    sent = book(store, "07700 900003")
    answered(store, sent, CallState.SENT, status="Queued")
    assert found(store, "unknown") == [unknown]
    assert found(store, "Outcome unknown") == [unknown]
    assert found(store, "REJECTED") == [rejected]
    assert found(store, "barred") == [rejected]
    assert found(store, "within 30") == [unknown]
    assert found(store, "queued") == [sent]  # the API's Status text; the state is sent
    assert found(store, "sent") == [sent]
    # A phrase never matches across two fields.
    assert found(store, "Surgery reception") == []


def test_index_follows_every_write_in_the_same_transaction(store: CallStore) -> None:
    call = book(store, "07700 900123", username="alice")
    assert found(store, "alice") == [call]
    store.move(call, [CallState.QUEUED], CallState.DRAFT, actor="t")
    form = CallForm(destination="07700 900777", username="bob", source="Surgery")
    store.update_form(call, form, None, actor="t", target=CallState.DRAFT)
    assert found(store, "alice") == [] and found(store, "bob") == [call]
    assert found(store, "900123") == [] and found(store, "900777") == [call]
    store.delete_draft(call, actor="t")
    assert found(store, "bob") == []
    rows = store.db.read("SELECT COUNT(*) FROM calls_search")
    assert rows[0][0] == 0


def test_search_text_is_data_never_query_syntax(store: CallStore) -> None:
    call = book(store, "07700 900123", username='o"brien AND NOT')
    for text in ('o"brien', "AND NOT", "NEAR(", "*", "900123 OR", "'; DROP TABLE calls; --"):
        assert found(store, text) in ([call], [])
    assert found(store, 'o"brien AND') == [call]
    assert store.count() == 1


def test_migration_indexes_existing_calls(tmp_path: Path) -> None:
    """A schema-2 file (calls booked before the index existed) is searchable after opening."""
    path = tmp_path / "old.sqlite3"
    old = Database(path, MIGRATIONS[:2])
    store = CallStore(old)
    call = book(store, "07700 900123", username="carol")
    store.claim("me", call_id=call)
    store.move(call, [CallState.SENDING], CallState.UNKNOWN, actor="t")
    old.close()
    db = open_database(path)
    try:
        assert db.connection().execute("PRAGMA user_version").fetchone()[0] == 3
        migrated = CallStore(db)
        assert found(migrated, "900123") == [call]
        assert found(migrated, "carol") == [call]
        assert found(migrated, "unknown") == [call]
    finally:
        db.close()


def test_part_of_a_number_uses_the_index_not_a_scan(store: CallStore) -> None:
    book(store, "07700 900123")
    clause = search_clause("900123")
    assert clause is not None
    where, params = clause
    conn = store.db.connection()
    plan = " | ".join(
        str(row[3])
        for row in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT * FROM calls WHERE {where} ORDER BY id DESC LIMIT 201",
            tuple(params),
        )
    )
    assert "VIRTUAL TABLE INDEX" in plan, plan
    assert "SEARCH calls USING INTEGER PRIMARY KEY" in plan, plan


@pytest.mark.parametrize("oldest_first", [False, True])
def test_paging_through_a_common_word_gives_every_match_once(
    store: CallStore, oldest_first: bool
) -> None:
    ids = [book(store, f"07700 90012{n}", username="x" if n % 3 else "reception") for n in range(8)]
    wanted = [i for n, i in enumerate(ids) if n % 3 == 0]
    wanted = wanted if oldest_first else wanted[::-1]
    seen: list[int] = []
    before: int | None = None
    while True:
        page = store.page(search="reception", limit=2, before_id=before, oldest_first=oldest_first)
        seen += [r.id for r in page.rows]
        if not page.has_more:
            break
        before = page.rows[-1].id
    assert seen == wanted
    # The same search with a state filter takes the other path, and agrees.
    every = list(CallState)
    filtered = store.page(search="reception", states=every, oldest_first=oldest_first, limit=50)
    assert [r.id for r in filtered.rows] == wanted


def test_state_filter_inside_the_index_is_exact(store: CallStore) -> None:
    # The index picks a state by a phrase on its words: no state's value may hide in another's.
    for state in CallState:
        others = [o for o in CallState if o is not state]
        assert not any(state.value in f"{o.value} {o.label}".lower() for o in others), state
    sent = [book(store, f"07700 90010{n}") for n in range(3)]
    for call in sent[:2]:
        answered(store, call, CallState.SENT, status="Delivered")
    assert [r.id for r in store.page(search="9001", states=[CallState.SENT]).rows] == sent[1::-1]
    assert [r.id for r in store.page(search="9001", states=[CallState.QUEUED]).rows] == [sent[2]]
    both = store.page(search="9001", states=[CallState.QUEUED, CallState.SENT], limit=2)
    assert [r.id for r in both.rows] == sent[:0:-1] and both.has_more
    assert store.page(search="9001", states=[]).rows == []


def test_control_characters_in_the_search_are_dropped_not_passed_to_the_index(
    store: CallStore,
) -> None:
    # Hypothesis found '00\x00': a NUL ended the FTS5 query early ("unterminated string").
    a = book(store, "07700 900123")
    assert found(store, "900\x00123") == [a]
    assert found(store, "9001\x1b23") == [a]
    assert found(store, "\x00") == [a]  # nothing left to search for: every call
