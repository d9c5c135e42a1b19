"""Issue 10's command-line rows: bad proxies, a taken port, forged history lines, formulas in
exports, far-ahead dates, settings the form would refuse, a keyring that drops the key,
and file permissions. Real subprocesses, sockets and files."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import stat
import sys
from datetime import date, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests import kit
from tests.conftest import TEST_KEY
from tests.days import open_day
from tests.kit import run_cli
from tests.reliability.helpers import DB_NAME, message_problems
from voicecall_desktop import cli
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service
from voicecall_desktop.store import SqliteStore

pytestmark = pytest.mark.slow

DAY = open_day(2).isoformat()
REMOTE = "https://customerapi.example.invalid/"


def send_argv(base_url: str, *extra: str) -> list[str]:
    return kit.send_argv(base_url, *extra, day=DAY, time="10:00")


@pytest.mark.parametrize(
    ("variable", "value"),
    [("HTTPS_PROXY", "ftp://proxy.example:21"), ("ALL_PROXY", "http://[::1")],
)
def test_an_unusable_proxy_is_refused_before_anything_is_queued(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, api_key: str
) -> None:
    monkeypatch.setenv(variable, value)
    result = run_cli(*send_argv(REMOTE))
    assert result.returncode == 2, result.stderr
    assert variable in result.stderr and message_problems(result.stderr) == []
    assert json.loads(run_cli("history", "--json").stdout) == []  # nothing queued
    path = tmp_path / "list.csv"
    path.write_text(f"destination,date,times,source,username\n07700 900124,{DAY},10:00,S1x,r\n")
    result = run_cli("batch", str(path), "--base-url", REMOTE)
    assert result.returncode == 2 and variable in result.stderr, result.stderr
    assert json.loads(run_cli("history", "--json").stdout) == []
    result = run_cli("outbox", "--flush", "--base-url", REMOTE)
    assert result.returncode == 2 and variable in result.stderr, result.stderr


def test_sandbox_on_a_taken_port_says_so() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("sandbox", "--port", str(port), timeout=30)
    assert result.returncode == 2, result.stderr
    assert f"port {port} is in use" in result.stderr
    assert message_problems(result.stderr) == []


def test_history_prints_no_control_characters_or_forged_lines(home: Path) -> None:
    store = SqliteStore(home)  # handed to the service; the test writes a status no API sends
    with Service(home, store=store) as service:
        record = service.submit(
            CallForm(destination="07700 900123", username="r", source="Surgery")
        ).record
        store.calls.move(
            record.id,
            [CallState.QUEUED],
            CallState.QUEUED,
            actor="test",
            fields={"status": "\x1b[2JAccepted\n#99 Sent            07700 900999 forged\x07"},
        )
    result = run_cli("history")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert [line for line in result.stdout.splitlines() if line.startswith("#99")] == []
    assert len(result.stdout.splitlines()) == 1


def test_do_not_call_export_keeps_formulas_as_text(home: Path) -> None:
    with Service(home) as service:
        service.block("07700 900123", '=HYPERLINK("http://evil.example","Click")')
        service.block("07700 900124", "+44 asked by phone")
        text = service.export_do_not_call()
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[3] for r in rows[1:]] == [
        '\'=HYPERLINK("http://evil.example","Click")',
        "'+44 asked by phone",
    ]


def test_a_date_more_than_a_year_ahead_needs_far_ahead(sandbox: Sandbox, api_key: str) -> None:
    argv = send_argv(sandbox.url)
    argv[argv.index("--date") + 1] = "9999-12-31"
    result = run_cli(*argv)
    assert result.returncode == 2, result.stderr
    assert "Date: 31/12/9999 is more than a year ahead" in result.stderr
    assert "--far-ahead" in result.stderr and sandbox.received == []
    far = open_day(400).isoformat()
    argv[argv.index("--date") + 1] = far
    assert run_cli(*argv).returncode == 2
    result = run_cli(*argv, "--far-ahead")
    assert result.returncode == 0, result.stderr
    assert len(sandbox.received) == 1


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("source", "X", "source: must be 3 to 14 characters (it is 1)"),
        ("source", "Surgery\tTwo", "source: contains an invisible control character"),
        ("site", "x" * 101, "site: must be at most 100 characters"),
        ("nation", "wakanda", "nation: 'wakanda' is not a UK nation"),
        ("open_weekdays", "funday", "open_weekdays: 'funday' is not a day of the week"),
        ("quiet_hours_start", "25:00", "quiet_hours_start:"),
        ("closures", "2026-12-24", "closures: say why the practice is closed"),
        ("send_deadline", "0", "send_deadline:"),
        ("restrict_sends", "maybe", "restrict_sends: 'maybe' is not yes/no"),
        ("base_url", "https://user:secretpw@host.example/", "base_url:"),
        ("colour", "red", "colour: not a setting"),
    ],
)
def test_settings_are_checked_with_the_forms_rules(name: str, value: str, says: str) -> None:
    before = run_cli("settings", "--json").stdout
    result = run_cli("settings", "set", name, value)
    assert result.returncode == 2, result.stderr
    assert says in result.stderr
    assert "secretpw" not in result.stderr and message_problems(result.stderr) == []
    assert run_cli("settings", "--json").stdout == before


def test_typed_hours_settings_are_parsed_and_kept() -> None:
    for name, value in (
        ("source", "Surgery"),
        ("nation", "Scotland"),
        ("open_weekdays", "mon-fri, sat"),
        ("quiet_hours_end", "7.30am"),
        ("closures", "2026-12-24 Staff training"),
        ("send_deadline", "45"),
    ):
        result = run_cli("settings", "set", name, value)
        assert result.returncode == 0, (name, result.stderr)
    shown = json.loads(run_cli("settings", "--json").stdout)
    assert shown["nation"] == "scotland"
    assert shown["open_weekdays"] == ["mon", "tue", "wed", "thu", "fri", "sat"]
    assert shown["quiet_hours_end"] == "07:30"
    assert shown["closures"] == [{"date": "2026-12-24", "reason": "Staff training"}]
    assert shown["send_deadline"] == 45.0


class DroppingKeyring(KeyringBackend):
    """A keyring that says yes to everything and keeps nothing (a real backend class)."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        return None

    def delete_password(self, service: str, username: str) -> None:
        return None


