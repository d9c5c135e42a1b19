"""The window is drawn from Qt alone first; what is typed before the rest is ready is kept."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QDate, QObject
from pytestqt.qtbot import QtBot

from voicecall_desktop import APP_NAME
from voicecall_desktop.ui import build_main_window
from voicecall_desktop.ui.window.start import MENUS, StartWindow, hand_over

HEAVY = (
    "voicecall_desktop.core",
    "voicecall_desktop.store",
    "voicecall_desktop.service",
    "voicecall_desktop.api",
    "voicecall_desktop.secrets",
    "pydantic",
    "httpx",
    "keyring",
    "phonenumbers",
    "sqlite3",
)


def test_the_first_window_needs_nothing_but_qt() -> None:
    probe = (
        "import sys\n"
        "from voicecall_desktop.ui.app import make_application\n"
        "from voicecall_desktop.ui.window.start import StartWindow\n"
        "app = make_application()\n"
        "window = StartWindow()\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_what_is_typed_before_the_service_is_ready_is_kept(qtbot: QtBot) -> None:
    start = StartWindow()
    qtbot.addWidget(start)
    start.show()
    qtbot.waitExposed(start)
    qtbot.keyClicks(start.destination, "07700 900123")
    qtbot.keyClicks(start.source, "Riverside")
    start.day.setDate(QDate.currentDate().addDays(3))
    start.restrict.setChecked(True)

    window = build_main_window(start_monitor=False, use_network_information=False)
    qtbot.addWidget(window)
    defaults = window.form.username.text()
    hand_over(start, window)

    assert window.isVisible() and not start.isVisible()
    assert window.form.destination.text() == "07700 900123"
    assert window.form.source.text() == "Riverside"
    assert window.form.username.text() == defaults  # not typed: the settings' default stays
    assert window.form.day.date() == QDate.currentDate().addDays(3)
    assert window.form.restrict.isChecked()
    assert window.form.is_dirty()  # unsaved: kept as a draft if the window closes
    window.close()


def test_the_start_window_looks_like_the_main_window(qtbot: QtBot) -> None:
    start = StartWindow()
    qtbot.addWidget(start)
    names = {w.objectName() for w in start.findChildren(QObject)}
    assert {"Destination", "Date", "Username", "Source", "CustomerSiteId", "RestrictSends"} <= names
    assert [a.text() for a in start.menuBar().actions()] == list(MENUS)
    assert start.windowTitle() == APP_NAME
