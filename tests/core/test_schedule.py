"""Date and Times in Europe/London, including the two days the clocks change.

Every test passes a fixed ``now``; none reads the real clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.schedule import (
    LONDON,
    Schedule,
    build_schedule,
    fmt_date,
    fmt_time,
    local_now,
    localise,
    wire,
)

#: Sunday 1 November 2026, 08:00 GMT (winter: London == UTC).
NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 1)
WINTER_DAY = date(2026, 12, 1)
SUMMER_DAY = date(2027, 6, 15)
SPRING_FORWARD = date(2027, 3, 28)  # last Sunday of March 2027
FALL_BACK = date(2027, 10, 31)  # last Sunday of October 2027

HOUR = timedelta(hours=1)
PROPERTY = settings(max_examples=300, deadline=None, database=None, derandomize=True)


def test_the_clock_change_days_are_the_last_sundays() -> None:
    for day in (SPRING_FORWARD, FALL_BACK):
        assert day.weekday() == 6
        assert (day + timedelta(days=7)).month != day.month


def test_winter_day_uses_plus_zero() -> None:
    schedule = build_schedule(WINTER_DAY, [time(14, 0), time(9, 30)], now=NOW)
    assert schedule.date is not None
    assert wire(schedule.date) == "2026-12-01T00:00:00+00:00"
    assert [wire(t) for t in schedule.times] == [
        "2026-12-01T09:30:00+00:00",
        "2026-12-01T14:00:00+00:00",
    ]
    assert schedule.notes == []


def test_summer_day_uses_plus_one() -> None:
    schedule = build_schedule(SUMMER_DAY, [time(9, 30)], now=NOW)
    assert schedule.date is not None
    assert wire(schedule.date) == "2027-06-15T00:00:00+01:00"
    assert [wire(t) for t in schedule.times] == ["2027-06-15T09:30:00+01:00"]
    assert schedule.times[0].astimezone(UTC) == datetime(2027, 6, 15, 8, 30, tzinfo=UTC)
    assert schedule.notes == []


@pytest.mark.parametrize(("day", "offset"), [(WINTER_DAY, 0), (SUMMER_DAY, 1)])
def test_date_is_local_midnight_with_its_own_offset(day: date, offset: int) -> None:
    schedule = build_schedule(day, [], now=NOW)
    assert schedule.date is not None
    assert schedule.date.tzinfo is LONDON
    assert schedule.date.date() == day
    assert schedule.date.time() == time(0, 0)
    assert schedule.date.utcoffset() == offset * HOUR
    assert schedule.times == []


@pytest.mark.parametrize("missing", [time(1, 0), time(1, 30), time(1, 59)])
def test_time_the_clocks_skip_is_refused(missing: time) -> None:
    with pytest.raises(FieldError) as caught:
        build_schedule(SPRING_FORWARD, [missing], now=NOW)
    error = caught.value
    assert error.field == "Times"
    assert "does not exist" in error.message
    assert "28/03/2027" in error.message
    assert fmt_time(missing) in error.message
    assert "02:00" in error.message
    assert "clocks go forward" in error.message


def test_skipped_time_is_refused_by_localise_too() -> None:
    with pytest.raises(FieldError, match="01:30 does not exist on 28/03/2027"):
        localise(SPRING_FORWARD, time(1, 30))


def test_skipped_time_is_refused_even_with_other_good_times() -> None:
    with pytest.raises(FieldError) as caught:
        build_schedule(SPRING_FORWARD, [time(9, 0), time(1, 30)], now=NOW)
    assert caught.value.field == "Times"


def test_times_around_the_spring_gap() -> None:
    schedule = build_schedule(SPRING_FORWARD, [time(0, 59), time(2, 0), time(3, 0)], now=NOW)
    assert [wire(t) for t in schedule.times] == [
        "2027-03-28T00:59:00+00:00",
        "2027-03-28T02:00:00+01:00",
        "2027-03-28T03:00:00+01:00",
    ]
    assert schedule.date is not None
    assert wire(schedule.date) == "2027-03-28T00:00:00+00:00"
    assert schedule.notes == []


def test_time_that_happens_twice_is_booked_first_with_a_note() -> None:
    schedule = build_schedule(FALL_BACK, [time(1, 30)], now=NOW)
    assert [wire(t) for t in schedule.times] == ["2027-10-31T01:30:00+01:00"]
    assert schedule.times[0].astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert len(schedule.notes) == 1
    note = schedule.notes[0]
    assert "01:30" in note
    assert "happens twice" in note
    assert "31/10/2027" in note
    assert "first" in note
    assert "+01:00" in note


def test_localise_returns_the_first_occurrence_and_a_note() -> None:
    moment, note = localise(FALL_BACK, time(1, 30))
    assert moment.utcoffset() == HOUR
    assert moment.fold == 0
    assert note is not None and "twice" in note


def test_times_around_the_autumn_overlap() -> None:
    schedule = build_schedule(FALL_BACK, [time(2, 0), time(0, 59), time(1, 0)], now=NOW)
    assert [wire(t) for t in schedule.times] == [
        "2027-10-31T00:59:00+01:00",
        "2027-10-31T01:00:00+01:00",
        "2027-10-31T02:00:00+00:00",
    ]
    assert len(schedule.notes) == 1 and "01:00" in schedule.notes[0]
    assert schedule.date is not None
    assert wire(schedule.date) == "2027-10-31T00:00:00+01:00"


def test_ordinary_time_has_no_note() -> None:
    moment, note = localise(WINTER_DAY, time(9, 30))
    assert note is None
    assert wire(moment) == "2026-12-01T09:30:00+00:00"


def test_past_day_is_refused_on_date() -> None:
    with pytest.raises(FieldError) as caught:
        build_schedule(date(2026, 10, 31), [time(9, 0)], now=NOW)
    assert caught.value.field == "Date"
    assert "31/10/2026 has passed" in caught.value.message
    assert "01/11/2026" in caught.value.message


def test_past_day_without_times_is_refused_too() -> None:
    with pytest.raises(FieldError) as caught:
        build_schedule(date(2025, 1, 1), [], now=NOW)
    assert caught.value.field == "Date"


@pytest.mark.parametrize("past", [time(0, 0), time(7, 59), time(8, 0)])
def test_time_already_past_today_is_refused_on_times(past: time) -> None:
    with pytest.raises(FieldError) as caught:
        build_schedule(TODAY, [time(12, 0), past], now=NOW)
    error = caught.value
    assert error.field == "Times"
    assert f"{fmt_time(past)} on 01/11/2026 has already passed" in error.message
    assert "08:00 now" in error.message


def test_time_later_today_is_accepted() -> None:
    schedule = build_schedule(TODAY, [time(8, 1)], now=NOW)
    assert [wire(t) for t in schedule.times] == ["2026-11-01T08:01:00+00:00"]


def test_today_without_times_is_accepted() -> None:
    schedule = build_schedule(TODAY, [], now=NOW)
    assert schedule.date is not None and schedule.date.date() == TODAY


def test_times_without_a_day_mean_today() -> None:
    schedule = build_schedule(None, [time(9, 0)], now=NOW)
    assert schedule.date is not None
    assert wire(schedule.date) == "2026-11-01T00:00:00+00:00"
    assert [wire(t) for t in schedule.times] == ["2026-11-01T09:00:00+00:00"]


def test_times_without_a_day_are_still_checked_against_now() -> None:
    with pytest.raises(FieldError) as caught:
        build_schedule(None, [time(7, 0)], now=NOW)
    assert caught.value.field == "Times"


def test_no_day_and_no_times_means_as_soon_as_possible() -> None:
    assert build_schedule(None, [], now=NOW) == Schedule(date=None, times=[], notes=[])


def test_duplicates_are_dropped_and_times_sorted() -> None:
    schedule = build_schedule(
        WINTER_DAY,
        [time(14, 0), time(9, 30), time(14, 0), time(9, 30, 15), time(9, 30, 0, 5)],
        now=NOW,
    )
    assert [wire(t) for t in schedule.times] == [
        "2026-12-01T09:30:00+00:00",
        "2026-12-01T14:00:00+00:00",
    ]


def test_refuse_past_false_lets_past_days_and_times_through() -> None:
    schedule = build_schedule(
        date(2026, 10, 20), [time(7, 0), time(6, 0)], now=NOW, refuse_past=False
    )
    assert schedule.date is not None
    assert wire(schedule.date) == "2026-10-20T00:00:00+01:00"  # still summer time then
    assert [wire(t) for t in schedule.times] == [
        "2026-10-20T06:00:00+01:00",
        "2026-10-20T07:00:00+01:00",
    ]
    earlier_today = build_schedule(TODAY, [time(7, 0)], now=NOW, refuse_past=False)
    assert [wire(t) for t in earlier_today.times] == ["2026-11-01T07:00:00+00:00"]


def test_refuse_past_false_still_refuses_a_time_that_does_not_exist() -> None:
    with pytest.raises(FieldError) as caught:
        build_schedule(SPRING_FORWARD, [time(1, 30)], now=NOW, refuse_past=False)
    assert caught.value.field == "Times"


def test_today_is_the_london_day_not_the_utc_day() -> None:
    # 23:30 UTC on 15 June 2027 is already 00:30 on the 16th in London.
    late = datetime(2027, 6, 15, 23, 30, tzinfo=UTC)
    assert local_now(late).date() == date(2027, 6, 16)
    with pytest.raises(FieldError) as caught:
        build_schedule(date(2027, 6, 15), [], now=late)
    assert caught.value.field == "Date"
    schedule = build_schedule(None, [time(9, 0)], now=late)
    assert schedule.date is not None
    assert wire(schedule.date) == "2027-06-16T00:00:00+01:00"


def test_now_in_another_zone_is_converted() -> None:
    # 09:00 in New York (UTC-5) on 1 Nov 2026 is 14:00 in London.
    new_york_now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC) + timedelta(hours=5)
    with pytest.raises(FieldError):
        build_schedule(TODAY, [time(13, 59)], now=new_york_now)
    assert build_schedule(TODAY, [time(14, 1)], now=new_york_now).times


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        build_schedule(None, [], now=datetime(2026, 11, 1, 8, 0))


def test_formatters() -> None:
    assert fmt_date(date(2027, 3, 8)) == "08/03/2027"
    assert fmt_time(time(9, 5)) == "09:05"
    assert wire(datetime(2026, 12, 1, 9, 30, 15, 123, tzinfo=LONDON)) == (
        "2026-12-01T09:30:15+00:00"
    )


@given(
    day=st.dates(min_value=date(2026, 11, 2), max_value=date(2035, 12, 31)),
    moments=st.lists(st.times(), max_size=5),
)
@PROPERTY
def test_times_keep_their_wall_clock_and_own_offset(day: date, moments: list[time]) -> None:
    try:
        schedule = build_schedule(day, moments, now=NOW)
    except FieldError as exc:
        # Only a time the clocks skip can be refused on a future day.
        assert exc.field == "Times"
        assert "does not exist" in exc.message
        assert day.month == 3 and day.weekday() == 6
        return
    expected = sorted({m.replace(second=0, microsecond=0) for m in moments})
    assert [t.time() for t in schedule.times] == expected
    assert all(t.date() == day for t in schedule.times)
    assert all(t.utcoffset() in (timedelta(0), HOUR) for t in schedule.times)
    assert all(t.utcoffset() == (HOUR if t.dst() else timedelta(0)) for t in schedule.times)
    instants = [t.astimezone(UTC) for t in schedule.times]
    assert instants == sorted(instants)
    assert len(set(instants)) == len(instants)
    assert schedule.date is not None and schedule.date.time() == time(0, 0)
    for t, text in zip(schedule.times, [wire(t) for t in schedule.times], strict=True):
        assert datetime.fromisoformat(text) == t
