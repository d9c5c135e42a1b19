"""The repeat rule (CONTRACT.md "Batch files"): running a list twice never calls anyone twice.

Real subprocesses against the sandbox over loopback; the first run meets a
closed port (the API down), exactly as a receptionist's PC would.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.days import open_day
from tests.kit import run_cli, send_argv
from tests.reliability.helpers import free_port, message_problems
from tests.store_access import open_desk
from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.schedule import LONDON
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service
from voicecall_desktop.store import RepeatedCall, SqliteStore

pytestmark = pytest.mark.slow

DAY = open_day(2)
ISO = DAY.isoformat()
NUMBERS = ("07700 900301", "07700 900302", "07700 900303")


def write_list(tmp_path: Path, *, dated: bool = True) -> str:
    path = tmp_path / "calls.csv"
    lines = ["destination,date,times,source,username"]
    for number in NUMBERS:
        lines.append(f"{number},{ISO if dated else ''},{'10:00' if dated else ''},Surgery,rec")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def batch(*args: str) -> tuple[int, dict[str, Any], str]:
    result = run_cli("batch", *args, "--json")
    return result.returncode, json.loads(result.stdout or "null"), result.stderr


def rung(sandbox: Sandbox) -> list[int]:
    return sorted(r["body"]["Destination"] for r in sandbox.received)


def test_a_list_run_while_the_api_is_down_and_again_once_it_is_up_calls_everyone_once(
    tmp_path: Path, sandbox: Sandbox, api_key: str
) -> None:
    path = write_list(tmp_path)
    down = f"http://127.0.0.1:{free_port()}/"
    code, summary, err = batch(path, "--base-url", down)
    assert code == 3, err
    assert summary["queued"] == 3

    # The receptionist thinks nothing happened and runs it again once the API is back.
    code, summary, err = batch(path, "--base-url", sandbox.url)
    assert code == 2, err
    assert sandbox.received == [], "a patient was called while already queued"
    assert summary["queued"] == 0
    assert [p["field"] for p in summary["invalid"]] == ["destination"] * 3
    for problem, number in zip(summary["invalid"], NUMBERS, strict=True):
        assert number in problem["message"] and "already has call #" in problem["message"]
        assert "outbox --flush" in problem["message"]  # says where the first calls are
    assert "--allow-repeat" in err and message_problems(err) == []

    # The queued calls go out once; a third run still books nobody again.
    assert run_cli("outbox", "--flush", "--base-url", sandbox.url).returncode == 0
    code, summary, err = batch(path, "--base-url", sandbox.url)
    assert code == 2, err
    assert rung(sandbox) == [447700900301, 447700900302, 447700900303]
    assert "(sent)" in summary["invalid"][0]["message"]


def test_allow_repeat_books_them_anyway(tmp_path: Path, sandbox: Sandbox, api_key: str) -> None:
    path = write_list(tmp_path)
    assert batch(path, "--base-url", sandbox.url)[0] == 0
    code, summary, err = batch(path, "--base-url", sandbox.url, "--allow-repeat")
    assert code == 0, err
    assert summary["queued"] == 3 and len(sandbox.received) == 6


def test_a_call_booked_elsewhere_makes_the_row_a_repeat(
    home: Path, tmp_path: Path, sandbox: Sandbox, api_key: str
) -> None:
    """Booked by the window (or another desk: the same store) before the list is run."""
    with Service(home) as window:
        earlier = window.submit(
            CallForm(destination=NUMBERS[1], username="desk2", source="Surgery", day=DAY)
        ).record
    code, summary, err = batch(write_list(tmp_path), "--base-url", sandbox.url)
    assert code == 2, err
    [problem] = summary["invalid"]
    assert problem["row"] == 3 and problem["field"] == "destination"
    assert (
        f"call #{earlier.id} (queued)" in problem["message"] and "booked by" in problem["message"]
    )
    assert sandbox.received == []
    # --skip-invalid books the others, never the repeat.
    code, summary, err = batch(write_list(tmp_path), "--base-url", sandbox.url, "--skip-invalid")
    assert code == 0, err  # the earlier call was still queued: it goes out with the flush
    assert rung(sandbox).count(447700900302) == 1


def test_rows_without_a_date_repeat_todays_undated_calls(
    tmp_path: Path, sandbox: Sandbox, api_key: str
) -> None:
    path = write_list(tmp_path, dated=False)
    first = batch(path, "--base-url", sandbox.url, "--outside-hours", "--on-holiday")
    assert first[0] == 0, first[2]
    code, summary, err = batch(path, "--base-url", sandbox.url, "--outside-hours", "--on-holiday")
    assert code == 2, err
    assert len(summary["invalid"]) == 3 and len(sandbox.received) == 3


def test_send_still_only_warns(sandbox: Sandbox, api_key: str) -> None:
    argv = send_argv(sandbox.url, destination=NUMBERS[0], username="r", day=ISO, time="10:00")
    assert run_cli(*argv).returncode == 0
    second = run_cli(*argv)
    assert second.returncode == 0, second.stderr
    assert "Warning:" in second.stderr and "already has call #1" in second.stderr
    assert len(sandbox.received) == 2


def test_the_store_refuses_a_repeat_inside_its_transaction(home: Path) -> None:
    """Two desks checking at once: the second insert finds the first and writes nothing."""
    spec, _ = CallSpec.from_input(destination=NUMBERS[0], username="r", source="Surgery", day=DAY)
    with open_desk(home) as one, open_desk(home) as two:
        results: list[object] = []

        def book(store: SqliteStore) -> None:
            try:
                results.append(
                    store.calls.create_many(
                        [(spec.to_form(), spec)],
                        CallState.QUEUED,
                        actor="t",
                        machine="t",
                        refuse_repeats=True,
                    )
                )
            except RepeatedCall as exc:
                results.append(exc)

        threads = [threading.Thread(target=book, args=(s,)) for s in (one, two)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert one.calls.count() == 1
    assert sum(isinstance(r, RepeatedCall) for r in results) == 1


def test_the_services_check_is_there_for_the_windows_import(home: Path) -> None:
    spec, _ = CallSpec.from_input(destination=NUMBERS[2], username="r", source="Surgery", day=DAY)
    with Service(home) as service:
        assert service.repeat_problem(spec) is None
        draft = service.save_draft(spec.to_form())
        assert service.repeat_problem(spec) is None  # a draft does not ring
        booked = service.queue_draft(draft.id).record
        problem = service.repeat_problem(spec)
        assert problem is not None and f"call #{booked.id}" in problem
        assert service.repeat_problem(spec, exclude_id=booked.id) is None
        # An undated call booked today is a repeat of today's calls.
        now = datetime.now(LONDON).replace(hour=10, minute=0)
        undated, _ = CallSpec.from_input(destination=NUMBERS[2], username="r", source="Surgery")
        service.submit(undated.to_form(), now=now)
        today, _ = CallSpec.from_input(
            destination=NUMBERS[2],
            username="r",
            source="Surgery",
            day=now.date(),
            times=[(now + timedelta(hours=1)).time()],
            now=now,
        )
        assert service.repeat_problem(today, now=now) is not None
