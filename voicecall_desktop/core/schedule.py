"""The call's Date and Times: local days and clock times in Europe/London.

The wire carries each moment with its own UTC offset (``+00:00`` in winter,
``+01:00`` in summer). On the two days the clocks change:

* a time that does not exist (01:30 on the last Sunday of March, when clocks
  jump from 01:00 to 02:00) is refused, and the message says why and what to
  pick instead: moving it silently would ring a patient at a time nobody chose;
* a time that happens twice (01:30 on the last Sunday of October) is booked at
  its first occurrence (still summer time, ``+01:00``) and a note says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from voicecall_desktop.core.errors import FieldError

LONDON = ZoneInfo("Europe/London")


def parse_day(text: str, field: str = "Date") -> date:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY`` (as receptionists and Excel write it).

    Raises:
        FieldError: on ``field``.
    """
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise FieldError(field, f"'{text}' is not a date; use YYYY-MM-DD or DD/MM/YYYY")


def parse_clock(text: str, field: str = "Times") -> time:
    """``HH:MM``, 24-hour."""
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise FieldError(field, f"'{text.strip()}' is not a time; use HH:MM, e.g. 09:30") from None


def fmt_date(day: date) -> str:
    """en-GB date, as receptionists write it."""
    return day.strftime("%d/%m/%Y")


def fmt_time(moment: time) -> str:
    return moment.strftime("%H:%M")


@dataclass(frozen=True)
class Schedule:
    """The wire values for ``Date`` and ``Times`` and any notes for the person booking."""

    date: datetime | None
    times: list[datetime]
    notes: list[str] = field(default_factory=list)


def local_now(now: datetime | None = None) -> datetime:
    """The current moment in Europe/London (``now`` may be given for tests)."""
    moment = now if now is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return moment.astimezone(LONDON)


def _exists(moment: datetime) -> bool:
    round_trip = moment.astimezone(UTC).astimezone(LONDON)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None)


def _is_ambiguous(moment: datetime) -> bool:
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def _first_valid_after(day: date, moment: time) -> time:
    probe = datetime.combine(day, moment, tzinfo=LONDON)
    while not _exists(probe):
        probe += timedelta(minutes=1)
    return probe.time()


def localise(day: date, moment: time) -> tuple[datetime, str | None]:
    """Attach Europe/London to a wall-clock time, deciding what DST days mean.

    Returns:
        The aware moment and, for a time that happens twice, a note to show.

    Raises:
        FieldError: on ``Times`` for a time the clocks skip.
    """
    wall = datetime.combine(day, moment.replace(second=0, microsecond=0), tzinfo=LONDON)
    if not _exists(wall):
        after = _first_valid_after(day, moment)
        raise FieldError(
            "Times",
            f"{fmt_time(moment)} does not exist on {fmt_date(day)}: the clocks go forward "
            f"an hour that night. Pick a time before it or {fmt_time(after)} or later",
        )
    if _is_ambiguous(wall):
        first = wall.replace(fold=0)
        offset = first.strftime("%z")
        note = (
            f"{fmt_time(moment)} happens twice on {fmt_date(day)} (the clocks go back); "
            f"the call is booked for the first {fmt_time(moment)} (summer time, "
            f"UTC{offset[:3]}:{offset[3:]})"
        )
        return first, note
    return wall, None


def build_schedule(
    day: date | None,
    times: list[time],
    *,
    now: datetime | None = None,
    refuse_past: bool = True,
) -> Schedule:
    """Build the wire ``Date`` and ``Times`` from a local day and clock times.

    Times without a day mean today. Times are sorted and repeated ones dropped.

    Args:
        day: the call's day, or None for "as soon as possible".
        times: clock times on that day.
        now: the current moment (for tests); defaults to the real clock.
        refuse_past: refuse days and times that have passed (off when a queued
            call is finally sent, so a call booked offline still goes out).

    Raises:
        FieldError: on ``Date`` or ``Times``, saying what is allowed.
    """
    current = local_now(now)
    if day is None and times:
        day = current.date()
    if day is None:
        return Schedule(date=None, times=[])
    if refuse_past and day < current.date():
        raise FieldError(
            "Date", f"{fmt_date(day)} has passed; pick today ({fmt_date(current.date())}) or later"
        )
    midnight, _ = localise(day, time(0, 0))
    notes: list[str] = []
    moments: list[datetime] = []
    for moment in sorted(set(t.replace(second=0, microsecond=0) for t in times)):
        aware, note = localise(day, moment)
        if refuse_past and aware <= current:
            raise FieldError(
                "Times",
                f"{fmt_time(moment)} on {fmt_date(day)} has already passed; "
                f"it is {fmt_time(current.time())} now",
            )
        if note:
            notes.append(note)
        moments.append(aware)
    return Schedule(date=midnight, times=moments, notes=notes)


def wire(moment: datetime) -> str:
    """``2026-12-01T09:30:00+00:00``: a moment with its own offset, as the API expects."""
    return moment.isoformat(timespec="seconds")
