"""Calls on PostgreSQL: the same states and moves as the desk's SQLite store.

Every move is one transaction that locks the row (``FOR UPDATE``) and re-reads
the state it moves from, so of two desks racing for one call exactly one wins
and the other is told (:class:`StaleMove`). A claim takes the oldest queued
call that no other desk is claiming at that instant (``SKIP LOCKED``): desks
flushing at once share the outbox instead of queueing behind each other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

from psycopg import sql

from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.phone import mask_number
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store.errors import StaleMove
from voicecall_desktop.store.protocol import CallChanges, CallEvent, Page
from voicecall_desktop.store.records import CallRecord
from voicecall_desktop.store.rows_common import (
    check_new,
    checked_move,
    keyset_page_sql,
    page_of,
    recover_stale,
)
from voicecall_desktop.store_pg import repeats
from voicecall_desktop.store_pg.rows import COLUMNS, encode_changes, event, form_columns, record
from voicecall_desktop.store_pg.search import search_clause
from voicecall_desktop.store_pg.session import Conn, Session

log = logging.getLogger(__name__)

LIVE = ("queued", "sending", "sent", "unknown")


def utcnow() -> datetime:
    return datetime.now(UTC)


class PgCallStore:
    """The ``calls`` and ``events`` tables, shared by every desk on the URL."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- reading ---------------------------------------------------------

    def get(self, call_id: int) -> CallRecord | None:
        rows = self.session.read(f"SELECT {COLUMNS} FROM calls WHERE id = %s", (call_id,))
        return record(rows[0]) if rows else None

    def count(self, states: Iterable[CallState] | None = None) -> int:
        if states is None:
            rows = self.session.read("SELECT count(*) AS n FROM calls")
        else:
            wanted = [s.value for s in states]
            rows = self.session.read(
                "SELECT count(*) AS n FROM calls WHERE state = ANY(%s)", (wanted,)
            )
        return int(rows[0]["n"])

    def page(
        self,
        *,
        search: str = "",
        states: Iterable[CallState] | None = None,
        before_id: int | None = None,
        limit: int = 200,
        oldest_first: bool = False,
    ) -> Page:
        where: list[str] = []
        params: list[Any] = []
        if states is not None:
            where.append("state = ANY(%s)")
            params.append([s.value for s in states])
        clause = search_clause(search)
        if clause is not None:
            where.append(clause[0])
            params.extend(clause[1])
        query = keyset_page_sql(
            f"SELECT {COLUMNS} FROM calls",
            where,
            params,
            before_id=before_id,
            oldest_first=oldest_first,
            limit=limit,
            mark="%s",
        )
        return page_of([record(r) for r in self.session.read(query, params)], limit)

    def same_day(
        self, destination: int, day: date | None, *, exclude_id: int | None = None
    ) -> list[CallRecord]:
        if day is None:
            return []
        rows = self.session.read(
            f"SELECT {COLUMNS} FROM calls WHERE destination = %s AND day = %s "
            "AND id IS DISTINCT FROM %s AND state = ANY(%s) ORDER BY id",
            (destination, day, exclude_id, list(LIVE)),
        )
        return [record(r) for r in rows]

    def booked_counts(self, first: date, last: date) -> dict[date, int]:
        if last < first:
            return {}
        rows = self.session.read(
            "SELECT day, COUNT(*) AS n FROM calls WHERE day BETWEEN %s AND %s "
            "AND state = ANY(%s) GROUP BY day",
            (first, last, list(LIVE)),
        )
        return {r["day"]: int(r["n"]) for r in rows}

    def sending(self) -> list[CallRecord]:
        rows = self.session.read(f"SELECT {COLUMNS} FROM calls WHERE state = 'sending' ORDER BY id")
        return [record(r) for r in rows]

    def events(self, call_id: int) -> list[CallEvent]:
        rows = self.session.read("SELECT * FROM events WHERE call_id = %s ORDER BY id", (call_id,))
        return [event(r) for r in rows]

    # -- writing ---------------------------------------------------------

    def create(
        self,
        form: CallForm,
        spec: CallSpec | None,
        state: CallState,
        *,
        actor: str,
        machine: str,
    ) -> CallRecord:
        [call_id] = self.create_many([(form, spec)], state, actor=actor, machine=machine)
        return self._must_get(call_id)

    def create_many(
        self,
        items: Iterable[tuple[CallForm, CallSpec | None]],
        state: CallState,
        *,
        actor: str,
        machine: str,
        note: str = "",
        refuse_repeats: bool = False,
    ) -> list[int]:
        checked = list(items)
        check_new(state, [spec for _, spec in checked])
        now = utcnow()
        rows = []
        for form, spec in checked:
            cols = form_columns(form, spec)
            cols.update(
                state=state.value, created_at=now, updated_at=now, booked_by=actor, desk=machine
            )
            rows.append(cols)
        if not rows:
            return []
        names = sql.SQL(", ").join(sql.Identifier(n) for n in rows[0])
        marks = sql.SQL(", ").join(sql.Placeholder() for _ in rows[0])
        insert = sql.SQL("INSERT INTO calls ({}) VALUES ({}) RETURNING id").format(names, marks)
        note = note or f"booked on {machine}"
        ids: list[int] = []
        specs = [spec for _, spec in checked]
        with self.session.transaction() as tx, tx.cursor() as cur:
            if refuse_repeats:
                repeats.refuse_repeats(tx, [s for s in specs if s is not None], now)
            # executemany pipelines the rows: a batch file from a second site over a slow
            # link costs a few round trips, not two per call.
            cur.executemany(insert, [tuple(r.values()) for r in rows], returning=True)
            while True:
                found = cur.fetchone()
                assert found is not None
                ids.append(int(found["id"]))
                if not cur.nextset():
                    break
            if refuse_repeats:
                repeats.repeated_within(specs, ids, now)
            cur.executemany(
                "INSERT INTO events (call_id, at, from_state, to_state, actor, note) "
                "VALUES (%s, %s, NULL, %s, %s, %s)",
                [(call_id, now, state.value, actor, note) for call_id in ids],
            )
        for call_id, cols in zip(ids, rows, strict=True):
            log.info(
                "call %d created as %s for %s",
                call_id,
                state,
                mask_number(str(cols["destination"] or "")),
            )
        return ids

    def move(
        self,
        call_id: int,
        source: Iterable[CallState],
        target: CallState,
        *,
        actor: str,
        note: str = "",
        fields: CallChanges | None = None,
        owner: str | None = None,
    ) -> CallRecord:
        return self._move(call_id, source, target, actor, note, encode_changes(fields), owner)

    def _move(
        self,
        call_id: int,
        source: Iterable[CallState],
        target: CallState,
        actor: str,
        note: str,
        values: dict[str, Any],
        owner: str | None,
    ) -> CallRecord:
        allowed = set(source)
        with self.session.transaction() as tx:
            row = tx.execute(
                "SELECT state, owner FROM calls WHERE id = %s FOR UPDATE", (call_id,)
            ).fetchone()
            current = checked_move(
                call_id,
                CallState(row["state"]) if row is not None else None,
                row["owner"] if row is not None else None,
                allowed,
                target,
                owner,
            )
            values = {**values, "state": target.value, "updated_at": utcnow()}
            assignments = sql.SQL(", ").join(
                sql.SQL("{} = %s").format(sql.Identifier(name)) for name in values
            )
            tx.execute(
                sql.SQL("UPDATE calls SET {} WHERE id = %s").format(assignments),
                (*values.values(), call_id),
            )
            if current is not target or note:
                add_event(tx, call_id, current, target, actor, note)
        return self._must_get(call_id)

    def update_form(
        self, call_id: int, form: CallForm, spec: CallSpec | None, *, actor: str, target: CallState
    ) -> CallRecord:
        return self._move(
            call_id, [CallState.DRAFT], target, actor, "edited", form_columns(form, spec), None
        )

    def claim(
        self,
        owner: str,
        *,
        call_id: int | None = None,
        now: datetime | None = None,
        respect_backoff: bool = True,
    ) -> CallRecord | None:
        """``queued → sending`` for one call, committed (with our lease token) before returning."""
        if self.session.closed:
            return None  # a closed store holds no lease: it sends nothing more
        moment = now or utcnow()
        with self.session.transaction() as tx:
            if call_id is None:
                query = "SELECT id FROM calls WHERE state = 'queued'"
                params: tuple[Any, ...] = ()
                if respect_backoff:
                    query += " AND (next_attempt_at IS NULL OR next_attempt_at <= %s)"
                    params = (moment,)
                query += " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
                row = tx.execute(query, params).fetchone()
            else:
                # Not SKIP LOCKED: wait for a desk claiming this very call, then see it is gone.
                row = tx.execute(
                    "SELECT id FROM calls WHERE id = %s AND state = 'queued' FOR UPDATE",
                    (call_id,),
                ).fetchone()
            if row is None:
                return None
            claimed = int(row["id"])
            tx.execute(
                "UPDATE calls SET state = 'sending', owner = %s, attempt_at = %s, "
                "updated_at = %s, attempts = attempts + 1 WHERE id = %s",
                (owner, moment, moment, claimed),
            )
            add_event(tx, claimed, CallState.QUEUED, CallState.SENDING, owner)
        return self._must_get(claimed)

    def recover_stale(self, is_alive: Callable[[str | None], bool], *, actor: str) -> list[int]:
        """``sending`` calls whose claiming session has ended become ``unknown``; never re-sent."""
        return recover_stale(self, is_alive, actor=actor, who="desk")

    def purge_before(self, cutoff: datetime) -> int:
        with self.session.transaction() as tx:
            cur = tx.execute(
                "DELETE FROM calls WHERE created_at < %s AND (state IN ('sent', 'rejected') "
                "OR (state = 'unknown' AND reviewed))",
                (cutoff,),
            )
            return int(cur.rowcount)

    def delete_draft(self, call_id: int, *, actor: str) -> None:
        with self.session.transaction() as tx:
            cur = tx.execute("DELETE FROM calls WHERE id = %s AND state = 'draft'", (call_id,))
            if cur.rowcount != 1:
                raise StaleMove(f"call {call_id} is not a draft")
        log.info("draft %d deleted by %s", call_id, actor)

    def _must_get(self, call_id: int) -> CallRecord:
        found = self.get(call_id)
        if found is None:  # pragma: no cover - we just wrote it (a purge could race)
            raise StaleMove(f"call {call_id} vanished")
        return found


def add_event(
    tx: Conn,
    call_id: int,
    source: CallState | None,
    target: CallState,
    actor: str,
    note: str = "",
) -> None:
    """One line of the call's audit trail, in the caller's transaction."""
    tx.execute(
        "INSERT INTO events (call_id, at, from_state, to_state, actor, note) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        (call_id, utcnow(), source.value if source else None, target.value, actor, note),
    )


def insert_call(tx: Conn, cols: dict[str, Any], *, uid: str | None = None) -> int | None:
    """Insert one call; with ``uid``, nothing happens (None) when that id is already there."""
    if uid is not None:
        cols = {**cols, "uid": uid}
    names = sql.SQL(", ").join(sql.Identifier(n) for n in cols)
    marks = sql.SQL(", ").join(sql.Placeholder() for _ in cols)
    query = sql.SQL("INSERT INTO calls ({}) VALUES ({})").format(names, marks)
    if uid is not None:
        query += sql.SQL(" ON CONFLICT (uid) DO NOTHING")
    row = tx.execute(query + sql.SQL(" RETURNING id"), tuple(cols.values())).fetchone()
    return int(row["id"]) if row else None
