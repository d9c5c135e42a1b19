"""What both engines do alike with a call's row: the logic, never the SQL.

The desk's SQLite store and the practice's PostgreSQL store keep the same
columns with different types (ISO text and 0/1 against timestamps and
booleans). What differs is passed in as a :class:`RowCodec` or a value
encoder; the field list, the checks before a move and the stale-call rule are
written once here, so the two stores cannot drift apart.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from voicecall_desktop.core.phone import parse_destination
from voicecall_desktop.core.states import CallState, can_move
from voicecall_desktop.store.errors import StaleMove
from voicecall_desktop.store.protocol import CHANGE_FIELDS, CallChanges, CallEvent, CallStore, Page
from voicecall_desktop.store.records import CallRecord, RowLike, dump_times, parse_times

if TYPE_CHECKING:
    from voicecall_desktop.core.models import CallForm, CallSpec

log = logging.getLogger(__name__)

#: Why a call left ``sending`` without an answer (the audit note and the call's error).
STALE_NOTE = "the program stopped while sending"
STALE_ERROR = (
    "The program stopped while this call was being sent; it may or may not have reached "
    "PatientComms. Check before sending again."
)


@dataclass(frozen=True)
class RowCodec:
    """How one engine's column values become Python values."""

    when: Callable[[Any], datetime | None]
    day: Callable[[Any], date | None]
    errors: Callable[[Any], dict[str, str]]
    #: The column that names the PC a call was booked on.
    desk_column: str


def iso_when(value: str | None) -> datetime | None:
    """A moment as SQLite stores it (ISO text), or None."""
    return datetime.fromisoformat(value) if value else None


def iso_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def json_errors(value: str | None) -> dict[str, str]:
    """The errors map as a JSON text column holds it (empty when NULL)."""
    return json.loads(value) if value else {}


#: The desk's SQLite columns: ISO text, 0/1 and JSON text.
SQLITE_CODEC = RowCodec(when=iso_when, day=iso_day, errors=json_errors, desk_column="booked_on")


def call_record(row: RowLike, codec: RowCodec) -> CallRecord:
    """A :class:`CallRecord` from a row of the ``calls`` columns."""
    created = codec.when(row["created_at"])
    if created is None:  # the column is NOT NULL in both schemas
        raise ValueError(f"call {row['id']} has no created_at")
    success = row["success"]
    return CallRecord(
        id=int(row["id"]),
        state=CallState(row["state"]),
        destination=row["destination"],
        destination_text=row["destination_text"],
        username=row["username"],
        source=row["source"],
        site=row["site"],
        restrict_sends=bool(row["restrict_sends"]),
        day=codec.day(row["day"]),
        times=parse_times(row["times"]),
        created_at=created,
        updated_at=codec.when(row["updated_at"]) or created,
        attempts=int(row["attempts"]),
        next_attempt_at=codec.when(row["next_attempt_at"]),
        owner=row["owner"],
        attempt_at=codec.when(row["attempt_at"]),
        answered_at=codec.when(row["answered_at"]),
        request_format=row["request_format"],
        success=None if success is None else bool(success),
        status_id=row["status_id"],
        status=row["status"],
        errors=codec.errors(row["errors"]),
        message_id=row["message_id"],
        credits=row["credits"],
        last_error=row["last_error"],
        request_body=row["request_body"],
        response_body=row["response_body"],
        booked_by=row["booked_by"],
        booked_on=row[codec.desk_column],
        reviewed=bool(row["reviewed"]),
    )


def call_event(row: RowLike, when: Callable[[Any], datetime | None]) -> CallEvent:
    """A :class:`CallEvent` from a row of ``events``."""
    at = when(row["at"])
    if at is None:  # the column is NOT NULL in both schemas
        raise ValueError(f"event {row['id']} has no time")
    return CallEvent(
        id=int(row["id"]),
        call_id=int(row["call_id"]),
        at=at,
        from_state=CallState(row["from_state"]) if row["from_state"] else None,
        to_state=CallState(row["to_state"]),
        actor=row["actor"] or "",
        note=row["note"] or "",
    )


