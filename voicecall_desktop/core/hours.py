"""Calls at humane hours: quiet hours, bank holidays and the days the practice is closed.

One set of rules for every way a call is booked (the window, ``voicecall
send``, ``voicecall batch`` and the import review): each asks
:func:`check_call` and gets back the problems in plain words; what to do with
them is the caller's (the CLI exits 2 unless ``--outside-hours`` /
``--on-holiday`` cover them, see :func:`unconfirmed`; the window asks).

Quiet hours are wall-clock times in Europe/London: the practice's quiet
hours start at ``quiet_hours_start`` (default 20:00) and end at
``quiet_hours_end`` (default 08:00). Calls may be booked from the end of quiet
hours to their start, both included (08:00 and 20:00 are allowed). The same
start and end mean no quiet hours. Because they are wall-clock times, the
clocks changing does not move them: 08:00 is 08:00 in GMT and in BST.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from voicecall_desktop.core.bank_holidays import holiday_name, nation_name
from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.practice_days import WEEKDAY_NAMES, closures_by_day, weekday_of
from voicecall_desktop.core.schedule import fmt_date, fmt_time, local_now
from voicecall_desktop.core.settings import Settings

ProblemKind = Literal["outside-hours", "holiday", "closed"]

_DAY_MINUTES = 24 * 60


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@dataclass(frozen=True)
class QuietHours:
    """The practice's quiet hours: no calls after ``start`` until ``end``."""

    start: time
    end: time

    @classmethod
    def of(cls, settings: Settings) -> QuietHours:
        return cls(settings.quiet_hours_start, settings.quiet_hours_end)

    @property
    def calling_hours(self) -> str:
        """``08:00–20:00``: when calls may ring, as people say it."""
        return f"{fmt_time(self.end)}–{fmt_time(self.start)}"

    def allows(self, moment: time) -> bool:
        """Whether a call may ring at this wall-clock time (to the minute)."""
        start, end, now = _minutes(self.start), _minutes(self.end), _minutes(moment)
        if start == end:
            return True  # no quiet hours at all
        # Walk forward from the end of quiet hours: the calling hours come
        # first, whether or not quiet hours run past midnight.
        return (now - end) % _DAY_MINUTES <= (start - end) % _DAY_MINUTES

    def nearest_allowed(self, moment: time) -> time:
        """The allowed time closest to ``moment`` on the same day (``moment`` if allowed).

        Equally near both edges, the later one wins: moving a call later never
        moves it into the past.
        """
        if self.allows(moment):
            return moment.replace(second=0, microsecond=0)
        now = _minutes(moment)
        edges = sorted((_minutes(self.end), _minutes(self.start)), key=lambda m: (abs(m - now), -m))
        return _clock(edges[0])

    def reason(self, moment: time) -> str | None:
        """Why ``moment`` is refused, naming it and the nearest allowed time; None if allowed."""
        if self.allows(moment):
            return None
        nearest = self.nearest_allowed(moment)
        asked = fmt_time(moment)
        if nearest == self.end:
            where = f"before the practice's quiet hours end at {fmt_time(self.end)}"
        else:
            where = f"after the practice's quiet hours start at {fmt_time(self.start)}"
        return f"{asked} is {where}; the nearest allowed time is {fmt_time(nearest)}"


@dataclass(frozen=True)
class DayInfo:
    """What the calendar shows for one day."""

    day: date
    holiday: str | None
    """The bank holiday's name in the practice's nation, if it is one."""
    closure: str | None
    """The reason for a one-off closure the practice listed, if any."""
    weekday_closed: bool
    """The practice does not open on this day of the week."""

    @property
    def is_open(self) -> bool:
        return self.holiday is None and self.closure is None and not self.weekday_closed

    @property
    def closed_reason(self) -> str | None:
        """Why the practice is shut (not counting a bank holiday), or None."""
        if self.closure is not None:
            return f"Closed: {self.closure}"
        if self.weekday_closed:
            return f"Closed on {WEEKDAY_NAMES[weekday_of(self.day)]}s"
        return None

    @property
    def tooltip(self) -> str:
        """One line per reason, e.g. ``Bank holiday: Christmas Day``; empty on an open day."""
        lines = [f"Bank holiday: {self.holiday}"] if self.holiday else []
        if self.closed_reason:
            lines.append(self.closed_reason)
        return "\n".join(lines)


def day_info(day: date, settings: Settings) -> DayInfo:
    return DayInfo(
        day=day,
        holiday=holiday_name(day, settings.nation),
        closure=closures_by_day(settings.closures).get(day),
        weekday_closed=weekday_of(day) not in settings.open_weekdays,
    )


