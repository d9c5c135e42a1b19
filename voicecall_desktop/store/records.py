"""The call record as read back from the store."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Protocol

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
