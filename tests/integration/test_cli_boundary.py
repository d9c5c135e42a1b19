"""The command line talks to the Service only, loads only what a command needs, and is typed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kit import call_form, imported_names, run_cli
from voicecall_desktop.cli.calls import taken_elsewhere
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service

CLI = Path(__file__).resolve().parents[2] / "voicecall_desktop" / "cli"
FORBIDDEN = ("voicecall_desktop.store", "voicecall_desktop.secrets", "keyring", "sqlite3")


def test_cli_imports_no_store_keyring_or_sqlite() -> None:
    modules = sorted(CLI.glob("*.py"))
    assert len(modules) >= 5
    for path in modules:
        bad = [n for n in imported_names(path) if n.startswith(FORBIDDEN)]
        assert not bad, f"{path.name} imports {bad}"


def test_history_loads_neither_pydantic_nor_httpx_nor_keyring(home: Path) -> None:
    code = (
        "import sys\n"
        "from voicecall_desktop.cli import main\n"
        "assert main(['history', '--search', '900123']) == 0\n"
        "heavy = [m for m in ('pydantic', 'httpx', 'keyring', 'PySide6') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "No calls found." in done.stderr


def test_a_call_taken_and_gone_meanwhile_is_still_reported(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``service.get`` may answer None (another desk sent and purged the call): not a crash."""
    form = call_form()
    with Service(home) as service:
        booked = service.submit(form).record
        service.to_draft(booked.id)
        service.delete_draft(booked.id)  # gone, as a purge would leave it
        assert service.get(booked.id) is None
        assert taken_elsewhere(service, booked, as_json=True) == 3
    out = capsys.readouterr()
    assert json.loads(out.out)["id"] == booked.id
    assert f"Call #{booked.id} is being sent by another VoiceCall program." in out.err


def test_history_search_finds_state_words_and_reasons(sandbox: Sandbox, api_key: str) -> None:
    """Issue 10: ``--search unknown`` and ``--search barred`` found nothing."""
    send = ["send", "--source", "Surgery", "--username", "u", "--base-url", sandbox.url]
    sandbox.set_mode("reject")
    assert run_cli(*send, "--destination", "07700 900123").returncode == 1
    sandbox.set_mode("drop")
    assert run_cli(*send, "--destination", "07700 900456").returncode == 4

    def search(text: str) -> list[int]:
        done = run_cli("history", "--search", text, "--json")
        assert done.returncode == 0, done.stderr
        return [r["destination"] for r in json.loads(done.stdout)]

    assert search("barred") == [447700900123]
    assert search("rejected") == [447700900123]
    assert search("unknown") == [447700900456]
    assert search("900456") == [447700900456]
    assert search("0456") == [447700900456]
