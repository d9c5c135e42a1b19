"""PostgreSQL rows to the store's typed records, and Python values to columns."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from psycopg.rows import DictRow
from psycopg.types.json import Jsonb

from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.store import rows_common
from voicecall_desktop.store.protocol import CallChanges, CallEvent
from voicecall_desktop.store.records import CallRecord
from voicecall_desktop.store.rows_common import RowCodec, call_event, call_record, form_values

#: What a record is read from: every column but the generated search columns (less to send).
COLUMNS = (
    "id, state, destination, destination_text, username, source, site, restrict_sends, day, "
    "times, created_at, updated_at, attempts, next_attempt_at, owner, attempt_at, answered_at, "
    "request_format, success, status_id, status, errors, message_id, credits, last_error, "
    "request_body, response_body, booked_by, desk, reviewed"
)


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def _errors(value: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _day(value: date | None) -> date | None:
    return value


#: PostgreSQL's columns: timestamps, dates, booleans and JSONB, read as Python values.
PG_CODEC = RowCodec(when=_utc, day=_day, errors=_errors, desk_column="desk")


def record(row: DictRow) -> CallRecord:
    return call_record(row, PG_CODEC)


def event(row: DictRow) -> CallEvent:
    return call_event(row, _utc)


def _pg_value(name: str, value: Any) -> Any:
    if name == "errors":
        return Jsonb(value) if value else None
    if isinstance(value, str) and name.endswith("_at"):
        return datetime.fromisoformat(value)  # tolerated: an ISO string
    return value


def encode_changes(fields: CallChanges | None) -> dict[str, Any]:
    """Checked :class:`CallChanges` as column values (JSON for the errors map)."""
    return rows_common.encode_changes(fields, _pg_value)


def form_columns(form: CallForm, spec: CallSpec | None) -> dict[str, Any]:
    """The columns a form fills (a draft's number may not parse: then it is NULL)."""
    return form_values(form, spec)
