"""Start-up never waits for a system call on the GUI thread, and ``--smoke`` never hangs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from .conftest import WindowFactory


def test_the_window_never_asks_the_system_for_network_information(tmp_path: Path) -> None:
    """``QNetworkInformation.loadDefaultBackend()`` hung for good under Wine, and PySide6
    holds the interpreter's lock through it: no thread or time limit could have kept the
    window alive. The connection is judged by the API probe alone, so QtNetwork is never
    loaded, at start-up or while the monitor runs."""
    probe = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from voicecall_desktop.ui.app import make_application\n"
        "app = make_application()\n"
        "from voicecall_desktop.ui import build_main_window\n"
        "window = build_main_window(probe_interval_ms=50)\n"
        "window.show()\n"
        "QTimer.singleShot(600, app.quit)\n"
        "app.exec()\n"
        "window.close()\n"
        "print('PySide6.QtNetwork' in sys.modules)\n"
    )
    env = {**os.environ, "VOICECALL_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.stdout.strip().splitlines()[-1:] == ["False"], done.stdout + done.stderr[-2000:]


def test_the_window_asks_the_keyring_off_the_gui_thread_by_default(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(show=False)
    assert not window.key_banner.isVisibleTo(window)  # not asked yet: nothing waited for it
    window.show()
    qtbot.waitUntil(window.key_banner.isVisible, timeout=5000)  # no key is stored


@pytest.mark.slow
def test_smoke_that_cannot_paint_in_time_exits_1_promptly(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VOICECALL_HOME=str(tmp_path))
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "voicecall_desktop.ui.app", "--smoke", "--smoke-timeout-ms", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "did not paint in time" in done.stdout
    assert "first-paint-ms" not in done.stdout
    assert time.monotonic() - began < 30
