"""A process killed mid-send leaves its call ``unknown``: not lost, not re-sent.

A second process starting while the first is still sending must not mark the
live attempt stale.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.days import open_day
from tests.kit import run_cli, send_argv, start_cli
from voicecall_desktop.sandbox import Sandbox

pytestmark = pytest.mark.slow

DAY = open_day(2).isoformat()


def start_send(url: str) -> subprocess.Popen[str]:
    return start_cli(*send_argv(url, day=DAY, time="10:00", as_json=True))


def wait_for(predicate: Callable[[], object], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def states(home: Path) -> list[str]:
    with sqlite3.connect(home / "voicecall.sqlite3") as conn:
        return [row[0] for row in conn.execute("SELECT state FROM calls ORDER BY id")]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_while_sending_leaves_unknown(sandbox: Sandbox, api_key: str, home: Path) -> None:
    sandbox.set_mode("slow", delay=30)
    proc = start_send(sandbox.url)
    try:
        wait_for(lambda: len(sandbox.received) == 1)
        assert states(home) == ["sending"]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    sandbox.set_mode("ok")
    history = json.loads(run_cli("history", "--json").stdout)
    assert [c["state"] for c in history] == ["unknown"]
    assert "stopped while" in history[0]["last_error"]
    flushed = run_cli("outbox", "--flush", "--base-url", sandbox.url, "--json")
    assert flushed.returncode == 0 and json.loads(flushed.stdout) == []
    assert len(sandbox.received) == 1
    integrity = sqlite3.connect(home / "voicecall.sqlite3")
    assert integrity.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    integrity.close()


def test_second_process_leaves_a_live_attempt_alone(
    sandbox: Sandbox, api_key: str, home: Path
) -> None:
    sandbox.set_mode("slow", delay=2.0, times=1)
    proc = start_send(sandbox.url)
    try:
        wait_for(lambda: len(sandbox.received) == 1)
        history = json.loads(run_cli("history", "--json").stdout)
        assert [c["state"] for c in history] == ["sending"]
        flushed = run_cli("outbox", "--flush", "--base-url", sandbox.url, "--json")
        assert json.loads(flushed.stdout) == []
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert json.loads(out)["state"] == "sent"
    assert len(sandbox.received) == 1