def days_between(first: date, last: date, settings: Settings) -> list[DayInfo]:
    """Every day from ``first`` to ``last`` (both included), in order.

    For a calendar that also shows the ends of the months either side.
    """
    closures = closures_by_day(settings.closures)
    return [
        DayInfo(
            day=day,
            holiday=holiday_name(day, settings.nation),
            closure=closures.get(day),
            weekday_closed=weekday_of(day) not in settings.open_weekdays,
        )
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
    ]


def month_days(year: int, month: int, settings: Settings) -> list[DayInfo]:
    """Every day of the month in order, each with its holiday name and closed reason."""
    last = calendar.monthrange(year, month)[1]
    return days_between(date(year, month, 1), date(year, month, last), settings)


@dataclass(frozen=True)
class HoursProblem:
    """One thing wrong with when a call would ring, in plain words."""

    kind: ProblemKind
    day: date
    at: time | None
    """The clock time at fault, or None when the day itself is the problem."""
    message: str
    nearest: time | None = None
    """For ``outside-hours``: the allowed time closest to the one asked for."""

    @property
    def field(self) -> str:
        """The form field (and CSV column) the problem belongs to."""
        return "Times" if self.kind == "outside-hours" else "Date"

    @property
    def flag(self) -> str:
        """The CLI flag that books the call anyway."""
        return "--outside-hours" if self.kind == "outside-hours" else "--on-holiday"

    def as_field_error(self) -> FieldError:
        return FieldError(self.field, self.message)


def _named_day(day: date) -> str:
    return f"{WEEKDAY_NAMES[weekday_of(day)]} {fmt_date(day)}"


def day_problems(day: date, settings: Settings) -> list[HoursProblem]:
    """The bank holiday and closures on ``day``: one problem for each reason."""
    info = day_info(day, settings)
    named = _named_day(day)
    problems: list[HoursProblem] = []
    if info.holiday is not None:
        message = f"{named} is {info.holiday}, a bank holiday in {nation_name(settings.nation)}"
        problems.append(HoursProblem("holiday", day, None, message))
    if info.closure is not None:
        message = f"{named}: the practice is closed ({info.closure})"
        problems.append(HoursProblem("closed", day, None, message))
    elif info.weekday_closed:
        weekday = WEEKDAY_NAMES[weekday_of(day)]
        message = f"{named}: the practice is closed on {weekday}s"
        problems.append(HoursProblem("closed", day, None, message))
    return problems


def check_call(
    day: date | None,
    times: Sequence[time],
    settings: Settings,
    *,
    now: datetime | None = None,
) -> list[HoursProblem]:
    """Everything wrong with when this call would ring: the day first, then each time.

    Times without a day mean today (as for booking). A call with neither goes
    out as soon as it is sent, so the current London time is checked instead.

    Args:
        day: the call's day, or None.
        times: wall-clock times on that day (repeats are reported once).
        settings: the practice's quiet hours, nation, open weekdays and closures.
        now: the current moment, timezone-aware (for tests); defaults to the clock.

    Returns:
        The problems in the order to show them; empty when the call may ring.
    """
    quiet = QuietHours.of(settings)
    if day is None:
        current = local_now(now)
        problems = day_problems(current.date(), settings)
        if times:
            return problems + time_problems(current.date(), times, quiet)
        clock = current.time().replace(second=0, microsecond=0, tzinfo=None)
        if not quiet.allows(clock):
            message = (
                f"A call with no date or time goes out now, {fmt_time(clock)}, "
                f"in the practice's quiet hours; calls may ring {quiet.calling_hours}"
            )
            problems.append(HoursProblem("outside-hours", current.date(), clock, message))
        return problems
    return day_problems(day, settings) + time_problems(day, times, quiet)


def time_problems(day: date, times: Iterable[time], quiet: QuietHours) -> list[HoursProblem]:
    """One ``outside-hours`` problem for each time in the practice's quiet hours."""
    problems = []
    for moment in sorted({t.replace(second=0, microsecond=0) for t in times}):
        reason = quiet.reason(moment)
        if reason is not None:
            nearest = quiet.nearest_allowed(moment)
            problems.append(HoursProblem("outside-hours", day, moment, reason, nearest))
    return problems


def unconfirmed(
    problems: Iterable[HoursProblem], *, outside_hours: bool, on_holiday: bool
) -> list[HoursProblem]:
    """The problems that the person has not said to book anyway.

    ``outside_hours`` covers times in quiet hours; ``on_holiday`` covers bank
    holidays and closed days (``--outside-hours`` and ``--on-holiday``).
    """
    return [p for p in problems if not (outside_hours if p.kind == "outside-hours" else on_holiday)]
