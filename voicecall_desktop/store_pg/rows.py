"""PostgreSQL rows to the store's typed records, and Python values to columns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from psycopg.rows import DictRow
from psycopg.types.json import Jsonb

from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.phone import parse_destination
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store.protocol import CHANGE_FIELDS, CallChanges, CallEvent
from voicecall_desktop.store.records import CallRecord, dump_times, parse_times

#: What a record is read from: every column but the generated search columns (less to send).
COLUMNS = (
    "id, state, destination, destination_text, username, source, site, restrict_sends, day, "
    "times, created_at, updated_at, attempts, next_attempt_at, owner, attempt_at, answered_at, "
    "request_format, success, status_id, status, errors, message_id, credits, last_error, "
    "request_body, response_body, booked_by, desk, reviewed"
)


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def record(row: DictRow) -> CallRecord:
    created = _utc(row["created_at"])
    assert created is not None
    errors = row["errors"]
    return CallRecord(
        id=int(row["id"]),
        state=CallState(row["state"]),
        destination=row["destination"],
        destination_text=row["destination_text"],
        username=row["username"],
        source=row["source"],
        site=row["site"],
        restrict_sends=bool(row["restrict_sends"]),
        day=row["day"],
        times=parse_times(row["times"]),
        created_at=created,
        updated_at=_utc(row["updated_at"]) or created,
        attempts=int(row["attempts"]),
        next_attempt_at=_utc(row["next_attempt_at"]),
        owner=row["owner"],
        attempt_at=_utc(row["attempt_at"]),
        answered_at=_utc(row["answered_at"]),
        request_format=row["request_format"],
        success=row["success"],
        status_id=row["status_id"],
        status=row["status"],
        errors={str(k): str(v) for k, v in errors.items()} if isinstance(errors, dict) else {},
        message_id=row["message_id"],
        credits=row["credits"],
        last_error=row["last_error"],
        request_body=row["request_body"],
        response_body=row["response_body"],
        booked_by=row["booked_by"],
        booked_on=row["desk"],
        reviewed=bool(row["reviewed"]),
    )


def event(row: DictRow) -> CallEvent:
    at = _utc(row["at"])
    assert at is not None
    return CallEvent(
        id=int(row["id"]),
        call_id=int(row["call_id"]),
        at=at,
        from_state=CallState(row["from_state"]) if row["from_state"] else None,
        to_state=CallState(row["to_state"]),
        actor=row["actor"] or "",
        note=row["note"] or "",
    )


def encode_changes(fields: CallChanges | None) -> dict[str, Any]:
    """Checked :class:`CallChanges` as column values (JSON for the errors map)."""
    values: dict[str, Any] = {}
    for name, value in (fields or {}).items():
        if name not in CHANGE_FIELDS:
            raise ValueError(f"{name} is not a column a move may set")
        if name == "errors":
            values[name] = Jsonb(value) if value else None
        elif isinstance(value, str) and name.endswith("_at"):
            values[name] = datetime.fromisoformat(value)  # tolerated: an ISO string
        else:
            values[name] = value
    return values


def form_columns(form: CallForm, spec: CallSpec | None) -> dict[str, Any]:
    """The columns a form fills (a draft's number may not parse: then it is NULL)."""
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