def test_a_keyring_that_drops_the_key_is_found_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(DroppingKeyring())
    try:
        monkeypatch.setattr(sys, "stdin", io.StringIO(TEST_KEY + "\n"))
        code = cli.run(["key", "set"])
    finally:
        keyring.set_keyring(previous)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "did not" in err or "not kept" in err
    assert "stored in the system keyring" not in err
    assert TEST_KEY not in err and message_problems(err) == []


@pytest.mark.skipif(os.name != "posix", reason="mode bits are POSIX")
def test_database_wal_and_backups_are_private_and_self_test_checks(
    home: Path, sandbox: Sandbox, api_key: str
) -> None:
    old = os.umask(0o022)
    try:
        assert run_cli(*send_argv(sandbox.url)).returncode == 0
        assert run_cli("backup").returncode == 0
        with Service(home, daily_backup=False):  # holds the WAL open while we look
            files = [home / DB_NAME, home / (DB_NAME + "-wal"), home / (DB_NAME + "-shm")]
            files += list((home / "backups").iterdir())
            for path in files:
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        for folder in (home, home / "backups", home / "leases"):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        passed = run_cli("self-test")
        assert "ok   permissions" in passed.stderr, passed.stderr
        (home / DB_NAME).chmod(0o644)
        failed = run_cli("self-test")
    finally:
        os.umask(old)
    assert failed.returncode == 1
    assert "FAIL permissions" in failed.stderr and str(home / DB_NAME) in failed.stderr
    assert "chmod 600" in failed.stderr


def test_older_loose_files_are_tightened_when_opened(home: Path) -> None:
    if os.name != "posix":
        pytest.skip("mode bits are POSIX")
    with Service(home):
        pass
    (home / DB_NAME).chmod(0o644)
    (home / "backups").chmod(0o755)
    with Service(home) as service:
        assert service.daily_backup() is None  # one was taken at the first start today
    assert stat.S_IMODE((home / DB_NAME).stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "backups").stat().st_mode) == 0o700


def test_days_helper_books_an_open_day() -> None:
    """The shared helper never hands out a weekend or a bank holiday."""
    day = open_day(0)
    assert day >= date.today() and day.weekday() < 5
    assert open_day(400) > date.today() + timedelta(days=399)
