"""UK phone numbers as people type them → the API's integer ``Destination``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.models import CallSpec
from voicecall_desktop.core.phone import (
    check_destination,
    destination_problem,
    format_destination,
    mask_number,
    parse_destination,
)

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

MOBILE = 447700900123
LONDON_LANDLINE = 442079460018


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("07700 900123", MOBILE),
        ("+44 7700 900123", MOBILE),
        ("+44 (0)7700 900123", MOBILE),
        ("0044 7700 900123", MOBILE),
        ("447700900123", MOBILE),
        ("7700900123", MOBILE),  # lost its leading 0 (a spreadsheet ate it)
        ("020 7946 0018", LONDON_LANDLINE),
        ("+44 (0) 20 7946 0018", LONDON_LANDLINE),
        ("(020) 7946-0018", LONDON_LANDLINE),
        ("020.7946.0018", LONDON_LANDLINE),
        ("  07700 900123  ", MOBILE),
        ("07700900123\n", MOBILE),
        ("+447700900123", MOBILE),
        ("01632 960123", 441632960123),  # Ofcom drama range outside London/mobile
        ("07911 123456", 447911123456),  # an ordinary (valid) mobile
        ("+1 202 555 0143", 12025550143),  # international numbers keep their country
    ],
)
def test_accepts_what_people_type(typed: str, expected: int) -> None:
    assert parse_destination(typed) == expected


def test_accepts_an_int_as_stored() -> None:
    assert parse_destination(MOBILE) == MOBILE
    assert parse_destination(7700900123) == MOBILE


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "enter the patient's phone number"),
        ("   ", "enter the patient's phone number"),
        ("07700 9OO123", "is not a phone number"),  # letter O for zero
        ("call me", "is not a phone number"),
        ("07700_900123", "is not a phone number"),
        ("0770", "too short"),
        ("12345", "too short"),
        ("0770090012345678", "too long"),
        ("+44 7700 900123 4567", "too long"),
        ("01000 000000", "not a valid phone number"),
        ("00000000000", "not a valid phone number"),
        ("+999 12345678", "not a valid phone number"),
    ],
)
def test_refuses_with_a_field_error_saying_why(typed: str, why: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_destination(typed)
    assert caught.value.field == "Destination"
    assert why in caught.value.message
    assert str(caught.value).startswith("Destination: ")


def test_invalid_number_message_shows_an_example_of_a_good_one() -> None:
    with pytest.raises(FieldError) as caught:
        parse_destination("01000 000000")
    assert "01000 000000" in caught.value.message
    assert "07700 900123" in caught.value.message


def test_very_long_junk_is_shortened_in_the_message() -> None:
    with pytest.raises(FieldError) as caught:
        parse_destination("x" * 500)
    assert caught.value.field == "Destination"
    assert len(caught.value.message) < 120


@pytest.mark.parametrize(
    ("destination", "shown"),
    [
        (MOBILE, "07700 900123"),
        (LONDON_LANDLINE, "020 7946 0018"),
        (12025550143, "+1 202-555-0143"),
    ],
)
def test_format_destination(destination: int, shown: str) -> None:
    assert format_destination(destination) == shown
    assert parse_destination(shown) == destination


def test_format_destination_falls_back_to_digits() -> None:
    assert format_destination(999) == "999"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        (MOBILE, "*********123"),
        ("+44 7700 900123", "*********123"),
        (LONDON_LANDLINE, "*********018"),
        (1234, "*234"),
        (123, "***"),
        (12, "**"),
        ("", ""),
    ],
)
def test_mask_number_keeps_only_last_three_digits(number: int | str, masked: str) -> None:
    assert mask_number(number) == masked


@given(st.integers(min_value=1000, max_value=10**15 - 1))
@PROPERTY
def test_mask_number_never_shows_more_than_three_digits(number: int) -> None:
    masked = mask_number(number)
    assert len(masked) == len(str(number))
    assert masked.endswith(str(number)[-3:])
    assert set(masked[:-3]) == {"*"}


def test_italian_leading_zero_is_kept() -> None:
    assert parse_destination("+39 06 1234 5678") == 390612345678


def test_seven_digit_input_is_not_accepted() -> None:
    with pytest.raises(FieldError):
        parse_destination("6834002")


def _check_result(text: str) -> None:
    try:
        result = parse_destination(text)
    except FieldError as exc:
        assert exc.field == "Destination"
        assert exc.message
        return
    assert type(result) is int
    assert result > 0
    assert 8 <= len(str(result)) <= 15


@given(st.text(max_size=60))
@PROPERTY
def test_arbitrary_text_gives_an_int_or_a_field_error(text: str) -> None:
    _check_result(text)


@given(st.text(alphabet="0123456789+()-. /\t", max_size=24))
@PROPERTY
def test_phone_like_text_gives_an_int_or_a_field_error(text: str) -> None:
    _check_result(text)


@given(st.integers(min_value=0, max_value=999))
@PROPERTY
def test_every_drama_mobile_is_accepted_in_every_form(tail: int) -> None:
    national = f"7700900{tail:03d}"
    expected = int("44" + national)
    for typed in (
        "0" + national,
        f"0{national[:4]} {national[4:]}",
        "+44" + national,
        "+44 (0)" + national,
        "0044" + national,
        "44" + national,
        national,
    ):
        assert parse_destination(typed) == expected, typed


# -- numbers that are valid but must not be called -----------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("0909 879 0123", "premium-rate"),  # Ofcom's drama premium range
        ("0909 123 4567", "premium-rate"),
        ("0845 123 4567", "service number"),
        ("0871 123 4567", "service number"),
        ("0800 123 4567", "freephone"),
        ("0808 157 0123", "freephone"),
        ("0300 123 4567", "non-geographic"),
        ("0306 999 0123", "non-geographic"),
        ("070 1234 5678", "personal redirect"),
        ("055 1234 5678", "corporate"),
    ],
)
def test_premium_and_service_numbers_are_refused(typed: str, kind: str) -> None:
    number = parse_destination(typed)  # a real number...
    for allow_abroad in (False, True):  # ...refused whatever the setting
        with pytest.raises(FieldError) as caught:
            check_destination(number, allow_abroad=allow_abroad)
        assert caught.value.field == "Destination"
        assert kind in caught.value.message
        assert "07…" in caught.value.message


@pytest.mark.parametrize(
    "typed",
    [
        "07700 900123",
        "07911 123456",  # Guernsey mobile: +44
        "+44 1534 123456",  # Jersey landline
        "07624 123456",  # Isle of Man mobile
        "020 7946 0018",
        "0118 496 0123",
        "01632 960123",
        "056 1234 5678",  # VoIP: a real person's line
    ],
)
def test_uk_patients_numbers_pass(typed: str) -> None:
    assert destination_problem(parse_destination(typed)) is None


@pytest.mark.parametrize("typed", ["+1 202 555 0143", "+39 06 1234 5678", "+353 85 123 4567"])
def test_numbers_outside_the_uk_only_when_the_setting_allows(typed: str) -> None:
    number = parse_destination(typed)
    with pytest.raises(FieldError) as caught:
        check_destination(number)
    assert "not a UK number" in caught.value.message
    assert "Allow numbers outside the UK" in caught.value.message
    check_destination(number, allow_abroad=True)


def test_the_form_refuses_them_and_the_setting_lets_abroad_through() -> None:
    with pytest.raises(ValueError, match="premium-rate"):
        CallSpec.from_input(destination="0909 879 0123", username="r", source="Surgery")
    with pytest.raises(ValueError, match="not a UK number"):
        CallSpec.from_input(destination="+1 202 555 0143", username="r", source="Surgery")
    spec, _ = CallSpec.from_input(
        destination="+1 202 555 0143", username="r", source="Surgery", allow_abroad=True
    )
    assert spec.destination == 12025550143
