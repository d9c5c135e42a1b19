"""How far ahead a call may be booked without a second look.

``--date 9999-12-31`` (or 2062 typed for 2026) is almost always a slip. A day more
than a year ahead is not refused outright, since a yearly recall can be booked
early, but it needs a deliberate yes: ``--far-ahead`` on the command line, a
confirmation in the window. The rule lives here, apart from the time-entry
parsing in :mod:`voicecall_desktop.core.schedule`.
"""

from __future__ import annotations

from datetime import date, datetime

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.schedule import LONDON, fmt_date


def one_year_after(today: date) -> date:
    """The same day next year (29 February gives 28 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def london_today(now: datetime | None = None) -> date:
    return (now.astimezone(LONDON) if now is not None else datetime.now(LONDON)).date()


def is_far_ahead(day: date, *, now: datetime | None = None) -> bool:
    """Whether ``day`` is more than a year after today (London time)."""
    return day > one_year_after(london_today(now))


def check_not_far_ahead(
    day: date | None, *, allowed: bool = False, now: datetime | None = None, field: str = "Date"
) -> None:
    """Refuse a day more than a year ahead unless the person said it is meant.

    Raises:
        FieldError: naming ``field``, the day and the last day allowed without asking.
    """
    if day is None or allowed or not is_far_ahead(day, now=now):
        return
    last = one_year_after(london_today(now))
    raise FieldError(
        field,
        f"{fmt_date(day)} is more than a year ahead (after {fmt_date(last)}); check the year, "
        "or confirm that it is meant (--far-ahead)",
    )
