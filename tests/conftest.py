"""Every test gets a fresh data folder and a file keyring of its own, never the real one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEST_KEY = "94670106-3242-43ff-96fa-475c7de2425c"
KEYRING_BACKEND = "keyrings.alt.file.PlaintextKeyring"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh ``VOICECALL_HOME`` and keyring file for this test (and its subprocesses)."""
    home = tmp_path / "home"
    xdg = tmp_path / "xdg"
    xdg.mkdir()
    monkeypatch.setenv("VOICECALL_HOME", str(home))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", KEYRING_BACKEND)
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg))
    monkeypatch.delenv("VOICECALL_BASE_URL", raising=False)
    # A developer's own policy or shared store must not steer the tests.
    monkeypatch.delenv("VOICECALL_POLICY", raising=False)
    monkeypatch.delenv("VOICECALL_DATABASE_URL", raising=False)
    backend = PlaintextKeyring()
    backend.file_path = str(xdg / "python_keyring" / "keyring_pass.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield home
    keyring.set_keyring(previous)


@pytest.fixture
def home(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def api_key() -> str:
    keyring.set_password("VoiceCall Desktop", "PatientComms API key", TEST_KEY)
    return TEST_KEY


@pytest.fixture
def sandbox() -> Iterator[object]:
    from voicecall_desktop.sandbox import Sandbox

    server = Sandbox().start()
    yield server
    server.stop()


def run_cli(
    *args: str, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``voicecall`` in a real subprocess with this test's environment."""
    return subprocess.run(
        [sys.executable, "-m", "voicecall_desktop.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ.copy(),
    )


@pytest.fixture
def cli() -> object:
    return run_cli
