"""Fixtures for the window's tests: a window on a fresh data folder, and helpers to fill it.

The shared ``tests/conftest.py`` gives every test its own ``VOICECALL_HOME`` and
a file keyring; Qt's own warnings fail a test through pytest-qt's ``qt_log_level_fail``
(pyproject.toml), as Python's do.
"""

from __future__ import annotations

import gc
import socket
from collections.abc import Callable, Iterator
from datetime import date, time
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QDate, QObject, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTimeEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.days import open_day
from voicecall_desktop.ui import build_main_window
from voicecall_desktop.ui.common.table_model import ROW_ROLE
from voicecall_desktop.ui.common.widgets import FieldMessage
from voicecall_desktop.ui.window.main_window import MainWindow

W = TypeVar("W", bound=QObject)


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """Free each test's windows here, once they are closed (this fixture ends last).

    A window is cyclic garbage once its test ends (signals connected to its own
    methods). Left to the collector, it may be freed while a worker or pool
    thread runs Python; shiboken then deletes the C++ window from a pending
    call at an arbitrary point on the GUI thread, which crashed the suite.
    What survives is frozen, so each collection looks only at one test's objects.
    """
    yield
    gc.collect()
    gc.freeze()


def unused_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tomorrow() -> date:
    """Tomorrow, or the next day the default practice is open: the window refuses a closed
    day or a bank holiday until it asks for a yes (CONTRACT.md "Humane hours")."""
    return open_day(1)


WindowFactory = Callable[..., MainWindow]
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def make_window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[WindowFactory]:
    """Build windows from the environment, as ``build_main_window()`` does; closed after."""
    windows: list[MainWindow] = []

    def make(base_url: str | None = None, *, show: bool = True, **options: Any) -> MainWindow:
        # Never the real API: a closed loopback port unless the test brings a sandbox.
        monkeypatch.setenv("VOICECALL_BASE_URL", base_url or f"http://127.0.0.1:{unused_port()}/")
        options.setdefault("probe_interval_ms", 100)
        window = build_main_window(**options)
        qtbot.addWidget(window)
        windows.append(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert not window.host.is_running(), "the send thread outlived its window"


def child(window: QWidget, kind: type[W], name: str) -> W:
    widget = window.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name}"
    return widget


def fill(
    window: QWidget,
    qtbot: QtBot,
    *,
    destination: str = "07700 900123",
    username: str = "reception",
    source: str = "Surgery",
    site: str = "SITE-1",
    restrict: bool = True,
    day: date | None = None,
    times: tuple[time, ...] = (time(9, 30), time(14, 0)),
) -> None:
    """Fill every field by its objectName, the way a person (or screen reader) would."""
    for name, text in (
        ("Destination", destination),
        ("Username", username),
        ("Source", source),
        ("CustomerSiteId", site),
    ):
        edit = child(window, QLineEdit, name)
        edit.clear()
        if text:
            qtbot.keyClicks(edit, text)
    child(window, QCheckBox, "RestrictSends").setChecked(restrict)
    day = day or tomorrow()
    child(window, QDateEdit, "Date").setDate(QDate(day.year, day.month, day.day))
    listed = child(window, QListWidget, "Times")
    listed.clear()
    for moment in times:
        child(window, QTimeEdit, "TimeEdit").setTime(QTime(moment.hour, moment.minute))
        qtbot.mouseClick(child(window, QPushButton, "AddTimeButton"), LEFT)
    assert listed.count() == len(set(times))


def press_send(window: QWidget, qtbot: QtBot) -> None:
    qtbot.mouseClick(child(window, QPushButton, "SendButton"), LEFT)


def error_text(window: QWidget, field: str) -> str:
    label = window.findChild(QLabel, f"{field}Error")
    return label.text() if label is not None and label.isVisibleTo(window) else ""


def shows_error(message: FieldMessage) -> bool:
    """Whether ``message`` shows an error now.

    Read through a call on purpose: mypy carries what an earlier assert learnt about
    ``message.is_error`` across the typing that changed it, and would call a second
    check of the attribute itself unreachable (and leave it unchecked).
    """
    return message.is_error


def history_states(window: QWidget) -> list[str]:
    """Each call's state in the history view, top to bottom (``Sent``, ``Rejected``...).

    The view shows a Result in plain words; the state is read from each row's record.
    """
    view = child(window, QAbstractItemView, "HistoryView")
    model = view.model()
    return [model.index(row, 0).data(ROW_ROLE).state.label for row in range(model.rowCount())]
