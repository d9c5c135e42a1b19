"""The typed rows a store hands out, and the changes it is handed.

Every store engine returns these frozen dataclasses (never its own row type),
so nothing above the store can tell which engine it holds: a call
(:class:`CallRecord`), a page of calls, a line of a call's audit trail, a
number on the do-not-call list and what the store is; :class:`CallChanges`
are the columns a move may set, and :func:`answer_fields` the ones that
record an answer from the API.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

from voicecall_desktop.core.states import CallState

if TYPE_CHECKING:
    # The pydantic models load on first use: reading the history does not need them.
    from voicecall_desktop.core.models import CallForm, CallSpec


class RowLike(Protocol):
    """Any row read by column name (an engine's row type, or a dict)."""

    def __getitem__(self, key: str, /) -> Any: ...


def parse_times(text: str | None) -> tuple[time, ...]:
    return tuple(time.fromisoformat(t) for t in json.loads(text or "[]"))


def dump_times(times: tuple[time, ...] | list[time]) -> str:
    return json.dumps([t.strftime("%H:%M") for t in times])


@dataclass(frozen=True)
class CallRecord:
    """One call and everything known about it; the API key is never part of it."""

    id: int
    state: CallState
    destination: int | None
    destination_text: str
    username: str
    source: str
    site: str
    restrict_sends: bool
    day: date | None
    times: tuple[time, ...]
    created_at: datetime
    updated_at: datetime
    attempts: int = 0
    next_attempt_at: datetime | None = None
    owner: str | None = None
    attempt_at: datetime | None = None
    answered_at: datetime | None = None
    request_format: str | None = None
    success: bool | None = None
    status_id: int | None = None
    status: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    message_id: int | None = None
    credits: int | None = None
    last_error: str | None = None
    request_body: str | None = None
    response_body: str | None = None
    booked_by: str = ""
    booked_on: str = ""
    reviewed: bool = False

    @classmethod
    def from_row(cls, row: RowLike) -> CallRecord:
        """From a row of the ``calls`` columns as SQLite stores them (any mapping)."""
        # The engine-neutral decoding imports this module: loaded on first use.
        from voicecall_desktop.store.rows_common import SQLITE_CODEC, call_record

        return call_record(row, SQLITE_CODEC)

    @property
    def form(self) -> CallForm:
        from voicecall_desktop.core.models import CallForm

        return CallForm(
            destination=self.destination_text,
            username=self.username,
            source=self.source,
            site=self.site,
            restrict_sends=self.restrict_sends,
            day=self.day,
            times=self.times,
        )

    def spec(self) -> CallSpec:
        """The validated call (only for records past ``draft``, whose fields were checked)."""
        if self.destination is None:
            raise ValueError(f"call {self.id} has no valid Destination")
        from voicecall_desktop.core.models import CallSpec

        return CallSpec(
            destination=self.destination,
            username=self.username,
            source=self.source,
            site=self.site or None,
            restrict_sends=self.restrict_sends,
            day=self.day,
            times=self.times,
        )

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape of CONTRACT.md, plus what a script may find useful."""
        data: dict[str, Any] = {
            "id": self.id,
            "state": self.state.value,
            "destination": self.destination,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "username": self.username,
            "source": self.source,
            "site": self.site or None,
            "restrict_sends": self.restrict_sends,
            "date": self.day.isoformat() if self.day else None,
            "times": [t.strftime("%H:%M") for t in self.times],
            "attempts": self.attempts,
            "booked_by": self.booked_by,  # the signed-in user
            "booked_on": self.booked_on,
            "desk": self.booked_on,  # CONTRACT.md's name for the PC (shared store)
        }
        if self.destination is None:
            data["destination_text"] = self.destination_text
        answered = self.answered_at is not None or self.state in (
            CallState.SENT,
            CallState.REJECTED,
        )
        if answered:
            data.update(
                success=self.success,
                status_id=self.status_id,
                status=self.status,
                errors=self.errors,
                message_id=self.message_id,
                credits=self.credits,
                answered_at=self.answered_at.isoformat() if self.answered_at else None,
            )
        if self.last_error:
            data["last_error"] = self.last_error
        if self.next_attempt_at and self.state is CallState.QUEUED:
            data["next_attempt_at"] = self.next_attempt_at.isoformat()
        return data


@dataclass(frozen=True)
class Page:
    """One keyset page of calls: ``rows`` in the order asked for, and whether more follow."""

    rows: list[CallRecord]
    has_more: bool


@dataclass(frozen=True)
class CallEvent:
    """One line of a call's audit trail: a move (or a note on the same state)."""

    id: int
    call_id: int
    at: datetime
    from_state: CallState | None  # None for the event that created the call
    to_state: CallState
    actor: str  # user@machine, or a process's lease token for a claim
    note: str


@dataclass(frozen=True)
class BlockedNumber:
    """A number on the do-not-call list."""

    destination: int
    added_at: datetime
    added_by: str
    note: str


@dataclass(frozen=True)
class StoreInfo:
    """What a store is, for ``self-test``, ``db status`` and the About box."""

    kind: str  # "sqlite" or "postgresql"
    location: str  # a file path, or a URL without its password
    schema_version: int


class CallChanges(TypedDict, total=False):
    """Columns a move may set besides ``state``, as Python values (each store encodes them).

    Only these names are accepted; ``updated_at`` is set by the store itself.
    """

    owner: str | None
    next_attempt_at: datetime | None
    answered_at: datetime | None
    request_format: str | None
    success: bool | None
    status_id: int | None
    status: str | None
    errors: dict[str, str] | None
    message_id: int | None
    credits: int | None
    last_error: str | None
    request_body: str | None
    response_body: str | None
    reviewed: bool


#: The names of :class:`CallChanges`, for stores that check what they are given.
CHANGE_FIELDS: frozenset[str] = frozenset(CallChanges.__annotations__)

#: Stored response bodies are cut to this many characters.
RESPONSE_LIMIT = 64 * 1024


def answer_fields(
    *,
    success: bool | None,
    status_id: int | None,
    status: str | None,
    errors: Mapping[str, str],
    message_id: int | None,
    credits: int | None,
    response_body: str | None,
    answered_at: datetime | None = None,
) -> CallChanges:
    """The changes that record an answer from the API (and end the claim)."""
    return {
        "success": success,
        "status_id": status_id,
        "status": status,
        "errors": dict(errors) if errors else None,
        "message_id": message_id,
        "credits": credits,
        "response_body": (response_body or "")[:RESPONSE_LIMIT] or None,
        "answered_at": answered_at or datetime.now(UTC),
        "owner": None,
    }
