"""Call records: drafts, the outbox and history, with every state move checked.

Each move is one ``BEGIN IMMEDIATE`` transaction that re-reads the state it
moves from, so a move that lost a race (the window and the command line
working at once) simply does not happen and the caller is told so.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from voicecall_desktop.core.phone import mask_number
from voicecall_desktop.core.schedule import LONDON
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store.db import Database
from voicecall_desktop.store.errors import RepeatedCall, StaleMove
from voicecall_desktop.store.records import CallChanges, CallEvent, CallRecord, Page
from voicecall_desktop.store.rows_common import (
    SQLITE_CODEC,
    call_event,
    call_record,
    check_new,
    checked_move,
    encode_changes,
    form_values,
    iso_when,
    keyset_page_sql,
    page_of,
    recover_stale,
)
from voicecall_desktop.store.search import (
    FTS_CLAUSE,
    fts_page_clause,
    search_clause,
    with_states,
)

if TYPE_CHECKING:
    from voicecall_desktop.core.models import CallForm, CallSpec

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _sqlite_value(name: str, value: object) -> object:
    """One :class:`CallChanges` value as SQLite stores it (ISO text, 0/1, JSON)."""
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict):
        return json.dumps(value) if value else None
    return value


def _encode(fields: CallChanges | None) -> dict[str, object]:
    return encode_changes(fields, _sqlite_value)


def _form_columns(form: CallForm, spec: CallSpec | None) -> dict[str, Any]:
    cols = form_values(form, spec)
    day = cols["day"]
    cols.update(restrict_sends=int(cols["restrict_sends"]), day=day.isoformat() if day else None)
    return cols


#: The states in which a call rings (or may have rung) its number: the repeat rule's.
RINGING = ("queued", "sending", "sent", "unknown")


def _refuse_repeat(
    tx: sqlite3.Connection, destination: int, day: date | None, now: datetime
) -> None:
    """Raise :class:`RepeatedCall` when ``destination`` already rings on ``day`` (or today)."""
    local = now.astimezone(LONDON)
    wanted = day or local.date()
    # An undated call went out (or goes out) on the London day it was booked.
    midnight = datetime.combine(wanted, datetime.min.time(), LONDON)
    start, end = _iso(midnight), _iso(midnight + timedelta(days=1))
    marks = ",".join("?" * len(RINGING))
    row = tx.execute(
        f"SELECT id, state FROM calls WHERE destination = ? AND state IN ({marks}) "
        "AND (day = ? OR (day IS NULL AND created_at >= ? AND created_at < ?)) "
        "ORDER BY id LIMIT 1",
        (destination, *RINGING, wanted.isoformat(), start, end),
    ).fetchone()
    if row is not None:
        raise RepeatedCall(destination, wanted.isoformat(), int(row["id"]), str(row["state"]))


class CallStore:
    """The ``calls`` table and its audit trail (``events``)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ---------------------------------------------------------

    def get(self, call_id: int) -> CallRecord | None:
        rows = self.db.read("SELECT * FROM calls WHERE id = ?", (call_id,))
        return call_record(rows[0], SQLITE_CODEC) if rows else None

    def count(self, states: Iterable[CallState] | None = None) -> int:
        if states is None:
            return int(self.db.read("SELECT COUNT(*) FROM calls")[0][0])
        wanted = [s.value for s in states]
        sql = f"SELECT COUNT(*) FROM calls WHERE state IN ({','.join('?' * len(wanted))})"
        return int(self.db.read(sql, tuple(wanted))[0][0])

    def page(
        self,
        *,
        search: str = "",
        states: Iterable[CallState] | None = None,
        before_id: int | None = None,
        limit: int = 200,
        oldest_first: bool = False,
    ) -> Page:
        """One keyset page of calls, newest first (or oldest first).

        ``search``: see :mod:`voicecall_desktop.store.search` and the protocol's
        notes. Input only ever travels as SQL parameters.
        """
        where: list[str] = []
        params: list[Any] = []
        wanted = None if states is None else [s.value for s in states]
        if wanted is not None:
            where.append(f"state IN ({','.join('?' * len(wanted))})")
            params.extend(wanted)
        clause = search_clause(search)
        if clause is not None and clause[0] == FTS_CLAUSE:
            # The index also holds each call's state, so the state filter goes in too
            # and the page's limit can be asked of the index (the outer filter stays,
            # exact whatever the index says).
            where.append(fts_page_clause(before=before_id is not None, oldest_first=oldest_first))
            params.append(with_states(str(clause[1][0]), wanted))
            if before_id is not None:
                params.append(before_id)
            params.append(limit + 1)
        elif clause is not None:
            where.append(clause[0])
            params.extend(clause[1])
        sql = keyset_page_sql(
            "SELECT * FROM calls",
            where,
            params,
            before_id=before_id,
            oldest_first=oldest_first,
            limit=limit,
            mark="?",
        )
        rows = [call_record(r, SQLITE_CODEC) for r in self.db.read(sql, tuple(params))]
        return page_of(rows, limit)

    def same_day(
        self, destination: int, day: date | None, *, exclude_id: int | None = None
    ) -> list[CallRecord]:
        """Live or sent calls to this number on this day (drafts and rejected ones do not ring)."""
        if day is None:
            return []
        rows = self.db.read(
            "SELECT * FROM calls WHERE destination = ? AND day = ? AND id IS NOT ? "
            "AND state IN ('queued', 'sending', 'sent', 'unknown') ORDER BY id",
            (destination, day.isoformat(), exclude_id),
        )
        return [call_record(r, SQLITE_CODEC) for r in rows]

    def booked_counts(self, first: date, last: date) -> dict[date, int]:
        if last < first:
            return {}
        rows = self.db.read(
            "SELECT day, COUNT(*) AS n FROM calls WHERE day BETWEEN ? AND ? "
            "AND state IN ('queued', 'sending', 'sent', 'unknown') GROUP BY day",
            (first.isoformat(), last.isoformat()),
        )
        return {date.fromisoformat(r["day"]): int(r["n"]) for r in rows}

    def sending(self) -> list[CallRecord]:
        rows = self.db.read("SELECT * FROM calls WHERE state = 'sending' ORDER BY id")
        return [call_record(r, SQLITE_CODEC) for r in rows]

    def events(self, call_id: int) -> list[CallEvent]:
        rows = self.db.read("SELECT * FROM events WHERE call_id = ? ORDER BY id", (call_id,))
        return [call_event(r, iso_when) for r in rows]

    # -- writing ---------------------------------------------------------

    def _event(
        self,
        tx: sqlite3.Connection,
        call_id: int,
        source: CallState | None,
        target: CallState,
        actor: str,
        note: str = "",
    ) -> None:
        tx.execute(
            "INSERT INTO events (call_id, at, from_state, to_state, actor, note) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (call_id, _iso(utcnow()), source.value if source else None, target.value, actor, note),
        )

    def create(
        self,
        form: CallForm,
        spec: CallSpec | None,
        state: CallState,
        *,
        actor: str,
        machine: str,
    ) -> CallRecord:
        """Record a new call as ``draft`` or ``queued`` (queued needs a validated spec)."""
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
        """Record several calls in one transaction: all of them or, on any error, none.

        With ``refuse_repeats`` the repeat rule is checked inside the same write
        transaction (``BEGIN IMMEDIATE``), so no other process can book between the
        check and the insert.
        """
        items = list(items)
        check_new(state, [spec for _, spec in items])
        ids: list[int] = []
        moment = utcnow()
        now = _iso(moment)
        with self.db.transaction() as tx:
            for form, spec in items:
                if refuse_repeats and spec is not None:
                    _refuse_repeat(tx, spec.destination, spec.day, moment)
                cols = _form_columns(form, spec)
                cols.update(
                    state=state.value,
                    created_at=now,
                    updated_at=now,
                    booked_by=actor,
                    booked_on=machine,
                )
                names = ", ".join(cols)
                marks = ", ".join("?" * len(cols))
                cur = tx.execute(
                    f"INSERT INTO calls ({names}) VALUES ({marks})", tuple(cols.values())
                )
                call_id = int(cur.lastrowid or 0)
                self._event(tx, call_id, None, state, actor, note or f"booked on {machine}")
                ids.append(call_id)
                log.info(
                    "call %d created as %s for %s",
                    call_id,
                    state,
                    mask_number(cols["destination"] or ""),
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
        """Move a call from one of ``source`` to ``target`` and set ``fields``, atomically.

        Args:
            owner: when given, the call must also still belong to this lease.

        Raises:
            StaleMove: the call is gone or no longer in a ``source`` state.
        """
        return self._move(call_id, source, target, actor, note, _encode(fields), owner)

    def _move(
        self,
        call_id: int,
        source: Iterable[CallState],
        target: CallState,
        actor: str,
        note: str,
        values: dict[str, object],
        owner: str | None,
    ) -> CallRecord:
        allowed = set(source)
        with self.db.transaction() as tx:
            row = tx.execute("SELECT state, owner FROM calls WHERE id = ?", (call_id,)).fetchone()
            current = checked_move(
                call_id,
                CallState(row["state"]) if row is not None else None,
                row["owner"] if row is not None else None,
                allowed,
                target,
                owner,
            )
            values = {**values, "state": target.value, "updated_at": _iso(utcnow())}
            assignments = ", ".join(f"{name} = ?" for name in values)
            tx.execute(f"UPDATE calls SET {assignments} WHERE id = ?", (*values.values(), call_id))
            if current is not target or note:
                self._event(tx, call_id, current, target, actor, note)
        return self._must_get(call_id)

    def update_form(
        self, call_id: int, form: CallForm, spec: CallSpec | None, *, actor: str, target: CallState
    ) -> CallRecord:
        """Save an edited draft (as a draft, or straight into the outbox)."""
        return self._move(
            call_id, [CallState.DRAFT], target, actor, "edited", _form_columns(form, spec), None
        )

    def claim(
        self,
        owner: str,
        *,
        call_id: int | None = None,
        now: datetime | None = None,
        respect_backoff: bool = True,
    ) -> CallRecord | None:
        """Take one queued call for sending: ``queued → sending`` in one transaction.

        ``sending`` and the owner's lease are on disk before the request leaves.
        Returns None when there is nothing (or not that call) to claim.
        """
        moment = _iso(now or utcnow())
        with self.db.transaction() as tx:
            if call_id is None:
                sql = "SELECT id FROM calls WHERE state = 'queued'"
                params: tuple[Any, ...] = ()
                if respect_backoff:
                    sql += " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                    params = (moment,)
                row = tx.execute(sql + " ORDER BY id LIMIT 1", params).fetchone()
            else:
                row = tx.execute(
                    "SELECT id FROM calls WHERE id = ? AND state = 'queued'", (call_id,)
                ).fetchone()
            if row is None:
                return None
            claimed = int(row["id"])
            tx.execute(
                "UPDATE calls SET state = 'sending', owner = ?, attempt_at = ?, updated_at = ?, "
                "attempts = attempts + 1 WHERE id = ?",
                (owner, moment, moment, claimed),
            )
            self._event(tx, claimed, CallState.QUEUED, CallState.SENDING, owner)
        return self._must_get(claimed)

    def recover_stale(self, is_alive: Callable[[str | None], bool], *, actor: str) -> list[int]:
        """``sending`` rows whose process has died become ``unknown`` (never re-sent)."""
        return recover_stale(self, is_alive, actor=actor, who="process")

    def purge_before(self, cutoff: datetime) -> int:
        """Delete sent and rejected calls (and reviewed unknown ones) created before ``cutoff``."""
        with self.db.transaction() as tx:
            cur = tx.execute(
                "DELETE FROM calls WHERE created_at < ? AND (state IN ('sent', 'rejected') "
                "OR (state = 'unknown' AND reviewed = 1))",
                (_iso(cutoff),),
            )
            return int(cur.rowcount)

    def delete_draft(self, call_id: int, *, actor: str) -> None:
        with self.db.transaction() as tx:
            cur = tx.execute("DELETE FROM calls WHERE id = ? AND state = 'draft'", (call_id,))
            if cur.rowcount != 1:
                raise StaleMove(f"call {call_id} is not a draft")
        log.info("draft %d deleted by %s", call_id, actor)

    def _must_get(self, call_id: int) -> CallRecord:
        record = self.get(call_id)
        if record is None:  # pragma: no cover - we just wrote it
            raise StaleMove(f"call {call_id} vanished")
        return record
