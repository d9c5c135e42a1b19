"""en-GB dates, times and numbers, whatever the PC's locale says."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from PySide6.QtCore import QDate, QLocale, QTime

from voicecall_desktop.core.phone import format_destination
from voicecall_desktop.core.schedule import LONDON, fmt_date, fmt_time

DATE_FORMAT = "dd/MM/yyyy"
TIME_FORMAT = "HH:mm"


def en_gb() -> QLocale:
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def use_en_gb() -> None:
    """Make en-GB the default locale for every widget made from now on."""
    QLocale.setDefault(en_gb())


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def to_qtime(moment: time) -> QTime:
    return QTime(moment.hour, moment.minute)


def from_qtime(moment: QTime) -> time:
    return time(moment.hour(), moment.minute())


def show_date(day: date | None) -> str:
    return fmt_date(day) if day else ""


def show_times(times: tuple[time, ...] | list[time]) -> str:
    return ", ".join(fmt_time(t) for t in times)


def show_moment(moment: datetime | None) -> str:
    """A stored (UTC) moment as UK local ``dd/mm/yyyy HH:MM``."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    return f"{fmt_date(local.date())} {fmt_time(local.time())}"


def show_destination(destination: int | None, typed: str = "") -> str:
    return _formatted(destination) if destination else typed


@lru_cache(maxsize=4096)
def _formatted(destination: int) -> str:
    # Formatting a number costs ~0.1 ms (phonenumbers); tables show the same ones again
    # and again while calls are being sent.
    return format_destination(destination)


def show_when(day: date | None, times: tuple[time, ...] | list[time]) -> str:
    """``01/12/2026 at 09:30, 14:00`` or ``as soon as possible``."""
    if day is None and not times:
        return "as soon as possible"
    text = show_date(day) or "today"
    if times:
        text += " at " + show_times(times)
    return text


__all__ = [
    "DATE_FORMAT",
    "TIME_FORMAT",
    "en_gb",
    "from_qdate",
    "from_qtime",
    "show_date",
    "show_destination",
    "show_moment",
    "show_times",
    "show_when",
    "to_qdate",
    "to_qtime",
    "use_en_gb",
]
