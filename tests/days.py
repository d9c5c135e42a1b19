"""Days that the default practice settings allow, so that tests do not depend on today's date.

Calls on a weekend, a bank holiday or in quiet hours need a confirmation
(CONTRACT.md "Humane hours"); tests that are not about those rules book an
ordinary open day at an allowed time.
"""

from __future__ import annotations

from datetime import date, timedelta

from voicecall_desktop.core.hours import day_problems
from voicecall_desktop.core.settings import Settings


def open_day(after: int = 2) -> date:
    """The first day at least ``after`` days from today on which the default practice is open."""
    day = date.today() + timedelta(days=after)
    settings = Settings()
    while day_problems(day, settings):
        day += timedelta(days=1)
    return day


def closed_day(after: int = 2) -> date:
    """The first Sunday at least ``after`` days from today (closed by default)."""
    day = date.today() + timedelta(days=after)
    return day + timedelta(days=(6 - day.weekday()) % 7)
