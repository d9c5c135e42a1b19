"""The program around the window: --smoke, --demo, shutdown, remembered layout, crash hook."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.days import open_day
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.ui import build_main_window
from voicecall_desktop.ui.common.crash import make_excepthook, qt_message_handler
from voicecall_desktop.ui.window.main_window import TRAINING_TEXT, MainWindow
from voicecall_desktop.ui.window.training import MemoryKeyStore, Training

from .conftest import WindowFactory, fill, history_states, press_send


def test_smoke_prints_first_paint_and_exits_0(home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "voicecall_desktop.ui.app", "--smoke"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"first-paint-ms: \d+\n", done.stdout), done.stdout
    assert "Destroyed while thread" not in done.stderr


def test_build_main_window_needs_an_application_and_returns_it_unshown(
    qtbot: QtBot, home: Path
) -> None:
    window = build_main_window()
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow) and not window.isVisible()
    assert window.service.home == home
    window.close()


def test_closing_mid_send_waits_for_the_answer_and_stops_the_thread(
    make_window: WindowFactory, qtbot: QtBot, sandbox: Sandbox, api_key: str
) -> None:
    sandbox.set_mode("slow", delay=1.0)
    window = make_window(sandbox.url)
    fill(window, qtbot)
    press_send(window, qtbot)
    qtbot.waitUntil(lambda: window.service.count([CallState.SENDING]) == 1, timeout=3000)
    home = window.service.home
    window.close()
    assert not window.host.is_running()
    from voicecall_desktop.service import Service

    service = Service(home)
    try:
        [record] = service.page().rows
        assert record.state is CallState.SENT  # the answer was waited for, not lost
    finally:
        service.close()


def test_geometry_and_splitters_are_remembered_in_the_data_folder(
    make_window: WindowFactory, qtbot: QtBot, home: Path
) -> None:
    window = make_window(show=True)
    window.splitter.setSizes([600, 500])
    geometry = window.saveGeometry()
    window.close()
    ini = QSettings(str(home / "window.ini"), QSettings.Format.IniFormat)
    assert ini.value("window/geometry") == geometry
    assert {"splitters/MainSplitter", "splitters/ListsSplitter"} <= set(ini.allKeys())


def test_window_state_restores_geometry_and_splitters_by_name(qtbot: QtBot, home: Path) -> None:
    from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter

    from voicecall_desktop.ui.window import state as window_state

    def make() -> tuple[QMainWindow, QSplitter]:
        window = QMainWindow()
        splitter = QSplitter()
        splitter.setObjectName("Split")
        splitter.addWidget(QLabel("a"))
        splitter.addWidget(QLabel("b"))
        window.setCentralWidget(splitter)
        qtbot.addWidget(window)
        return window, splitter

    first, split = make()
    assert not window_state.restore(first, home)
    first.resize(500, 300)
    first.show()
    split.setSizes([100, 400])
    window_state.save(first, home)
    second, again = make()
    assert window_state.restore(second, home)
    second.show()
    assert second.size() == first.size()
    assert again.sizes() == split.sizes()


def test_demo_mode_uses_the_sandbox_a_memory_key_and_its_own_folder(
    qtbot: QtBot, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring

    training = Training(home)
    window = MainWindow(
        training.service,
        training=True,
        probe_interval_ms=100,
        on_shutdown=training.stop,
    )
    qtbot.addWidget(window)
    window.show()
    assert (
        window.training_banner.isVisible() and TRAINING_TEXT in window.training_banner.label.text()
    )
    assert not window.key_banner.isVisible()
    assert training.service.key_backend() == MemoryKeyStore().backend_name()
    assert training.service.home == home / "training"
    qtbot.keyClicks(window.form.destination, "07700 900123")
    from datetime import time

    # An open day at an allowed hour: quiet hours need a yes the window does not ask yet.
    day = open_day(2)
    window.form.day.setDate(QDate(day.year, day.month, day.day))
    window.form.times.add_time(time(10, 0))  # after the day: 10:00 today may have passed
    press_send(window, qtbot)
    qtbot.waitUntil(lambda: history_states(window) == ["Sent"], timeout=5000)
    assert len(training.sandbox.received) == 1
    assert keyring.get_password("VoiceCall Desktop", "PatientComms API key") is None
    window.close()
    assert not window.host.is_running()


def test_the_exception_hook_logs_critical_and_shows_the_log_path(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[str] = []

    def show(box: QMessageBox) -> int:
        shown.append(box.informativeText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", show)
    hook = make_excepthook(tmp_path / "voicecall.log")
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        with caplog.at_level(logging.CRITICAL):
            hook(type(exc), exc, exc.__traceback__)
    assert any(r.levelno == logging.CRITICAL for r in caplog.records)
    assert shown and str(tmp_path / "voicecall.log") in shown[0]
    assert QApplication.instance() is not None


def test_qt_messages_go_to_python_logging(caplog: pytest.LogCaptureFixture) -> None:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    with caplog.at_level(logging.DEBUG, logger="qt"):
        qt_message_handler(QtMsgType.QtWarningMsg, QMessageLogContext(), "a warning")
        qt_message_handler(
            QtMsgType.QtWarningMsg,
            QMessageLogContext(),
            "This plugin does not support propagateSizeHints()",
        )
    levels = {r.getMessage().split("] ", 1)[1]: r.levelno for r in caplog.records}
    assert levels["a warning"] == logging.WARNING
    assert levels["This plugin does not support propagateSizeHints()"] == logging.DEBUG


def test_a_newcomer_books_a_training_call_with_the_keyboard_alone(qtbot: QtBot, home: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from voicecall_desktop.core.schedule import local_now

    now = local_now()
    if now.hour == 23 and now.minute >= 30:
        pytest.skip("the first time offered would be tomorrow")
    training = Training(home)
    window = MainWindow(training.service, training=True, on_shutdown=training.stop)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.focusWidget() is window.form.destination
    qtbot.keyClicks(window.form.destination, "07700 900123")
    qtbot.keyClick(window.form.destination, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.form.day
    qtbot.keyClick(window.form.day, Qt.Key.Key_Tab)  # one Tab on, never into the month
    assert QApplication.focusWidget() is window.form.times.edit
    qtbot.keyClick(window.form.times.edit, Qt.Key.Key_Return)  # Enter adds the offered time
    assert len(window.form.times.times()) == 1
    qtbot.keyClick(window.form.times.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: history_states(window) == ["Sent"], timeout=5000)
    assert window.form.destination.text() == ""
    window.close()
