"""Start-up never waits for a system call on the GUI thread, and ``--smoke`` never hangs."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from voicecall_desktop.ui.window.network_hints import NetworkHints, load_default_backend

from .conftest import WindowFactory


def test_network_information_that_never_answers_is_given_up_and_the_gui_thread_runs_on(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    release = threading.Event()
    loader_threads: list[threading.Thread] = []

    def stuck_backend() -> None:  # as loadDefaultBackend() behaved under Wine
        loader_threads.append(threading.current_thread())
        release.wait(10)

    hints = NetworkHints(loader=stuck_backend, timeout_ms=300)
    ticks: list[float] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(time.monotonic()))
    ticker.start(20)
    began = time.monotonic()
    with qtbot.waitSignal(hints.settled, timeout=5000) as blocker:
        hints.start()
        assert time.monotonic() - began < 0.2  # start() returns at once
    ticker.stop()
    release.set()
    assert blocker.args == [False] and not hints.in_use
    assert 0.25 < time.monotonic() - began < 3
    assert len(ticks) >= 5  # the event loop kept turning while the backend hung
    assert loader_threads and loader_threads[0] is not threading.main_thread()
    assert any("did not load" in r.getMessage() for r in caplog.records)
    qtbot.wait(50)  # the late answer (nothing) changes nothing
    assert not hints.in_use


def test_a_backend_that_fails_leaves_no_hints_and_no_traceback_for_the_person(
    qtbot: QtBot,
) -> None:
    def broken() -> None:
        raise OSError("no D-Bus")

    hints = NetworkHints(loader=broken, timeout_ms=5000)
    with qtbot.waitSignal(hints.settled, timeout=5000) as blocker:
        hints.start()
    assert blocker.args == [False] and not hints.in_use


def test_the_platform_backend_loads_off_the_gui_thread(qtbot: QtBot) -> None:
    hints = NetworkHints(loader=load_default_backend, timeout_ms=5000)
    with qtbot.waitSignal(hints.settled, timeout=10_000) as blocker:
        hints.start()
    # Whether this machine has a backend or not, an answer came and was taken on.
    assert blocker.args == [hints.in_use]
    hints.stop()
    assert not hints.in_use


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
