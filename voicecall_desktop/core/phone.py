"""Patients' phone numbers: what people type, to the integer ``Destination``.

``phonenumbers`` decides what is a valid number. Ofcom reserves a few ranges
for drama and examples (07700 900000–900999, 020 7946 0000–0999, ...);
``phonenumbers`` calls them invalid, but they are what training material and
tests use, so they are accepted as well.
"""

from __future__ import annotations

import re

import phonenumbers

from voicecall_desktop.core.errors import FieldError

FIELD = "Destination"

# Ofcom's numbers reserved for TV, radio and examples, as national significant
# numbers (without the leading 0): (prefix, number of digits in all).
_DRAMA_RANGES: tuple[tuple[str, int], ...] = (
    ("7700900", 10),
    ("2079460", 10),
    ("1134960", 10),
    ("1144960", 10),
    ("1154960", 10),
    ("1164960", 10),
    ("1174960", 10),
    ("1184960", 10),
    ("1214960", 10),
    ("1314960", 10),
    ("1414960", 10),
    ("1514960", 10),
    ("1614960", 10),
    ("1914980", 10),
    ("2896496", 10),
    ("2920180", 10),
    ("1632960", 10),
    ("3069990", 10),
    ("8081570", 10),
    ("9098790", 10),
)

_ALLOWED_CHARS = re.compile(r"^[0-9+()\-.\s/]*$")


def _is_drama(number: phonenumbers.PhoneNumber) -> bool:
    if number.country_code != 44:
        return False
    national = phonenumbers.national_significant_number(number)
    return any(national.startswith(p) and len(national) == n for p, n in _DRAMA_RANGES)


def _parse(text: str) -> phonenumbers.PhoneNumber | None:
    candidates = [text]
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44") and not text.lstrip().startswith(("+", "0")):
        # "447700900123": the UK international form without "+", as the API stores it.
        # Other countries need their "+" or "00": a bare run of digits is read as UK.
        candidates.append("+" + digits)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, "GB")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) or _is_drama(number):
            return number
    return None


def parse_destination(text: str | int) -> int:
    """Turn a phone number as typed into the API's integer ``Destination``.

    Accepts ``07700 900123``, ``+44 7700 900123``, ``+44 (0)7700 900123``,
    ``0044 7700 900123``, ``447700900123`` and numbers that lost their leading 0.

    Raises:
        FieldError: naming ``Destination`` and saying why the number is refused.
    """
    raw = str(text).strip()
    if not raw:
        raise FieldError(FIELD, "enter the patient's phone number, e.g. 07700 900123")
    if len(raw) > 40 or not _ALLOWED_CHARS.match(raw):
        raise FieldError(
            FIELD,
            f"'{_shorten(raw)}' is not a phone number: use digits, spaces and an optional +",
        )
    digits = re.sub(r"\D", "", raw)
    if len(digits) < 7:
        raise FieldError(FIELD, f"'{raw}' is too short to be a phone number")
    if len(digits) > 15:
        raise FieldError(FIELD, f"'{raw}' is too long to be a phone number")
    number = _parse(raw)
    if number is None:
        raise FieldError(
            FIELD,
            f"'{raw}' is not a valid phone number; check the digits "
            "(UK mobiles look like 07700 900123)",
        )
    # The national significant number keeps a leading 0 where it belongs (Italy: +39 06…).
    international = f"{number.country_code}{phonenumbers.national_significant_number(number)}"
    if len(international) < 8:
        raise FieldError(FIELD, f"'{raw}' is too short to be a patient's phone number")
    return int(international)


# UK ranges that are never a patient's own phone, by the national number's start:
# they cost the caller a premium, or route to a business or a redirect service.
_NOT_A_PATIENT: tuple[tuple[str, str], ...] = (
    ("9", "a premium-rate number (09…)"),
    ("87", "a non-geographic service number (087…)"),
    ("84", "a non-geographic service number (084…)"),
    ("8", "a freephone or service number (08…)"),
    ("3", "a non-geographic number (03…)"),
    ("70", "a personal redirect number (070…)"),
    ("55", "a corporate number (055…)"),
)
_REFUSED_TYPES = {
    phonenumbers.PhoneNumberType.PREMIUM_RATE: "a premium-rate or service number",
    phonenumbers.PhoneNumberType.SHARED_COST: "a shared-cost service number",
    phonenumbers.PhoneNumberType.TOLL_FREE: "a freephone number",
    phonenumbers.PhoneNumberType.UAN: "a non-geographic number",
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER: "a personal redirect number",
    phonenumbers.PhoneNumberType.PAGER: "a pager number",
    phonenumbers.PhoneNumberType.VOICEMAIL: "a voicemail access number",
}
ABROAD_SETTING = "Allow numbers outside the UK"


def destination_problem(destination: int, *, allow_abroad: bool = False) -> str | None:
    """Why a valid number must not be called, in plain words; None when it may be.

    Refused: premium-rate (09…), freephone and service numbers (08…), non-geographic
    (03…, 055…), personal redirect (070…) and pager numbers. Numbers outside the UK
    (+44, which includes the Channel Islands and the Isle of Man) only when
    ``allow_abroad`` (the setting :data:`ABROAD_SETTING`).
    """
    try:
        number = phonenumbers.parse(f"+{destination}", None)
    except phonenumbers.NumberParseException:
        return "is not a valid phone number"
    shown = format_destination(destination)
    if number.country_code != 44:
        if allow_abroad:
            return None
        return (
            f"'{shown}' is not a UK number (+{number.country_code}); numbers outside the UK are "
            f"only called when '{ABROAD_SETTING}' is ticked in Settings"
        )
    national = phonenumbers.national_significant_number(number)
    kind = next((k for prefix, k in _NOT_A_PATIENT if national.startswith(prefix)), None)
    kind = kind or _REFUSED_TYPES.get(phonenumbers.number_type(number))
    if kind is None:
        return None
    return (
        f"'{shown}' is {kind}, not a patient's phone; use a mobile (07…) or a landline (01…, 02…)"
    )


def check_destination(destination: int, *, allow_abroad: bool = False) -> None:
    """Raise :class:`FieldError` on ``Destination`` if :func:`destination_problem` finds one."""
    problem = destination_problem(destination, allow_abroad=allow_abroad)
    if problem:
        raise FieldError(FIELD, problem)


def format_destination(destination: int) -> str:
    """Show a stored ``Destination`` as people write it (UK numbers nationally)."""
    try:
        number = phonenumbers.parse(f"+{destination}", None)
    except phonenumbers.NumberParseException:
        return str(destination)
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(number, fmt))


def mask_number(destination: int | str) -> str:
    """Hide all but the last three digits, for logs."""
    digits = re.sub(r"\D", "", str(destination))
    if len(digits) <= 3:
        return "*" * len(digits)
    return "*" * (len(digits) - 3) + digits[-3:]


def _shorten(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
