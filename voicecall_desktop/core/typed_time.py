"""What a receptionist types into a time box, read as a clock time.

Accepted (24-hour unless am/pm is given):

* ``930``, ``0930``, ``1445``: hours and minutes without a separator;
* ``9:30``, ``09.30``, ``9 30``: with ``:``, ``.`` or a space, minutes always two digits;
* ``14``, ``9``: a whole hour;
* ``2pm``, ``2.30pm``, ``2:30 PM``, ``11 a.m.``: 12-hour, hour 1 to 12;
  ``12am`` is midnight (00:00) and ``12pm`` is noon (12:00);
* ``noon``, ``midday``, ``midnight``.

Anything else is refused with a message that names what is wrong, never
guessed: a wrong time rings a patient at a time nobody chose.
"""

from __future__ import annotations

import re
from datetime import time

from voicecall_desktop.core.errors import FieldError

_WORDS = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}

# [0-9] with re.ASCII: other scripts' digits are refused rather than read.
_SUFFIX = re.compile(r"^(?P<body>.*?)\s*(?P<half>[ap])\.?\s*m\.?$", re.ASCII)
_SEPARATED = re.compile(r"^(?P<hour>[0-9]{1,2})\s*[:.\s]\s*(?P<minute>[0-9]+)$", re.ASCII)
_DIGITS = re.compile(r"^[0-9]+$", re.ASCII)

EXAMPLES = "e.g. 0930, 9:30, 14:00 or 2.30pm"


def _split(body: str, original: str) -> tuple[int, int]:
    """Hours and minutes from the part before any am/pm."""
    separated = _SEPARATED.match(body)
    if separated:
        minutes = separated["minute"]
        if len(minutes) != 2:
            if len(minutes) > 2:
                raise ValueError(f"'{original}': '{minutes}' is not a number of minutes (00 to 59)")
            hour = int(separated["hour"])
            meant = [f"{hour}:0{minutes}"] + ([f"{hour}:{minutes}0"] if minutes < "6" else [])
            raise ValueError(f"'{original}': minutes need two digits, e.g. {' or '.join(meant)}")
        return int(separated["hour"]), int(minutes)
    if _DIGITS.match(body):
        if len(body) <= 2:
            return int(body), 0
        if len(body) <= 4:
            return int(body[:-2]), int(body[-2:])
        raise ValueError(f"'{original}' has too many digits for a time; {EXAMPLES}")
    raise ValueError(f"'{original}' is not a time; {EXAMPLES}")


def _read(text: str) -> time:
    original = " ".join(text.split())
    if not original:
        raise ValueError(f"type a time, {EXAMPLES}")
    lowered = original.lower()
    if lowered in _WORDS:
        return _WORDS[lowered]
    suffix = _SUFFIX.match(lowered)
    body = suffix["body"].strip() if suffix else lowered
    if suffix and not body:
        raise ValueError(f"'{original}': give the hour before {suffix['half']}m, e.g. 2pm")
    hour, minute = _split(body, original)
    if suffix:
        half = suffix["half"] + "m"
        if not 1 <= hour <= 12:
            raise ValueError(
                f"'{original}': with {half} the hour is 1 to 12; for 24-hour time leave out {half}"
            )
        # 12am is the midnight hour and 12pm the noon hour; 1pm-11pm are 13-23.
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif hour == 24 and minute == 0:
        raise ValueError(f"'{original}': midnight is 00:00 (the start of the day)")
    elif hour > 23:
        raise ValueError(f"'{original}': {hour} is not an hour (00 to 23)")
    if minute > 59:
        raise ValueError(f"'{original}': {minute} is not a number of minutes (00 to 59)")
    return time(hour, minute)


def parse_typed_time(text: str, field: str = "Times") -> time:
    """Read a typed time; see the module docstring for what is accepted.

    Raises:
        FieldError: on ``field``, saying what is wrong with the text.
    """
    try:
        return _read(text)
    except ValueError as exc:
        raise FieldError(field, str(exc)) from None
