"""The value types behind the practice's hours settings, and how they are typed.

Settings are stored one JSON value per key and set one at a time (by the
settings dialog, ``voicecall settings set NAME VALUE`` and IT policy), so each
type here:

* dumps to plain JSON values (``"08:00"``, ``["mon", "tue"]``,
  ``[{"date": "2026-12-24", "reason": "Staff training"}]``), so the store can
  write ``model_dump()`` as it is;
* also accepts the text a person types on the command line
  (``mon-fri``, ``scotland``, ``2026-12-24 Staff training; 2027-01-04 Boiler``).

Nothing here compares one setting with another: the store sets fields one by
one, and a rule across two fields would refuse a change half-way through.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    field_validator,
)
from pydantic_core import PydanticCustomError

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.schedule import parse_day
from voicecall_desktop.core.typed_time import parse_typed_time

Nation = Literal["england-and-wales", "scotland", "northern-ireland"]

#: How each nation is named to a person.
NATION_NAMES: dict[str, str] = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}

_NATION_ALIASES: dict[str, str] = {
    "england": "england-and-wales",
    "wales": "england-and-wales",
    "englandandwales": "england-and-wales",
    "englandwales": "england-and-wales",
    "eng": "england-and-wales",
    "wls": "england-and-wales",
    "ew": "england-and-wales",
    "scotland": "scotland",
    "sct": "scotland",
    "northernireland": "northern-ireland",
    "ni": "northern-ireland",
    "nir": "northern-ireland",
}

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

#: In ``date.weekday()`` order: Monday is 0.
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES: dict[str, str] = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def _invalid(message: str) -> PydanticCustomError:
    """A validation error whose text is ``message`` alone, for the person to read."""
    # Passed as context, so braces in what the person typed are not a template.
    return PydanticCustomError("value_error", "{reason}", {"reason": message})


def default_open_weekdays() -> list[Weekday]:
    """Monday to Friday."""
    return list(WEEKDAYS[:5])


def weekday_of(day: dt.date) -> Weekday:
    return WEEKDAYS[day.weekday()]


def _to_nation(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    key = re.sub(r"[^a-z]", "", value.lower().replace("&", "and"))
    if key in _NATION_ALIASES:
        return _NATION_ALIASES[key]
    raise _invalid(
        f"'{value}' is not a UK nation; choose england-and-wales, scotland or northern-ireland"
    )


def _weekday(word: str) -> Weekday:
    typed = word.strip().lower()
    for day in WEEKDAYS:
        # mon, Mon, Mond, Monday; not "monkey".
        if len(typed) >= 3 and WEEKDAY_NAMES[day].lower().startswith(typed):
            return day
    raise _invalid(f"'{word.strip()}' is not a day of the week; use mon, tue, ... sun")


def _to_weekdays(value: Any) -> Any:
    """``mon-fri``, ``Mon, Wed, Fri``, ``Monday to Friday`` or a list of days."""
    if isinstance(value, str):
        text = re.sub(r"\s+to\s+", "-", value.strip(), flags=re.IGNORECASE)
        days: list[Weekday] = []
        for part in re.split(r"[,;\s]+", text):
            if not part:
                continue
            if "-" in part:
                first, _, last = part.partition("-")
                start, stop = WEEKDAYS.index(_weekday(first)), WEEKDAYS.index(_weekday(last))
                # fri-mon runs over the weekend: Friday, Saturday, Sunday, Monday.
                span = (stop - start) % len(WEEKDAYS)
                days.extend(WEEKDAYS[(start + i) % len(WEEKDAYS)] for i in range(span + 1))
            else:
                days.append(_weekday(part))
        value = days
    if isinstance(value, list | tuple):
        days = [_weekday(v) if isinstance(v, str) else v for v in value]
        if not days:
            raise _invalid("the practice must be open on at least one day; e.g. mon-fri")
        # One order, whatever was typed, so settings compare and display alike.
        return sorted(set(days), key=WEEKDAYS.index)
    return value


def _to_clock(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_typed_time(value)
        except FieldError as exc:
            raise _invalid(exc.message) from None
    return value


def _whole_minute(value: dt.time) -> dt.time:
    # Stored as HH:MM: seconds kept here would not survive a save and load.
    return value.replace(second=0, microsecond=0, tzinfo=None)


#: A wall-clock time in Europe/London, stored as ``"HH:MM"``.
ClockTime = Annotated[
    dt.time,
    BeforeValidator(_to_clock),
    AfterValidator(_whole_minute),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
]
NationSetting = Annotated[Nation, BeforeValidator(_to_nation)]
OpenWeekdays = Annotated[list[Weekday], BeforeValidator(_to_weekdays)]


class Closure(BaseModel):
    """One day the practice is shut, with the reason people will be shown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    reason: str

    @field_validator("date", mode="before")
    @classmethod
    def _typed_day(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return parse_day(value, "date")
            except FieldError as exc:
                raise _invalid(exc.message) from None
        return value

    @field_validator("reason")
    @classmethod
    def _has_reason(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise _invalid("say why the practice is closed, e.g. Staff training")
        if len(value) > 200:
            raise _invalid("keep the reason under 200 characters")
        return value

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.reason}"


def _closure_from_text(part: str) -> dict[str, str]:
    day, _, reason = part.strip().partition(" ")
    return {"date": day.rstrip(":"), "reason": reason.strip(" :-–")}


def _to_closures(value: Any) -> Any:
    """A list, JSON text of one, or ``2026-12-24 Staff training; 2027-01-04 Boiler``."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                raise _invalid(
                    "is not a readable JSON list; or write e.g. 2026-12-24 Staff training"
                ) from None
        else:
            value = [_closure_from_text(p) for p in text.split(";") if p.strip()]
    return value


def _one_per_day(closures: list[Closure]) -> list[Closure]:
    seen: set[dt.date] = set()
    for closure in closures:
        if closure.date in seen:
            listed = closure.date.strftime("%d/%m/%Y")
            raise _invalid(f"{listed} is listed twice; give it one reason")
        seen.add(closure.date)
    return sorted(closures, key=lambda c: c.date)


Closures = Annotated[
    list[Closure],
    BeforeValidator(_to_closures),
    AfterValidator(_one_per_day),
    # Plain JSON for the settings table: the store dumps in Python mode.
    PlainSerializer(
        lambda items: [{"date": c.date.isoformat(), "reason": c.reason} for c in items],
        return_type=list[dict[str, str]],
    ),
]


def closures_by_day(closures: list[Closure]) -> dict[dt.date, str]:
    """Each closure's day and reason (settings already hold at most one per day)."""
    return {c.date: c.reason for c in closures}


__all__ = [
    "NATION_NAMES",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "ClockTime",
    "Closure",
    "Closures",
    "Nation",
    "NationSetting",
    "OpenWeekdays",
    "Weekday",
    "closures_by_day",
    "default_open_weekdays",
    "weekday_of",
]
