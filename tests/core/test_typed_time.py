"""Times as a receptionist types them: every spelling of every minute, and nonsense refused."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.typed_time import parse_typed_time

PROPERTY = settings(max_examples=400, deadline=None, database=None, derandomize=True)

minutes_of_day = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("930", time(9, 30)),
        ("0930", time(9, 30)),
        ("9:30", time(9, 30)),
        ("09.30", time(9, 30)),
        ("9 30", time(9, 30)),
        (" 09:30 ", time(9, 30)),
        ("14", time(14, 0)),
        ("1445", time(14, 45)),
        ("0", time(0, 0)),
        ("030", time(0, 30)),
        ("2pm", time(14, 0)),
        ("2.30pm", time(14, 30)),
        ("2:30 PM", time(14, 30)),
        ("11 a.m.", time(11, 0)),
        ("11.15 A.M", time(11, 15)),
        ("12am", time(0, 0)),
        ("12:30am", time(0, 30)),
        ("12pm", time(12, 0)),
        ("12:45pm", time(12, 45)),
        ("1am", time(1, 0)),
        ("noon", time(12, 0)),
        ("Midday", time(12, 0)),
        ("midnight", time(0, 0)),
    ],
)
def test_what_receptionists_type(typed: str, expected: time) -> None:
    assert parse_typed_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("2560", "25 is not an hour"),
        ("25", "25 is not an hour"),
        ("2400", "midnight is 00:00"),
        ("1260", "60 is not a number of minutes"),
        ("13pm", "with pm the hour is 1 to 12"),
        ("0am", "with am the hour is 1 to 12"),
        ("9:7", "minutes need two digits, e.g. 9:07"),
        ("12.5", "e.g. 12:05 or 12:50"),
        ("9:300", "'300' is not a number of minutes"),
        ("", "type a time"),
        ("   ", "type a time"),
        ("pm", "give the hour before pm"),
        ("12345", "too many digits"),
        ("abc", "'abc' is not a time"),
        ("9:30:00", "'9:30:00' is not a time"),
        ("-930", "'-930' is not a time"),
        ("٩٣٠", "is not a time"),  # Arabic-Indic digits: not read as 930
        ("9h30", "is not a time"),
    ],
)
def test_nonsense_is_refused_saying_what_is_wrong(typed: str, says: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_typed_time(typed)
    assert caught.value.field == "Times"
    assert says in caught.value.message


def test_the_message_names_the_field_given() -> None:
    with pytest.raises(FieldError) as caught:
        parse_typed_time("25", field="quiet_hours_end")
    assert caught.value.field == "quiet_hours_end"
    assert str(caught.value).startswith("quiet_hours_end: '25'")


def _twelve_hour(moment: time) -> tuple[int, str]:
    return (moment.hour % 12 or 12), ("am" if moment.hour < 12 else "pm")


@PROPERTY
@given(moment=minutes_of_day, data=st.data())
def test_every_minute_round_trips_in_every_spelling(moment: time, data: st.DataObject) -> None:
    h, m = moment.hour, moment.minute
    h12, half = _twelve_hour(moment)
    spellings = [
        f"{h:02d}{m:02d}",
        f"{h}{m:02d}",
        f"{h}:{m:02d}",
        f"{h:02d}:{m:02d}",
        f"{h:02d}.{m:02d}",
        f"{h} {m:02d}",
        f"{h12}:{m:02d}{half}",
        f"{h12}.{m:02d} {half.upper()}",
        f"{h12}:{m:02d} {half[0]}.m.",
        f"{h12:02d}{m:02d}{half}",
    ]
    if m == 0:
        spellings += [f"{h}", f"{h:02d}", f"{h12}{half}", f"{h12} {half.upper()}"]
    spelling = data.draw(st.sampled_from(spellings))
    padding = data.draw(st.sampled_from(["", " ", "  ", "\t"]))
    assert parse_typed_time(padding + spelling + padding) == moment


@PROPERTY
@given(hour=st.integers(0, 99), minute=st.integers(0, 99))
def test_four_digits_are_a_time_only_when_hour_and_minute_are(hour: int, minute: int) -> None:
    typed = f"{hour:02d}{minute:02d}"
    if hour <= 23 and minute <= 59:
        assert parse_typed_time(typed) == time(hour, minute)
    else:
        with pytest.raises(FieldError, match=f"'{typed}'"):
            parse_typed_time(typed)


@PROPERTY
@given(hour=st.integers(13, 99), half=st.sampled_from(["am", "pm", " PM", "a.m."]))
def test_twelve_hour_clock_has_no_hour_past_twelve(hour: int, half: str) -> None:
    with pytest.raises(FieldError, match="the hour is 1 to 12"):
        parse_typed_time(f"{hour}{half}")


@PROPERTY
@given(text=st.text(max_size=12))
def test_any_text_is_a_time_or_a_message_never_a_crash(text: str) -> None:
    try:
        parsed = parse_typed_time(text)
    except FieldError as exc:
        assert exc.field == "Times"
        assert exc.message
    else:
        assert parsed.second == 0 and parsed.microsecond == 0
