"""Service.booked_counts: the calendar's calls per day, from the desk's own store."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

from tests.days import open_day
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.service import Service


def booked(service: Service, number: str, day: date) -> int:
    form = CallForm(
        destination=number, username="reception", source="Surgery", day=day, times=(time(10),)
    )
    return service.submit(form).record.id


def test_counts_live_calls_per_day_and_nothing_else(tmp_path: Path) -> None:
    day = open_day(3)
    later = day + timedelta(days=7)
    with Service(tmp_path / "desk", base_url="http://127.0.0.1:9/", daily_backup=False) as service:
        booked(service, "07700 900123", day)
        booked(service, "07700 900124", day)
        taken_back = booked(service, "07700 900125", day)
        booked(service, "07700 900126", later)
        service.to_draft(taken_back)  # a draft does not ring
        service.save_draft(CallForm(destination="07700 900127", day=day))

        assert service.booked_counts(day, later) == {day: 2, later: 1}
        assert service.booked_counts(day + timedelta(days=1), later - timedelta(days=1)) == {}
