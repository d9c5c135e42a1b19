"""Call lists from CSV, the do-not-call list and retention, through ``voicecall``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.days import open_day
from tests.kit import call_list, cli_argv, run_cli, send_argv, serving_child
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service
from voicecall_desktop.store import SqliteStore

pytestmark = pytest.mark.slow

DAY = open_day(3)
ISO, UK = DAY.isoformat(), DAY.strftime("%d/%m/%Y")


def write(tmp_path: Path, text: str, *, bom: bool = False, encoding: str = "utf-8") -> str:
    path = tmp_path / "list.csv"
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return str(path)


def batch(*args: str) -> tuple[int, dict[str, Any], str]:
    result = run_cli("batch", *args, "--json")
    return result.returncode, json.loads(result.stdout), result.stderr


def test_excel_flavoured_file_is_booked_and_sent(
    tmp_path: Path, sandbox: Sandbox, api_key: str
) -> None:
    path = write(
        tmp_path,
        "Destination;Date;Times;Source;Username;Site;Restrict_Sends\r\n"
        f"7700900101;{UK};09:30;Surgery;reception;;yes\r\n"
        f'07700 900102;{ISO};"09:30;14:00";Surgery;reception;Main;0\r\n',
        bom=True,
    )
    code, summary, err = batch(path, "--base-url", sandbox.url)
    assert code == 0, err
    assert summary == {"rows": 2, "valid": 2, "invalid": [], "queued": 2}
    bodies = [r["body"] for r in sandbox.received]
    assert [b["Destination"] for b in bodies] == [447700900101, 447700900102]
    assert bodies[0]["RestrictSends"] is True and len(bodies[1]["Times"]) == 2
    history = json.loads(run_cli("history", "--json").stdout)
    assert sorted(c["state"] for c in history) == ["sent", "sent"]


def test_invalid_rows_queue_nothing(tmp_path: Path, sandbox: Sandbox, api_key: str) -> None:
    assert run_cli("do-not-call", "add", "07700 900109").returncode == 0
    # Row 3 repeats row 2's number and date, row 4 is on the do-not-call list; then a date,
    # a time and a source that do not parse.
    path = str(call_list(tmp_path, "invalid_rows.csv", iso=ISO))
    code, summary, err = batch(path, "--base-url", sandbox.url)
    assert code == 2
    assert summary["rows"] == 6 and summary["valid"] == 1 and summary["queued"] == 0
    problems = {(p["row"], p["field"]) for p in summary["invalid"]}
    assert problems == {
        (3, "destination"),
        (4, "destination"),
        (5, "date"),
        (6, "times"),
        (7, "source"),
    }
    assert "do-not-call" in err and "repeats row 2" in err
    assert sandbox.received == []
    assert json.loads(run_cli("history", "--json").stdout) == []

    code, summary, _ = batch(path, "--base-url", sandbox.url, "--skip-invalid")
    assert code == 0 and summary["queued"] == 1
    assert [r["body"]["Destination"] for r in sandbox.received] == [447700900101]


def test_dry_run_only_validates(tmp_path: Path, sandbox: Sandbox, api_key: str) -> None:
    path = write(tmp_path, f"destination,date,source,username\n07700 900101,{ISO},Surgery,u\n")
    code, summary, _ = batch(path, "--dry-run", "--base-url", sandbox.url)
    assert code == 0 and summary == {"rows": 1, "valid": 1, "invalid": [], "queued": 0}
    assert sandbox.received == [] and json.loads(run_cli("history", "--json").stdout) == []


def test_missing_destination_column_and_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "number,date\n07700 900101,2030-01-01\n")
    code, summary, _err = batch(path)
    assert code == 2 and summary["invalid"][0]["field"] == "destination"
    missing = run_cli("batch", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_windows_1252_file(tmp_path: Path, sandbox: Sandbox, api_key: str) -> None:
    path = write(
        tmp_path,
        f"destination;date;source;username\n07700 900101;{UK};Surgery;Zoë\n",
        encoding="cp1252",
    )
    code, _summary, err = batch(path, "--base-url", sandbox.url)
    assert code == 0, err
    assert sandbox.received[0]["body"]["Username"] == "Zoë"


def test_do_not_call_refuses_send(sandbox: Sandbox, api_key: str) -> None:
    assert run_cli("do-not-call", "add", "+44 7700 900123").returncode == 0
    listed = json.loads(run_cli("do-not-call", "list", "--json").stdout)
    assert [e["destination"] for e in listed] == [447700900123]
    refused = run_cli(*send_argv(sandbox.url, username="u", day=None, time=None))
    assert refused.returncode == 2
    assert "Destination" in refused.stderr and "do-not-call" in refused.stderr
    assert sandbox.received == []
    assert run_cli("do-not-call", "remove", "07700900123").returncode == 0
    assert json.loads(run_cli("do-not-call", "list", "--json").stdout) == []
    bad = run_cli("do-not-call", "add", "123")
    assert bad.returncode == 2 and "Destination" in bad.stderr


def test_purge_removes_exactly_what_is_due(home: Path) -> None:
    store = SqliteStore(home)  # handed to the service; the test ages rows and moves calls
    service = Service(home, store=store)
    form = CallForm(destination="07700 900123", username="u", source="Surgery")
    spec, _ = service.validate(form)
    states = [CallState.SENT, CallState.REJECTED, CallState.UNKNOWN, CallState.QUEUED]
    ids = {}
    for state in states:
        record = store.calls.create(form, spec, CallState.QUEUED, actor="a", machine="m")
        if state is not CallState.QUEUED:
            store.calls.claim("x", call_id=record.id)
            store.calls.move(record.id, [CallState.SENDING], state, actor="a")
        ids[state] = record.id
    draft = service.save_draft(CallForm(destination="0770"))
    reviewed = store.calls.create(form, spec, CallState.QUEUED, actor="a", machine="m")
    store.calls.claim("x", call_id=reviewed.id)
    store.calls.move(reviewed.id, [CallState.SENDING], CallState.UNKNOWN, actor="a")
    service.mark_reviewed(reviewed.id)
    old = (datetime.now(UTC) - timedelta(days=100)).isoformat()
    with store.db.transaction() as tx:
        tx.execute("UPDATE calls SET created_at = ?", (old,))
    recent = store.calls.create(form, spec, CallState.QUEUED, actor="a", machine="m")
    service.close()

    result = run_cli("purge", "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == {"purged": 3}
    assert "Purged 3" in result.stderr
    service = Service(home)
    left = {r.id for r in service.page(limit=100).rows}
    assert left == {ids[CallState.UNKNOWN], ids[CallState.QUEUED], draft.id, recent.id}
    log_text = (home / "logs" / "voicecall.log").read_text()
    assert "purged 3 call(s)" in log_text
    service.close()


def test_audit_fields_recorded(sandbox: Sandbox, api_key: str) -> None:
    sent = run_cli(*send_argv(sandbox.url, username="u", day=None, time=None, as_json=True))
    record = json.loads(sent.stdout)
    assert record["booked_by"] and record["booked_on"]


def test_sandbox_command_serves_until_interrupted() -> None:
    import urllib.request

    with serving_child(cli_argv("sandbox", "--port", "0")) as child:
        url = child.first_line.strip()
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "_sandbox/state", timeout=5) as answer:
            assert json.loads(answer.read())["mode"] == "ok"
        code, _out, _err = child.interrupt(timeout=10)
    assert code == 0


def test_self_test_passes() -> None:
    result = run_cli("self-test")
    assert result.returncode == 0, result.stderr
    assert "Self-test passed" in result.stderr
