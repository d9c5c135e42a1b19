"""The field rules of a VoiceRequest, checked the way the real API's model binding does.

This module deliberately shares nothing with ``voicecall_desktop.core``: the sandbox is an
independent imitation, so a mistake in the client's own rules shows up here as a rejection.

JSON values keep their JSON types, and the types are checked strictly (a JSON string of digits
is not an integer). XML values arrive as text and are read as the DataContract serializer reads
them (``xs:long``, ``xs:boolean``, ``xs:dateTime``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_INTEGER = re.compile(r"-?[0-9]+")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]{1,7})?"
    r"(?:Z|([+-])([0-9]{2}):([0-9]{2}))"
)
_XML_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_LONG_MAX = 2**63 - 1
_DATETIME_HINT = "a date-time with a UTC offset, e.g. 2026-12-01T09:30:00+00:00"


def required(field: str) -> str:
    return f"The {field} field is required."


def validate(fields: Mapping[str, Any], *, xml: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """Check every field of a decoded VoiceRequest.

    Args:
        fields: The decoded body: JSON values, or for XML the elements' text (None for
            ``i:nil``) and a list of texts for ``Times``.
        xml: Whether `fields` came from an XML body.

    Returns:
        The fields with XML texts turned into their values where they are valid, and the
        errors, one message per bad field, keyed by the field's name.
    """
    values = dict(fields)
    errors: dict[str, str] = {}

    def check(field: str, message: str | None) -> None:
        if message is not None:
            errors.setdefault(field, message)

    check("APIKey", _api_key(fields.get("APIKey")))
    check("Username", _username(fields.get("Username")))
    destination, message = _destination(fields.get("Destination"), xml=xml)
    check("Destination", message)
    if destination is not None:
        values["Destination"] = destination
    check("Source", _source(fields.get("Source")))
    check("CustomerSiteId", _site(fields.get("CustomerSiteId")))
    if "RestrictSends" in fields:
        restrict, message = _boolean(fields["RestrictSends"], xml=xml)
        check("RestrictSends", message)
        if restrict is not None:
            values["RestrictSends"] = restrict
    day, message = _date(fields.get("Date"))
    check("Date", message)
    check("Times", _times(fields.get("Times"), day))
    return values, errors


def _api_key(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return required("APIKey")
    if not isinstance(value, str) or not _GUID.fullmatch(value.strip()):
        # The value is never echoed back: it may be a real key pasted in the wrong place.
        return "The APIKey field must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
    return None


def _username(value: Any) -> str | None:
    if value is None:
        return required("Username")
    if not isinstance(value, str):
        return "The Username field must be a string."
    if not value.strip():
        return required("Username")
    return None


def _destination(value: Any, *, xml: bool) -> tuple[int | None, str | None]:
    if value is None:
        return None, required("Destination")
    number: int
    if xml:
        if not isinstance(value, str) or not _INTEGER.fullmatch(value.strip()):
            return None, "The Destination field must be a whole number."
        number = int(value.strip())
    elif isinstance(value, str):
        return None, "The Destination field must be a JSON number, not a string."
    elif isinstance(value, bool) or not isinstance(value, int):
        return None, "The Destination field must be a whole number."
    else:
        number = value
    if number <= 0:
        return None, "The Destination field must be greater than 0."
    if number > _LONG_MAX:
        return None, "The Destination field is too large."
    return number, None


def _utf16_length(text: str) -> int:
    """The length as .NET counts it, in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _source(value: Any) -> str | None:
    if value is None:
        return required("Source")
    if not isinstance(value, str):
        return "The Source field must be a string."
    if not value.strip():
        return required("Source")
    if not 3 <= _utf16_length(value) <= 14:
        return (
            "The field Source must be a string with a minimum length of 3 "
            "and a maximum length of 14."
        )
    return None


def _site(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return "The CustomerSiteId field must be a string."
    if _utf16_length(value) > 100:
        return "The field CustomerSiteId must be a string with a maximum length of 100."
    return None


def _boolean(value: Any, *, xml: bool) -> tuple[bool | None, str | None]:
    message = "The RestrictSends field must be true or false."
    if xml:
        if isinstance(value, str) and value.strip() in _XML_BOOLEANS:
            return _XML_BOOLEANS[value.strip()], None
        return None, message
    if isinstance(value, bool):
        return value, None
    return None, message


def parse_datetime(value: Any) -> tuple[int, int, int] | None:
    """Read an ISO 8601 date-time that carries a UTC offset.

    Returns:
        The (year, month, day) it falls on in its own offset, or None when `value` is not
        such a date-time (no offset, no seconds, out-of-range parts, not a string).
    """
    if not isinstance(value, str):
        return None
    match = _DATETIME.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    if match.group(7) is not None:
        offset_hours, offset_minutes = int(match.group(8)), int(match.group(9))
        if offset_minutes > 59 or offset_hours * 60 + offset_minutes > 14 * 60:
            return None
    return year, month, day


def _date(value: Any) -> tuple[tuple[int, int, int] | None, str | None]:
    if value is None:
        return None, None
    day = parse_datetime(value)
    if day is None:
        return None, f"The Date field must be {_DATETIME_HINT}."
    return day, None


def _times(value: Any, day: tuple[int, int, int] | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, list):
        return "The Times field must be a list of date-times."
    for index, item in enumerate(value):
        item_day = parse_datetime(item)
        if item_day is None:
            return f"Times[{index}] must be {_DATETIME_HINT}."
        if day is not None and item_day != day:
            wanted = "{:04d}-{:02d}-{:02d}".format(*day)
            return f"Times[{index}] is not on the day of Date ({wanted})."
    return None
