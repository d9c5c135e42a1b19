"""Every test gets a fresh data folder and a file keyring of its own, never the real one."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from tests.kit import run_cli

if TYPE_CHECKING:
    from voicecall_desktop.sandbox import Sandbox

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
def sandbox() -> Iterator[Sandbox]:
    """The sandbox API on 127.0.0.1 (``set_mode`` to stage a fault, ``received`` to look)."""
    from voicecall_desktop.sandbox import Sandbox

    with Sandbox() as running:
        yield running


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli
