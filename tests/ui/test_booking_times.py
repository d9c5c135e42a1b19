"""The form's times in the window, by keyboard and mouse: typed whole, asked about, confirmed."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.days import closed_day, open_day
from voicecall_desktop.core.states import CallState
from voicecall_desktop.ui.window.main_window import MainWindow

from .booking_helpers import LEFT, Answers, set_day
from .conftest import WindowFactory, error_text

ENTER = Qt.Key.Key_Return


def ready(make_window: WindowFactory, qtbot: QtBot, url: str | None = None) -> MainWindow:
    window = make_window(url)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    set_day(window, open_day())
    qtbot.keyClicks(window.form.username, "reception")
    qtbot.keyClicks(window.form.source, "Surgery")
    return window


def type_time(qtbot: QtBot, window: MainWindow, text: str, *, enter: bool = True) -> None:
    box = window.form.times.edit
    if not box.hasFocus():
        qtbot.mouseClick(box.lineEdit(), LEFT)  # one click, as in the issue
    qtbot.keyClicks(box, text)
    if enter:
        qtbot.keyClick(box, ENTER)


def test_typed_times_replace_the_whole_time_and_the_box_is_ready_after_each_add(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    type_time(qtbot, window, "0930")
    type_time(qtbot, window, "1445")  # straight after Enter: no click, no Ctrl+A
    type_time(qtbot, window, "2.30pm", enter=False)
    qtbot.mouseClick(window.form.times.add_button, LEFT)
    assert window.form.times.edit.hasFocus()  # back in the box for the next one
    type_time(qtbot, window, "16")
    assert window.form.times.times() == (time(9, 30), time(14, 30), time(14, 45), time(16, 0))
    assert error_text(window, "Times") == ""


def test_not_a_time_is_said_at_once_next_to_the_box(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    type_time(qtbot, window, "half nine", enter=False)
    assert "not a time" in error_text(window, "Times")  # before Enter or leaving the box
    qtbot.keyClick(window.form.times.edit, ENTER)
    assert window.form.times.times() == ()


def test_tab_into_the_times_selects_one_so_delete_works_at_once(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    type_time(qtbot, window, "0930")
    type_time(qtbot, window, "1100")
    qtbot.keyClick(window.form.times.edit, Qt.Key.Key_Tab)  # to Add time
    assert window.form.times.add_button.hasFocus()
    qtbot.keyClick(window.form.times.add_button, Qt.Key.Key_Tab)  # into the list
    listed = window.form.times.list
    assert listed.hasFocus() and len(listed.selectedItems()) == 1
    qtbot.keyClick(listed, Qt.Key.Key_Delete)
    assert window.form.times.times() == (time(11, 0),)
    qtbot.keyClick(listed, Qt.Key.Key_Delete)  # the next one is selected in its place
    assert window.form.times.times() == ()


def test_a_time_in_quiet_hours_names_the_nearest_allowed_and_send_asks_no_by_default(
    make_window: WindowFactory, qtbot: QtBot, api_key: str
) -> None:
    window = ready(make_window, qtbot)
    qtbot.keyClicks(window.form.destination, "07700 900123")
    type_time(qtbot, window, "0645")
    message = error_text(window, "Times")
    assert "06:45" in message and "nearest allowed time is 08:00" in message
    assert window.form.times.times() == ()
    qtbot.keyClick(window.form.times.edit, ENTER)  # the same time again: listed anyway
    assert window.form.times.times() == (time(6, 45),)

    answers = Answers(qtbot)
    answers.next(ENTER)  # Enter takes the default: No
    qtbot.mouseClick(window.form.send_button, LEFT)
    [asked] = answers.seen
    assert asked.name == "ConfirmBookingQuestion" and asked.default == "NoButton"
    assert "06:45" in asked.text and "quiet hours" in asked.text
    assert window.service.count() == 0
    assert "Not booked" in window.form.notice_text()

    answers.next("BookAnywayButton")
    qtbot.mouseClick(window.form.send_button, LEFT)
    qtbot.waitUntil(lambda: window.booking.pending_id is None, timeout=5000)
    [record] = window.service.page().rows
    assert record.times == (time(6, 45),) and record.state is CallState.QUEUED


def test_a_closed_day_is_named_on_the_form_and_asked_about_at_send(
    make_window: WindowFactory, qtbot: QtBot, api_key: str
) -> None:
    window = ready(make_window, qtbot)
    sunday = closed_day()
    set_day(window, sunday)
    assert "Closed on Sundays" in window.form.messages["Date"].text()  # a hint, not an error
    qtbot.keyClicks(window.form.destination, "07700 900123")
    type_time(qtbot, window, "1000")
    answers = Answers(qtbot)
    answers.next("BookAnywayButton")
    qtbot.mouseClick(window.form.send_button, LEFT)
    assert "closed on Sundays" in answers.seen[0].text
    qtbot.waitUntil(lambda: window.service.count() == 1, timeout=5000)
    assert window.service.page().rows[0].day == sunday


def test_send_with_no_time_listed_asks_to_book_the_time_shown(
    make_window: WindowFactory, qtbot: QtBot, api_key: str
) -> None:
    window = ready(make_window, qtbot)
    qtbot.keyClicks(window.form.destination, "07700 900123")
    type_time(qtbot, window, "1030", enter=False)  # typed, never added

    answers = Answers(qtbot)
    answers.next(Qt.Key.Key_Escape)
    qtbot.mouseClick(window.form.send_button, LEFT)
    assert answers.seen[0].name == "BookShownTimeQuestion" and "10:30" in answers.seen[0].text
    assert window.service.count() == 0 and window.form.times.times() == ()
    assert "Not sent" in window.form.notice_text()

    answers.next("BookShownTimeButton")
    qtbot.mouseClick(window.form.send_button, LEFT)
    qtbot.waitUntil(lambda: window.service.count() == 1, timeout=5000)
    assert window.service.page().rows[0].times == (time(10, 30),)


def test_send_with_no_time_and_nonsense_in_the_box_asks_nothing_and_sends_nothing(
    make_window: WindowFactory, qtbot: QtBot, api_key: str
) -> None:
    window = ready(make_window, qtbot)
    qtbot.keyClicks(window.form.destination, "07700 900123")
    type_time(qtbot, window, "soon", enter=False)
    qtbot.mouseClick(window.form.send_button, LEFT)
    assert "no time is in the list" in window.form.notice_text()
    assert "not a time" in error_text(window, "Times")
    assert window.service.count() == 0


def test_a_day_more_than_a_year_ahead_is_asked_about_naming_the_day(
    make_window: WindowFactory, qtbot: QtBot, api_key: str
) -> None:
    window = ready(make_window, qtbot)
    far = open_day(400)
    set_day(window, far)
    qtbot.keyClicks(window.form.destination, "07700 900123")
    type_time(qtbot, window, "1000")
    answers = Answers(qtbot)
    answers.next("NoButton")
    qtbot.mouseClick(window.form.send_button, LEFT)
    assert far.strftime("%d/%m/%Y") in answers.seen[0].text
    assert window.service.count() == 0


def test_a_proxy_setting_that_cannot_work_is_said_before_anything_is_queued(
    make_window: WindowFactory, qtbot: QtBot, api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not loopback: proxies apply (nothing is sent: the check comes first).
    window = ready(make_window, qtbot, "https://customerapi.invalid/")
    monkeypatch.setenv("HTTPS_PROXY", "ftp://proxy.example:21")
    qtbot.keyClicks(window.form.destination, "07700 900123")
    type_time(qtbot, window, "1000")
    qtbot.mouseClick(window.form.send_button, LEFT)
    assert "HTTPS_PROXY" in window.form.notice_text()
    assert window.service.count() == 0
