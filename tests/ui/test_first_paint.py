"""The window is drawn from Qt alone first; what is typed before the rest is ready is kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QObject, QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from voicecall_desktop import APP_NAME
from voicecall_desktop.ui import build_main_window
from voicecall_desktop.ui.window.start import MENUS, LateKeys, StartWindow, hand_over

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
    # What voicecall-desktop does before its first paint, and the lists that follow it.
    probe = (
        "import sys\n"
        "from voicecall_desktop.ui.app import bare_application\n"
        "from voicecall_desktop.ui.common.crash import install_qt_message_handler\n"
        "from voicecall_desktop.ui.window.start import StartWindow\n"
        "app = bare_application()\n"
        "install_qt_message_handler()\n"
        "window = StartWindow()\n"
        "window.add_lists()\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
        "from PySide6 import QtCore\n"
        "print('Qt' in vars(QtCore))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    heavy, qt_namespace = out.stdout.split()
    assert heavy == "[]", out.stdout
    # Loading the Qt namespace costs about a tenth of a bare window's first paint.
    assert qt_namespace == "False", "something before the first paint used Qt.…"


def test_what_is_typed_before_the_service_is_ready_is_kept(qtbot: QtBot) -> None:
    start = StartWindow()  # not qtbot's to close: hand_over deletes it
    start.show()
    qtbot.waitExposed(start)
    qtbot.keyClicks(start.form.destination, "07700 900123")
    qtbot.keyClicks(start.form.source, "Riverside")
    start.form.day.setDate(QDate.currentDate().addDays(3))
    start.form.restrict.setChecked(True)
    start.activateWindow()
    start.form.time.setFocus()
    qtbot.waitUntil(start.form.time.hasFocus)
    qtbot.keyClicks(start.form.time, "10")  # half a time, still being typed

    window = build_main_window(start_monitor=False)
    qtbot.addWidget(window)
    defaults = window.form.username.text()
    hand_over(start, window)

    assert window.isVisible()
    qtbot.waitUntil(lambda: not isValid(start) or not start.isVisible())
    assert window.form.destination.text() == "07700 900123"
    assert window.form.source.text() == "Riverside"
    assert window.form.username.text() == defaults  # not typed: the settings' default stays
    assert window.form.day.date() == QDate.currentDate().addDays(3)
    assert window.form.restrict.isChecked()
    assert window.form.is_dirty()  # unsaved: kept as a draft if the window closes
    # The focus was in the time box: it still is, and typing goes on where it stopped.
    box = window.form.times.edit
    assert window.focusWidget() is box
    qtbot.waitUntil(box.hasFocus)  # the real window is made active: the keys go on to it
    qtbot.keyClicks(box, "30")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert [t.strftime("%H:%M") for t in window.form.times.times()] == ["10:30"]
    window.close()


@pytest.mark.parametrize(("width", "height"), [(1366, 740), (1024, 560)])
def test_no_field_moves_when_the_real_window_takes_over(
    qtbot: QtBot, tmp_path: Path, width: int, height: int
) -> None:
    """The fields are where they were typed into: the same place and the same size."""
    start = StartWindow(tmp_path)  # not qtbot's to close: hand_over deletes it
    start.resize(width, height)
    start.show()
    start.add_lists()
    qtbot.waitExposed(start)

    def place(widget: QWidget, window: QWidget) -> tuple[int, int, int, int]:
        corner = widget.mapTo(window, QPoint(0, 0))
        return corner.x(), corner.y(), widget.width(), widget.height()

    names = ("destination", "day", "time", "username", "source", "site", "restrict")
    before = {name: place(getattr(start.form, name), start) for name in names}
    window = build_main_window(start_monitor=False)
    qtbot.addWidget(window)
    hand_over(start, window)
    qtbot.waitExposed(window)
    form = window.form
    real = dict(
        zip(
            names,
            (
                form.destination,
                form.day,
                form.times.edit,
                form.username,
                form.source,
                form.site,
                form.restrict,
            ),
            strict=True,
        )
    )
    for name in names:
        x, y, w, h = place(real[name], window)
        bx, by, bw, bh = before[name]
        assert (y, h) == (by, bh), name  # never up or down
        # Sideways: at most a few pixels where the real form needs a little more room.
        assert abs(x - bx) <= 4 and abs(w - bw) <= 8, (name, before[name], (x, y, w, h))
    window.close()


def test_the_start_window_looks_like_the_main_window(qtbot: QtBot) -> None:
    start = StartWindow()
    qtbot.addWidget(start)
    names = {w.objectName() for w in start.findChildren(QObject)}
    assert {"Destination", "Date", "Username", "Source", "CustomerSiteId", "RestrictSends"} <= names
    assert [a.text() for a in start.menuBar().actions()] == list(MENUS)
    assert start.windowTitle() == APP_NAME


def test_a_time_typed_and_left_is_read_whole_by_the_real_box(qtbot: QtBot) -> None:
    start = StartWindow()  # not qtbot's to close: hand_over deletes it
    start.show()
    qtbot.waitExposed(start)
    qtbot.keyClicks(start.form.time, "2.30pm")  # replaces the time offered
    window = build_main_window(start_monitor=False)
    qtbot.addWidget(window)
    hand_over(start, window)
    box = window.form.times.edit
    assert box.typed_text() == "14:30" and not box.has_problem()
    window.close()


def test_a_wrong_time_typed_first_is_named_not_replaced(qtbot: QtBot) -> None:
    start = StartWindow()  # not qtbot's to close: hand_over deletes it
    start.show()
    qtbot.waitExposed(start)
    qtbot.keyClicks(start.form.time, "25:00")
    window = build_main_window(start_monitor=False)
    qtbot.addWidget(window)
    hand_over(start, window)
    box = window.form.times.edit
    assert box.typed_text() == "25:00"  # kept, so it is put right rather than lost
    assert "hour" in box.problem_text()
    window.close()


def test_tab_goes_from_field_to_field_as_in_the_real_form(qtbot: QtBot) -> None:
    start = StartWindow()
    qtbot.addWidget(start)
    start.show()
    qtbot.waitExposed(start)
    start.activateWindow()
    start.form.destination.setFocus()
    qtbot.waitUntil(start.form.destination.hasFocus)
    form = start.form
    order = [form.day, form.time, form.username, form.source, form.site, form.restrict]
    for expected in order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        # The day box's own sections (day, month, year) are not stops: a time typed after
        # a second Tab must not become the month.
        assert QApplication.focusWidget() is expected


def test_keys_that_reach_the_start_window_after_the_hand_over_are_not_lost(
    qtbot: QtBot,
) -> None:
    """The window system moves the keyboard a moment after the real window shows: what
    is typed in that moment still arrives at the start window, and goes on from there."""
    start = StartWindow()  # not qtbot's to close: it closes itself
    start.show()
    qtbot.waitExposed(start)
    qtbot.keyClicks(start.form.destination, "07700 90")
    window = build_main_window(start_monitor=False)
    qtbot.addWidget(window)
    hand_over(start, window)
    if isValid(start) and start.isVisible():  # the real window is not active yet
        qtbot.keyClicks(start.form.destination, "0123")
    else:  # it became active at once: the keys go straight to it
        qtbot.keyClicks(window.form.destination, "0123")
    assert window.form.destination.text() == "07700 900123"
    qtbot.waitUntil(lambda: not isValid(start) or not start.isVisible())
    window.close()


def test_the_start_window_closes_even_if_the_real_one_is_never_made_active(
    qtbot: QtBot,
) -> None:
    start = StartWindow()
    start.show()
    window = build_main_window(start_monitor=False)
    qtbot.addWidget(window)
    late = LateKeys(start, window)
    late.LIMIT_MS = 200
    late.start()
    qtbot.waitUntil(lambda: not isValid(start), timeout=5_000)
    window.close()


def test_a_date_typed_in_the_start_window_is_the_day_handed_over(qtbot: QtBot) -> None:
    start = StartWindow()  # not qtbot's to close: hand_over deletes it
    start.show()
    qtbot.waitExposed(start)
    start.activateWindow()
    start.form.day.setFocus()
    qtbot.waitUntil(start.form.day.hasFocus)
    next_year = QDate.currentDate().year() + 1
    qtbot.keyClicks(start.form.day, f"01/12/{next_year}")
    qtbot.keyClick(start.form.day, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is start.form.time  # "/" moved on within the box, Tab left it
    window = build_main_window(start_monitor=False)
    qtbot.addWidget(window)
    hand_over(start, window)
    assert window.form.day.date() == QDate(next_year, 12, 1)
    window.close()


def test_start_up_goes_on_if_the_lists_never_paint(qtbot: QtBot) -> None:
    """A lists pane squeezed to nothing gets no paint event: the rest is built all the same."""
    start = StartWindow()
    qtbot.addWidget(start)
    settled: list[bool] = []
    start.settled = lambda: settled.append(True)
    start.add_lists()  # never shown: nothing paints
    qtbot.waitUntil(lambda: settled == [True], timeout=2000)
    qtbot.wait(400)
    assert settled == [True]  # once only
