"""What the service's use cases hand back: plain, frozen results with no heavy imports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from voicecall_desktop.core.states import Outcome
from voicecall_desktop.store.records import CallRecord

if TYPE_CHECKING:
    from voicecall_desktop.core.models import CallSpec

BACKOFF_FIRST = 30.0
BACKOFF_MAX = 15 * 60.0


def backoff(attempts: int) -> float:
    """Seconds to wait before trying a not-delivered call again."""
    return float(min(BACKOFF_FIRST * 2.0 ** max(attempts - 1, 0), BACKOFF_MAX))


class MissingKey(Exception):
    """No API key is stored (or what is stored is not a key): nothing can be sent until one is."""

    field = "APIKey"

    def __init__(self) -> None:
        super().__init__(
            "APIKey: no API key is stored. Add it in Settings (or `voicecall key set`)."
        )


@dataclass(frozen=True)
class KeyStatus:
    """Whether an API key is stored, and whether what is stored is a key at all."""

    stored: bool
    valid: bool


@dataclass(frozen=True)
class SendCheck:
    """A form that passed every check made before sending (:meth:`Service.prepare_send`).

    Nothing is recorded yet. ``same_day`` lists calls already booked to the
    number that day: the window asks before a second one, the command line warns.
    """

    spec: CallSpec
    notes: list[str] = field(default_factory=list)
    same_day: list[CallRecord] = field(default_factory=list)


@dataclass(frozen=True)
class SubmitResult:
    record: CallRecord
    notes: list[str] = field(default_factory=list)
    same_day: list[CallRecord] = field(default_factory=list)


@dataclass(frozen=True)
class AttemptResult:
    """One attempt to send one call, and the call as it now stands."""

    record: CallRecord
    outcome: Outcome
    message: str


@dataclass
class FlushReport:
    results: list[AttemptResult] = field(default_factory=list)
    stopped: str | None = None  # why the flush stopped early, if it did
    still_queued: int = 0

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def exit_code(self) -> int:
        """CONTRACT.md: 0 all accepted, 4 any unknown, 3 any left undelivered, 1 any rejected."""
        if self.count(Outcome.UNKNOWN):
            return 4
        if self.count(Outcome.NOT_DELIVERED) or self.still_queued:
            return 3
        if self.count(Outcome.REJECTED):
            return 1
        return 0
