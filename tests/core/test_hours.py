"""Quiet hours, closed days and the one check every way of booking uses.

Every test passes a fixed ``now``; none reads the real clock.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecall_desktop.core.bank_holidays import holiday_name
from voicecall_desktop.core.hours import (
    HoursProblem,
    QuietHours,
    check_call,
    day_info,
    day_problems,
    days_between,
    month_days,
    unconfirmed,
)
from voicecall_desktop.core.practice_days import WEEKDAYS
from voicecall_desktop.core.schedule import fmt_time, localise
from voicecall_desktop.core.settings import Settings

PROPERTY = settings(max_examples=300, deadline=None, database=None, derandomize=True)

DEFAULT = QuietHours(start=time(20, 0), end=time(8, 0))
ALL_MINUTES = [time(h, m) for h in range(24) for m in range(60)]

clock_times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
days = st.dates(date(2020, 1, 1), date(2035, 12, 31))
nations = st.sampled_from(["england-and-wales", "scotland", "northern-ireland"])


def minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def last_sunday(year: int, month: int) -> date:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - 6) % 7)


# -- quiet hours -----------------------------------------------------------


def test_the_default_quiet_hours_are_eight_in_the_evening_to_eight_in_the_morning() -> None:
    assert QuietHours.of(Settings()) == DEFAULT
    assert DEFAULT.calling_hours == "08:00–20:00"


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (time(0, 0), False),
        (time(7, 59), False),
        (time(8, 0), True),
        (time(12, 0), True),
        (time(20, 0), True),
        (time(20, 1), False),
        (time(23, 59), False),
    ],
)
def test_both_edges_of_the_calling_hours_are_allowed(moment: time, allowed: bool) -> None:
    assert DEFAULT.allows(moment) is allowed


def test_the_reason_names_the_time_and_the_nearest_allowed_one() -> None:
    assert DEFAULT.reason(time(7, 30)) == (
        "07:30 is before the practice's quiet hours end at 08:00; the nearest allowed time is 08:00"
    )
    assert DEFAULT.reason(time(21, 15)) == (
        "21:15 is after the practice's quiet hours start at 20:00; "
        "the nearest allowed time is 20:00"
    )
    assert DEFAULT.reason(time(9, 30)) is None


def test_the_same_start_and_end_means_no_quiet_hours() -> None:
    always = QuietHours(time(8, 0), time(8, 0))
    assert all(always.allows(t) for t in ALL_MINUTES)


def test_quiet_hours_inside_the_day_lunch_for_example() -> None:
    lunch = QuietHours(start=time(12, 0), end=time(14, 0))
    assert lunch.allows(time(11, 59)) and lunch.allows(time(12, 0))
    assert not lunch.allows(time(12, 1)) and not lunch.allows(time(13, 59))
    assert lunch.allows(time(14, 0)) and lunch.allows(time(23, 0)) and lunch.allows(time(0, 0))
    assert lunch.nearest_allowed(time(12, 30)) == time(12, 0)
    # Equally near both edges: the later, which can never be in the past.
    assert lunch.nearest_allowed(time(13, 0)) == time(14, 0)


@PROPERTY
@given(start=clock_times, end=clock_times, moment=clock_times)
def test_nearest_allowed_time_is_allowed_and_none_is_nearer(
    start: time, end: time, moment: time
) -> None:
    quiet = QuietHours(start, end)
    nearest = quiet.nearest_allowed(moment)
    assert quiet.allows(nearest)
    if quiet.allows(moment):
        assert nearest == moment
        assert quiet.reason(moment) is None
        return
    distance = abs(minutes(nearest) - minutes(moment))
    closest = min(abs(minutes(t) - minutes(moment)) for t in ALL_MINUTES if quiet.allows(t))
    assert distance == closest
    reason = quiet.reason(moment)
    assert reason is not None
    assert reason.startswith(f"{fmt_time(moment)} is ")
    assert reason.endswith(f"the nearest allowed time is {fmt_time(nearest)}")


@PROPERTY
@given(start=clock_times, end=clock_times, moment=clock_times)
def test_allowed_means_from_the_end_of_quiet_hours_to_their_start(
    start: time, end: time, moment: time
) -> None:
    quiet = QuietHours(start, end)
    if start == end:
        expected = True
    elif end < start:
        expected = end <= moment <= start
    else:  # quiet hours within the day, e.g. 12:00-14:00
        expected = moment <= start or moment >= end
    assert quiet.allows(moment) is expected


@PROPERTY
@given(day=days)
def test_the_nearest_allowed_time_exists_on_every_day_even_when_clocks_change(day: date) -> None:
    for asked in (time(6, 45), time(23, 30)):
        localise(day, DEFAULT.nearest_allowed(asked))  # raises for a skipped time


# -- days ------------------------------------------------------------------


def test_christmas_2027_is_a_holiday_and_a_saturday() -> None:
    problems = day_problems(date(2027, 12, 25), Settings())
    assert [(p.kind, p.field, p.flag) for p in problems] == [
        ("holiday", "Date", "--on-holiday"),
        ("closed", "Date", "--on-holiday"),
    ]
    assert problems[0].message == (
        "Saturday 25/12/2027 is Christmas Day, a bank holiday in England and Wales"
    )
    assert problems[1].message == "Saturday 25/12/2027: the practice is closed on Saturdays"
    assert [p.message for p in day_problems(date(2027, 12, 27), Settings())] == [
        "Monday 27/12/2027 is Christmas Day (observed), a bank holiday in England and Wales"
    ]


def test_a_closure_gives_its_reason_once_even_on_a_closed_weekday() -> None:
    practice = Settings(
        closures="2026-12-24 Staff training; 2026-12-05 Move to the new building",
        open_weekdays="mon-fri",
    )
    (training,) = day_problems(date(2026, 12, 24), practice)
    assert training.kind == "closed"
    assert training.message == "Thursday 24/12/2026: the practice is closed (Staff training)"
    (moving,) = day_problems(date(2026, 12, 5), practice)
    assert "Move to the new building" in moving.message
    assert day_info(date(2026, 12, 5), practice).tooltip == "Closed: Move to the new building"


def test_a_practice_open_on_saturdays_takes_saturday_calls() -> None:
    practice = Settings(open_weekdays="mon-sat")
    assert day_problems(date(2026, 12, 5), practice) == []
    assert [p.kind for p in day_problems(date(2026, 12, 6), practice)] == ["closed"]


def test_nations_differ_on_their_own_days() -> None:
    st_andrews = date(2026, 11, 30)
    assert day_problems(st_andrews, Settings(nation="england-and-wales")) == []
    (problem,) = day_problems(st_andrews, Settings(nation="scotland"))
    assert problem.message == (
        "Monday 30/11/2026 is Saint Andrew's Day, a bank holiday in Scotland"
    )
    assert day_problems(date(2027, 7, 12), Settings(nation="northern-ireland"))[0].kind == (
        "holiday"
    )


@PROPERTY
@given(
    year=st.integers(2020, 2035),
    month=st.integers(1, 12),
    nation=nations,
    open_days=st.sets(st.sampled_from(WEEKDAYS), min_size=1),
    closed=st.sets(st.integers(1, 28), max_size=3),
)
def test_the_month_for_the_calendar(
    year: int, month: int, nation: str, open_days: set[str], closed: set[int]
) -> None:
    closures = [{"date": date(year, month, d).isoformat(), "reason": f"R{d}"} for d in closed]
    practice = Settings(nation=nation, open_weekdays=sorted(open_days), closures=closures)
    shown = month_days(year, month, practice)
    assert [i.day for i in shown] == [
        date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)
    ]
    for info in shown:
        assert info == day_info(info.day, practice)
        assert info.holiday == holiday_name(info.day, practice.nation)
        assert info.closure == (f"R{info.day.day}" if info.day.day in closed else None)
        assert info.weekday_closed is (WEEKDAYS[info.day.weekday()] not in open_days)
        assert info.is_open is (info.tooltip == "")
        assert info.is_open is (day_problems(info.day, practice) == [])


# -- one check for every way of booking --------------------------------------


NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday, 09:00 GMT


def test_the_calendars_six_weeks_cross_into_the_months_either_side() -> None:
    shown = days_between(date(2027, 11, 29), date(2028, 1, 9), Settings(nation="scotland"))
    assert len(shown) == 42
    assert shown[0].holiday is None  # Scotland's St Andrew's Day 2027 falls on Tuesday the 30th
    assert shown[1].holiday == "Saint Andrew's Day"
    # 1 and 2 January 2028 are a weekend: both show, and so do Monday's and Tuesday's substitutes.
    assert [i.day.day for i in shown if i.holiday and i.day.year == 2028] == [1, 2, 3, 4]
    assert shown[2:33] == month_days(2027, 12, Settings(nation="scotland"))


def test_a_call_in_hours_on_an_open_day_has_no_problems() -> None:
    assert check_call(date(2026, 12, 1), [time(9, 30), time(14, 0)], Settings(), now=NOW) == []


def test_the_day_comes_first_then_each_time_once_in_order() -> None:
    problems = check_call(
        date(2027, 12, 27), [time(21, 0), time(7, 30), time(7, 30, 45), time(10)], Settings()
    )
    assert [(p.kind, p.at, p.nearest) for p in problems] == [
        ("holiday", None, None),
        ("outside-hours", time(7, 30), time(8, 0)),
        ("outside-hours", time(21, 0), time(20, 0)),
    ]
    assert problems[1].as_field_error().field == "Times"
    assert str(problems[1].as_field_error()) == (
        "Times: 07:30 is before the practice's quiet hours end at 08:00; "
        "the nearest allowed time is 08:00"
    )


def test_times_without_a_day_are_today() -> None:
    sunday_morning = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
    problems = check_call(None, [time(7, 0)], Settings(), now=sunday_morning)
    assert [(p.kind, p.day) for p in problems] == [
        ("closed", date(2026, 11, 1)),
        ("outside-hours", date(2026, 11, 1)),
    ]


def test_a_call_with_no_day_or_time_goes_now_and_now_is_checked() -> None:
    late = datetime(2026, 12, 1, 22, 5, 30, tzinfo=UTC)
    (problem,) = check_call(None, [], Settings(), now=late)
    assert problem.kind == "outside-hours"
    assert problem.at == time(22, 5)
    assert problem.message == (
        "A call with no date or time goes out now, 22:05, in the practice's quiet hours; "
        "calls may ring 08:00–20:00"
    )
    assert check_call(None, [], Settings(), now=NOW) == []


def _london_wall_clock(moment: datetime) -> datetime:
    """UK civil time worked out from the law, not from the zone database:
    BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
    Sunday of October."""
    year = moment.year
    begins = datetime.combine(last_sunday(year, 3), time(1, 0), tzinfo=UTC)
    ends = datetime.combine(last_sunday(year, 10), time(1, 0), tzinfo=UTC)
    offset = timedelta(hours=1) if begins <= moment < ends else timedelta(0)
    return (moment + offset).replace(tzinfo=None)


@PROPERTY
@given(
    year=st.integers(2020, 2035),
    month=st.sampled_from([3, 10]),
    shift=st.integers(-36 * 60, 36 * 60),
)
def test_quiet_hours_follow_london_clocks_across_the_clock_changes(
    year: int, month: int, shift: int
) -> None:
    change = datetime.combine(last_sunday(year, month), time(1, 0), tzinfo=UTC)
    now = change + timedelta(minutes=shift)
    wall = _london_wall_clock(now)
    outside = [p for p in check_call(None, [], Settings(), now=now) if p.kind == "outside-hours"]
    expected_refused = not time(8, 0) <= wall.time().replace(second=0) <= time(20, 0)
    assert bool(outside) is expected_refused
    if outside:
        assert outside[0].day == wall.date()
        assert f"now, {wall:%H:%M}," in outside[0].message


@PROPERTY
@given(year=st.integers(2020, 2035), month=st.sampled_from([3, 10]))
def test_on_the_clock_change_days_the_edges_are_wall_clock_times(year: int, month: int) -> None:
    day = last_sunday(year, month)
    asked = [time(7, 59), time(8, 0), time(20, 0), time(20, 1)]
    problems = check_call(day, asked, Settings(open_weekdays="mon-sun"))
    assert [p.at for p in problems if p.kind == "outside-hours"] == [time(7, 59), time(20, 1)]


@PROPERTY
@given(
    day=days,
    times=st.lists(clock_times, max_size=5),
    nation=nations,
    open_days=st.sets(st.sampled_from(WEEKDAYS), min_size=1),
)
def test_check_call_reports_exactly_the_rules_that_apply(
    day: date, times: list[time], nation: str, open_days: set[str]
) -> None:
    practice = Settings(nation=nation, open_weekdays=sorted(open_days))
    problems = check_call(day, times, practice)
    kinds = [p.kind for p in problems]
    assert ("holiday" in kinds) is (holiday_name(day, practice.nation) is not None)
    assert ("closed" in kinds) is (WEEKDAYS[day.weekday()] not in open_days)
    refused = sorted({t for t in times if not DEFAULT.allows(t)})
    assert [p.at for p in problems if p.kind == "outside-hours"] == refused
    assert all(p.day == day for p in problems)


def _problem(kind: str) -> HoursProblem:
    return HoursProblem(kind, date(2027, 12, 27), None, kind)  # type: ignore[arg-type]


@given(
    kinds=st.lists(st.sampled_from(["outside-hours", "holiday", "closed"])),
    outside_hours=st.booleans(),
    on_holiday=st.booleans(),
)
def test_each_flag_covers_its_own_problems_only(
    kinds: list[str], outside_hours: bool, on_holiday: bool
) -> None:
    problems = [_problem(k) for k in kinds]
    left = unconfirmed(problems, outside_hours=outside_hours, on_holiday=on_holiday)
    expected = [
        p
        for p in problems
        if (p.kind == "outside-hours" and not outside_hours)
        or (p.kind != "outside-hours" and not on_holiday)
    ]
    assert left == expected
