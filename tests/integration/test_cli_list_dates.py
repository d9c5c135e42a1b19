"""``voicecall do-not-call list`` shows dates as the window does: dd/mm/yyyy, London time."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.kit import run_cli
from voicecall_desktop.core.schedule import LONDON


def london_today() -> str:
    return datetime.now(UTC).astimezone(LONDON).strftime("%d/%m/%Y")


def test_the_do_not_call_list_dates_read_dd_mm_yyyy() -> None:
    before = london_today()
    assert run_cli("do-not-call", "add", "07700 900123", "--note", "moved away").returncode == 0
    listed = run_cli("do-not-call", "list")
    after = london_today()
    assert listed.returncode == 0, listed.stderr
    number, added, note = listed.stdout.splitlines()[0].split("\t")
    assert number == "07700 900123" and note == "moved away"
    assert added in (before, after)