def encode_changes(fields: CallChanges | None, encode: Callable[[str, Any], Any]) -> dict[str, Any]:
    """Checked :class:`CallChanges` as column values, each through the engine's ``encode``.

    Raises:
        ValueError: a name that is not a column a move may set (a programming error).
    """
    values: dict[str, Any] = {}
    for name, value in (fields or {}).items():
        if name not in CHANGE_FIELDS:
            raise ValueError(f"{name} is not a column a move may set")
        values[name] = encode(name, value)
    return values


def form_values(form: CallForm, spec: CallSpec | None) -> dict[str, Any]:
    """The columns a form fills, as Python values (a draft's number may not parse: None).

    ``restrict_sends`` is a bool and ``day`` a date: an engine that stores them
    otherwise converts those two.
    """
    destination = spec.destination if spec else None
    if destination is None:
        try:
            destination = parse_destination(form.destination)
        except ValueError:
            destination = None
    return {
        "destination": destination,
        "destination_text": form.destination.strip(),
        "username": (spec.username if spec else form.username).strip(),
        "source": (spec.source if spec else form.source).strip(),
        "site": (spec.site or "") if spec else form.site.strip(),
        "restrict_sends": bool(form.restrict_sends),
        "day": spec.day if spec else form.day,
        "times": dump_times(spec.times if spec else form.times),
    }


def check_new(state: CallState, specs: list[CallSpec | None]) -> None:
    """Refuse a new call that starts in the wrong state, or queued without a validated spec.

    Raises:
        ValueError: a programming error (the service only books drafts and queued calls).
    """
    if state not in (CallState.DRAFT, CallState.QUEUED):
        raise ValueError(f"a new call cannot start as {state}")
    if state is CallState.QUEUED and any(spec is None for spec in specs):
        raise ValueError("a queued call needs a validated CallSpec")


def keyset_page_sql(
    select: str,
    where: list[str],
    params: list[Any],
    *,
    before_id: int | None,
    oldest_first: bool,
    limit: int,
    mark: str,
) -> str:
    """``select`` with ``where``, the page's cursor, order and one row more than ``limit``.

    Appends the cursor and the limit to ``params``; ``mark`` is the engine's placeholder.
    """
    if before_id is not None:
        where.append(f"id > {mark}" if oldest_first else f"id < {mark}")
        params.append(before_id)
    query = select
    if where:
        query += " WHERE " + " AND ".join(where)
    query += " ORDER BY id " + ("ASC" if oldest_first else "DESC") + f" LIMIT {mark}"
    params.append(limit + 1)
    return query


def page_of(rows: list[CallRecord], limit: int) -> Page:
    """A page of at most ``limit`` rows from ``limit + 1`` read (the extra says there is more)."""
    return Page(rows=rows[:limit], has_more=len(rows) > limit)


def checked_move(
    call_id: int,
    current: CallState | None,
    current_owner: str | None,
    allowed: set[CallState],
    target: CallState,
    owner: str | None,
) -> CallState:
    """The state a call moves from, after the checks every move makes.

    ``current`` is None when the row is gone.

    Raises:
        StaleMove: the call is gone, no longer in an ``allowed`` state, no longer
            ``owner``'s, or cannot move to ``target``.
    """
    if current is None:
        raise StaleMove(f"call {call_id} does not exist")
    if current not in allowed or (owner is not None and current_owner != owner):
        raise StaleMove(f"call {call_id} is {current.value}, not {'/'.join(sorted(allowed))}")
    if current is not target and not can_move(current, target):
        raise StaleMove(f"call {call_id} cannot move from {current.value} to {target.value}")
    return current


def recover_stale(
    store: CallStore, is_alive: Callable[[str | None], bool], *, actor: str, who: str
) -> list[int]:
    """``sending`` calls whose owner (``who``: a process, a desk) has stopped become ``unknown``.

    Never re-sent: the request may have reached PatientComms.
    """
    moved: list[int] = []
    for stale in store.sending():
        if is_alive(stale.owner):
            continue
        try:
            store.move(
                stale.id,
                [CallState.SENDING],
                CallState.UNKNOWN,
                actor=actor,
                owner=stale.owner,
                note=STALE_NOTE,
                fields={"last_error": STALE_ERROR},
            )
        except StaleMove:
            continue  # another desk or process moved it first
        moved.append(stale.id)
        log.warning("call %d was left sending by a stopped %s: now unknown", stale.id, who)
    return moved
