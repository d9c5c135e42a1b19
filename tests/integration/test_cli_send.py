"""``voicecall send`` and ``outbox`` in real subprocesses against the sandbox over loopback.

Every exit code comes from a real fault: a closed port, a slow server, a
dropped connection, a server error page; nothing mocks the classifier.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_KEY
from tests.days import open_day
from tests.kit import run_cli, send_argv
from voicecall_desktop.sandbox import Sandbox

pytestmark = pytest.mark.slow

TOMORROW = open_day(2).isoformat()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def send(base_url: str, *extra: str) -> tuple[int, dict[str, Any] | None, str]:
    result = run_cli(*send_argv(base_url, *extra, day=TOMORROW, as_json=True))
    data = json.loads(result.stdout) if result.stdout.strip() else None
    return result.returncode, data, result.stderr


def test_accepted_json(sandbox: Sandbox, api_key: str) -> None:
    code, data, err = send(sandbox.url)
    assert code == 0, err
    assert data is not None and data["state"] == "sent" and data["success"] is True
    assert data["destination"] == 447700900123
    assert data["message_id"] is not None and data["credits"] == sandbox.credits
    [received] = sandbox.received
    assert received["format"] == "json"
    assert received["body"]["Destination"] == 447700900123
    assert received["body"]["Times"] == [f"{TOMORROW}T09:30:00+00:00"]


def test_accepted_xml(sandbox: Sandbox, api_key: str) -> None:
    code, data, err = send(sandbox.url, "--format", "xml")
    assert code == 0, err
    assert data is not None and data["state"] == "sent"
    assert sandbox.received[0]["format"] == "xml"


def test_rejected_exit_1(sandbox: Sandbox, api_key: str) -> None:
    sandbox.set_mode("reject")
    code, data, err = send(sandbox.url)
    assert code == 1
    assert data is not None and data["state"] == "rejected" and data["success"] is False
    assert data["errors"] == {"Destination": "Number is barred"}
    assert "Number is barred" in err


def test_http_401_is_rejected(sandbox: Sandbox, api_key: str) -> None:
    sandbox.set_mode("status", status=401)
    code, data, err = send(sandbox.url)
    assert code == 1 and data is not None and data["state"] == "rejected"
    assert "API key" in err


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--destination", "12345"], "Destination"),
        (["--destination", "not a number"], "Destination"),
        (["--source", "ab"], "Source"),
        (["--source", "fifteen chars!!"], "Source"),
        (["--username", " "], "Username"),
        (["--site", "x" * 101], "CustomerSiteId"),
        (["--date", "2020-01-01"], "Date"),
        (["--date", "31/02/2027"], "Date"),
        (["--time", "25:61"], "Times"),
        (["--base-url", "http://example.com/"], "base URL"),
    ],
)
def test_bad_input_exit_2_names_field_and_sends_nothing(
    sandbox: Sandbox, api_key: str, args: list[str], field: str
) -> None:
    base = {
        "--destination": "07700 900123",
        "--source": "Surgery",
        "--username": "reception",
        "--date": TOMORROW,
        "--time": "09:30",
        "--base-url": sandbox.url,
    }
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = [item for pair in base.items() for item in pair]
    result = run_cli("send", *argv)
    assert result.returncode == 2, result.stderr
    assert field in result.stderr
    assert "Traceback" not in result.stderr
    assert sandbox.received == []
    history = json.loads(run_cli("history", "--json").stdout)
    assert history == []


def test_missing_key_exit_2(sandbox: Sandbox) -> None:
    code, _data, err = send(sandbox.url)
    assert code == 2
    assert "APIKey" in err
    assert sandbox.received == []


def test_not_delivered_exit_3_then_sent_exactly_once(api_key: str) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    code, data, err = send(url)
    assert code == 3, err
    assert data is not None and data["state"] == "queued"
    outbox = json.loads(run_cli("outbox", "--json").stdout)
    assert [c["id"] for c in outbox] == [data["id"]]
    # Still down: flushing keeps it queued.
    assert run_cli("outbox", "--flush", "--base-url", url).returncode == 3

    with Sandbox(port=port) as server:
        flushed = run_cli("outbox", "--flush", "--base-url", url, "--json")
        assert flushed.returncode == 0, flushed.stderr
        assert [c["state"] for c in json.loads(flushed.stdout)] == ["sent"]
        again = run_cli("outbox", "--flush", "--base-url", url, "--json")
        assert again.returncode == 0
        assert json.loads(again.stdout) == []
        assert len(server.received) == 1
    history = json.loads(run_cli("history", "--json").stdout)
    assert [c["state"] for c in history] == ["sent"]


@pytest.mark.parametrize("mode", ["slow", "drop", "html500", "empty", "truncated"])
def test_outcome_unknown_exit_4_never_resent(sandbox: Sandbox, api_key: str, mode: str) -> None:
    assert run_cli("settings", "set", "read_timeout", "0.5").returncode == 0
    sandbox.set_mode(mode, delay=2.0 if mode == "slow" else 0.0, times=1)
    code, data, err = send(sandbox.url)
    assert code == 4, err
    assert data is not None and data["state"] == "unknown"
    assert "may have been booked" in err
    flushed = run_cli("outbox", "--flush", "--base-url", sandbox.url, "--json")
    assert flushed.returncode == 0 and json.loads(flushed.stdout) == []
    assert len(sandbox.received) == 1


def test_rate_limited_goes_back_to_queue(sandbox: Sandbox, api_key: str) -> None:
    sandbox.set_mode("status", status=429, times=1)
    code, data, _err = send(sandbox.url)
    assert code == 3
    assert data is not None and data["state"] == "queued"
    flushed = run_cli("outbox", "--flush", "--base-url", sandbox.url, "--json")
    assert flushed.returncode == 0
    assert [c["state"] for c in json.loads(flushed.stdout)] == ["sent"]
    # Two requests arrived; the API turned the first away without booking it.
    assert [r["outcome"] for r in sandbox.received] == ["status", "ok"]


def test_key_never_written_under_home(sandbox: Sandbox, api_key: str, home: Path) -> None:
    send(sandbox.url)
    send(sandbox.url, "--format", "xml")
    sandbox.set_mode("reject", times=1)
    send(sandbox.url)
    send("http://127.0.0.1:9/")
    run_cli("history", "--json")
    files = [p for p in home.rglob("*") if p.is_file()]
    # On the shared store (tests/pg runs this module there too) the desk keeps no file.
    assert os.environ.get("VOICECALL_DATABASE_URL") or any(p.suffix == ".sqlite3" for p in files)
    needles = [TEST_KEY.encode(), TEST_KEY.replace("-", "").encode(), TEST_KEY.upper().encode()]
    for path in files:
        content = path.read_bytes()
        for needle in needles:
            assert needle not in content, f"API key found in {path}"


def test_key_commands(cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    assert "No API key" in cli("key", "status").stderr
    bad = cli("key", "set", stdin="not-a-key\n")
    assert bad.returncode == 2 and "APIKey" in bad.stderr and "not-a-key" not in bad.stderr
    good = cli("key", "set", stdin=TEST_KEY + "\n")
    assert good.returncode == 0 and TEST_KEY not in good.stdout + good.stderr
    status = cli("key", "status", "--json")
    assert json.loads(status.stdout)["stored"] is True
    assert TEST_KEY not in status.stdout
    assert cli("key", "clear").returncode == 0
    assert json.loads(cli("key", "status", "--json").stdout)["stored"] is False
