"""UK bank holidays by nation, 2020-2035, checked against rules worked out here.

Easter comes from the Gregorian computus below and the fixed days from the
bank-holiday rules (a holiday on a weekend moves to the next weekday that is
not already one), not from the package under test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from holidays.countries.united_kingdom import UnitedKingdom
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecall_desktop.core.bank_holidays import bank_holidays, holiday_name
from voicecall_desktop.core.practice_days import Nation

PROPERTY = settings(max_examples=200, deadline=None, database=None, derandomize=True)

years = st.integers(2020, 2035)
nations = st.sampled_from(["england-and-wales", "scotland", "northern-ireland"])


def easter_sunday(year: int) -> date:
    """The anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def on_or_after_weekend(day: date) -> date:
    """The day itself on a weekday, else the Monday after."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def substituted(holidays: list[date]) -> list[date]:
    """The weekdays off for these holidays: one on a weekend, or on a day already
    off, moves to the next weekday that is not."""
    off: list[date] = []
    for day in holidays:
        while day.weekday() >= 5 or day in off:
            day += timedelta(days=1)
        off.append(day)
    return sorted(off)


def weekday_holidays(nation: Nation, first: date, last: date) -> list[date]:
    days = bank_holidays(nation, first.year)
    return [d for d in sorted(days) if first <= d <= last and d.weekday() < 5]


def test_christmas_2027_on_a_saturday_moves_to_monday_and_tuesday() -> None:
    for nation in ("england-and-wales", "scotland", "northern-ireland"):
        assert date(2027, 12, 25).weekday() == 5
        assert holiday_name(date(2027, 12, 27), nation) == "Christmas Day (observed)"
        assert holiday_name(date(2027, 12, 28), nation) == "Boxing Day (observed)"
        assert holiday_name(date(2027, 12, 29), nation) is None


def test_christmas_2022_on_a_sunday_moves_to_tuesday_after_boxing_day() -> None:
    assert holiday_name(date(2022, 12, 26), "england-and-wales") == "Boxing Day"
    assert holiday_name(date(2022, 12, 27), "england-and-wales") == "Christmas Day (observed)"


def test_two_holidays_on_one_day_read_as_one_name() -> None:
    assert holiday_name(date(2023, 1, 2), "scotland") == (
        "New Year Holiday and New Year's Day (observed)"
    )


def test_one_off_days_come_from_the_package() -> None:
    assert "Coronation" in (holiday_name(date(2023, 5, 8), "scotland") or "")
    assert holiday_name(date(2022, 9, 19), "northern-ireland") is not None


def test_a_named_day_in_the_middle_of_the_week_is_ordinary() -> None:
    assert holiday_name(date(2026, 12, 2), "england-and-wales") is None


@PROPERTY
@given(year=years, nation=nations)
def test_christmas_and_boxing_day_give_two_weekdays_off(year: int, nation: Nation) -> None:
    expected = substituted([date(year, 12, 25), date(year, 12, 26)])
    assert weekday_holidays(nation, date(year, 12, 25), date(year, 12, 31)) == expected


@PROPERTY
@given(year=years, nation=nations)
def test_new_year(year: int, nation: Nation) -> None:
    # Scotland also has 2 January.
    new_year = [date(year, 1, 1)] + ([date(year, 1, 2)] if nation == "scotland" else [])
    assert weekday_holidays(nation, date(year, 1, 1), date(year, 1, 7)) == substituted(new_year)


@PROPERTY
@given(year=years, nation=nations)
def test_easter(year: int, nation: Nation) -> None:
    easter = easter_sunday(year)
    assert holiday_name(easter - timedelta(days=2), nation) == "Good Friday"
    monday = holiday_name(easter + timedelta(days=1), nation)
    if nation == "scotland":
        assert monday is None
    else:
        assert monday == "Easter Monday"


@PROPERTY
@given(year=years, nation=nations)
def test_saint_andrews_day_is_scotlands_alone(year: int, nation: Nation) -> None:
    st_andrew = on_or_after_weekend(date(year, 11, 30))
    name = holiday_name(st_andrew, nation)
    if nation == "scotland":
        assert name is not None and "Andrew" in name
    else:
        assert name is None


@PROPERTY
@given(year=years, nation=nations)
def test_saint_patricks_day_and_the_twelfth_are_northern_irelands(
    year: int, nation: Nation
) -> None:
    patrick = holiday_name(on_or_after_weekend(date(year, 3, 17)), nation)
    boyne = holiday_name(on_or_after_weekend(date(year, 7, 12)), nation)
    if nation == "northern-ireland":
        assert patrick is not None and "Patrick" in patrick
        assert boyne is not None and "Boyne" in boyne
    else:
        assert patrick is None
        assert boyne is None


@PROPERTY
@given(year=years, nation=nations)
def test_august_bank_holiday(year: int, nation: Nation) -> None:
    august = weekday_holidays(nation, date(year, 8, 1), date(year, 8, 31))
    assert len(august) == 1
    (day,) = august
    assert day.weekday() == 0
    # Scotland's is the first Monday of August; elsewhere the last.
    assert day.day <= 7 if nation == "scotland" else day.day > 24


@PROPERTY
@given(year=years, nation=nations)
def test_substitute_days_are_weekdays_named_after_their_holiday(year: int, nation: Nation) -> None:
    days = bank_holidays(nation, year)
    # Two holidays on one day come as one name joined by " and " (Scotland, 2 January 2023).
    names = {part for name in days.values() for part in name.split(" and ")}
    for day, name in days.items():
        for part in name.split(" and "):
            if part.endswith(" (observed)"):
                assert day.weekday() < 5
                assert part.removesuffix(" (observed)") in names


@PROPERTY
@given(year=years)
def test_wales_keeps_englands_bank_holidays(year: int) -> None:
    wales = UnitedKingdom(subdiv="WLS", years=year, language="en_GB")
    assert dict(bank_holidays("england-and-wales", year)) == {
        day: name.replace("; ", " and ") for day, name in wales.items()
    }


def test_the_calendar_is_read_only() -> None:
    days = bank_holidays("england-and-wales", 2026)
    with pytest.raises(TypeError):
        days[date(2026, 12, 2)] = "Made up"  # type: ignore[index]


def test_the_package_is_loaded_on_first_use_not_at_start_up() -> None:
    # ~0.2 s of imports the window and the CLI should not pay before they need it.
    code = (
        "import sys\n"
        "import voicecall_desktop.core.hours, voicecall_desktop.core.settings\n"
        "assert 'holidays' not in sys.modules, 'holidays imported at start-up'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_names_are_british_english_whatever_the_desks_language() -> None:
    code = (
        "from datetime import date\n"
        "from voicecall_desktop.core.bank_holidays import holiday_name\n"
        "print(holiday_name(date(2027, 12, 27), 'northern-ireland'))\n"
    )
    env = {**os.environ, "LANGUAGE": "th", "LANG": "th_TH.UTF-8", "LC_ALL": ""}
    shown = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert shown.stdout.strip() == "Christmas Day (observed)", shown.stderr
