"""A day more than a year ahead needs a deliberate yes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.horizon import check_not_far_ahead, is_far_ahead, one_year_after

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "far"),
    [
        (date(2026, 12, 1), False),
        (date(2027, 11, 30), False),  # exactly a year: still fine
        (date(2027, 12, 1), True),
        (date(9999, 12, 31), True),
        (date(2062, 11, 30), True),
    ],
)
def test_more_than_a_year_ahead(day: date, far: bool) -> None:
    assert is_far_ahead(day, now=NOW) is far


def test_leap_day_next_year_is_the_28th() -> None:
    assert one_year_after(date(2028, 2, 29)) == date(2029, 2, 28)


def test_today_is_london_today() -> None:
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # already 1 July in London (BST)
    assert not is_far_ahead(date(2027, 7, 1), now=late)
    assert is_far_ahead(date(2027, 7, 2), now=late)


def test_refused_naming_the_field_and_the_last_day_unless_allowed() -> None:
    with pytest.raises(FieldError) as caught:
        check_not_far_ahead(date(9999, 12, 31), now=NOW)
    assert caught.value.field == "Date"
    assert "31/12/9999" in caught.value.message or "9999" in caught.value.message
    assert "--far-ahead" in caught.value.message
    check_not_far_ahead(date(9999, 12, 31), allowed=True, now=NOW)
    check_not_far_ahead(None, now=NOW)
    check_not_far_ahead(date(2027, 1, 1), now=NOW)
