"""Humane hours on the command line (CONTRACT.md "Humane hours"): real subprocesses, real HTTP.

A time in quiet hours, a bank holiday or a closed day is refused with exit 2
naming the time or day and the reason, and nothing reaches the API, unless
``--outside-hours`` / ``--on-holiday`` say to book it anyway.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.days import closed_day, open_day
from tests.kit import call_list, run_cli, send_argv
from tests.reliability.helpers import message_problems
from voicecall_desktop.core.bank_holidays import holiday_name
from voicecall_desktop.core.schedule import fmt_date
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service

pytestmark = pytest.mark.slow

OPEN = open_day(2)


def next_bank_holiday() -> tuple[date, str]:
    day = date.today() + timedelta(days=2)
    while (name := holiday_name(day, "england-and-wales")) is None:
        day += timedelta(days=1)
    return day, name


def send(base_url: str, day: date, *extra: str) -> tuple[int, str]:
    result = run_cli(*send_argv(base_url, *extra, day=day, time=None))
    return result.returncode, result.stderr


def test_a_time_in_quiet_hours_is_refused_naming_it_and_the_nearest(
    sandbox: Sandbox, api_key: str
) -> None:
    code, err = send(sandbox.url, OPEN, "--time", "06:45", "--time", "10:00")
    assert code == 2, err
    assert "Times: 06:45" in err and "08:00" in err and "--outside-hours" in err
    assert message_problems(err) == []
    assert sandbox.received == []
    assert json.loads(run_cli("history", "--json").stdout) == []  # nothing recorded
    code, err = send(sandbox.url, OPEN, "--time", "06:45", "--outside-hours")
    assert code == 0, err
    assert len(sandbox.received) == 1


def test_a_closed_day_and_a_bank_holiday_need_on_holiday(sandbox: Sandbox, api_key: str) -> None:
    sunday = closed_day(2)
    code, err = send(sandbox.url, sunday, "--time", "10:00")
    assert code == 2, err
    assert f"Date: Sunday {fmt_date(sunday)}" in err and "closed on Sundays" in err
    assert "--on-holiday" in err and "--outside-hours" not in err
    holiday, name = next_bank_holiday()
    code, err = send(sandbox.url, holiday, "--time", "10:00", "--outside-hours")
    assert code == 2, err
    assert name in err and "bank holiday" in err
    assert sandbox.received == []
    code, err = send(sandbox.url, holiday, "--time", "10:00", "--on-holiday")
    assert code == 0, err
    assert len(sandbox.received) == 1


def test_the_practices_own_settings_are_used(home: Path, sandbox: Sandbox, api_key: str) -> None:
    assert run_cli("settings", "set", "open_weekdays", "mon-sun").returncode == 0
    assert run_cli("settings", "set", "quiet_hours_end", "06:30").returncode == 0
    code, err = send(sandbox.url, closed_day(2), "--time", "06:45")
    assert code == 0, err
    with Service(home) as service:
        closure = OPEN.isoformat() + " Staff training"
        settings = service.settings()
        settings.closures = closure  # type: ignore[assignment]  # typed text, parsed
        service.save_settings(settings)
    code, err = send(sandbox.url, OPEN, "--time", "10:00")
    assert code == 2 and "Staff training" in err, err


def test_batch_rows_outside_hours_or_on_closed_days_are_invalid(
    tmp_path: Path, sandbox: Sandbox, api_key: str
) -> None:
    sunday = closed_day(2)
    path = call_list(
        tmp_path, "hours_and_days.csv", open=OPEN.isoformat(), closed=sunday.isoformat()
    )
    result = run_cli("batch", str(path), "--base-url", sandbox.url, "--json")
    assert result.returncode == 2, result.stderr
    invalid = json.loads(result.stdout)["invalid"]
    assert [(p["row"], p["field"]) for p in invalid] == [(3, "times"), (4, "date")]
    assert "21:30" in invalid[0]["message"] and "Sunday" in invalid[1]["message"]
    assert sandbox.received == []
    result = run_cli("batch", str(path), "--base-url", sandbox.url, "--outside-hours")
    assert result.returncode == 2  # the Sunday still needs --on-holiday
    result = run_cli(
        "batch", str(path), "--base-url", sandbox.url, "--outside-hours", "--on-holiday"
    )
    assert result.returncode == 0, result.stderr
    assert len(sandbox.received) == 3
