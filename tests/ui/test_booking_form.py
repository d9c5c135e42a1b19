"""The form fits, does not jump, folds the request away, speaks plainly; the calendar counts."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.days import open_day
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.ui.window.main_window import MainWindow

from .booking_helpers import LEFT, set_day, y_of
from .conftest import WindowFactory, error_text

ALT = Qt.KeyboardModifier.AltModifier


def ready(make_window: WindowFactory, qtbot: QtBot) -> MainWindow:
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_an_error_appearing_moves_no_field_below_it(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    form = window.form
    below = (form.day, form.times.edit, form.username, form.site, form.send_button)
    before = [y_of(w, form) for w in below]
    qtbot.keyClicks(form.destination, "0770x")
    assert "not a phone number" in error_text(window, "Destination")
    qtbot.mouseClick(form.times.edit.lineEdit(), LEFT)
    qtbot.keyClicks(form.times.edit, "99")
    assert error_text(window, "Times")
    qtbot.mouseClick(form.send_button, LEFT)  # "Not sent: …" appears under the buttons
    assert "Not sent" in form.notice_text()
    assert [y_of(w, form) for w in below] == before


def test_the_request_preview_is_folded_away_and_opens_with_one_click(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    preview = window.form.preview
    assert not preview.text.isVisible()
    qtbot.mouseClick(preview.toggle, LEFT)
    assert preview.text.isVisible() and "Hide" in preview.toggle.text()
    qtbot.mouseClick(preview.toggle, LEFT)
    assert not preview.text.isVisible()


def test_the_form_fits_the_desk_screen() -> None:
    from voicecall_desktop.ui.booking.form import CallFormWidget

    form = CallFormWidget()
    try:
        hint = form.minimumSizeHint()
        # Beside the lists at 1024 wide, under the menu and status bar at 600 high.
        assert hint.width() <= 420 and hint.height() <= 500, hint
    finally:
        form.deleteLater()


def test_sender_fields_say_in_plain_words_what_they_do(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    form = ready(make_window, qtbot).form
    for widget, words in (
        (form.source, "Who the call is from"),
        (form.site, "site code at PatientComms"),
        (form.restrict, "sending restrictions"),
        (form.username, "user name at PatientComms"),
    ):
        assert words in widget.toolTip()
        assert widget.accessibleDescription() == widget.toolTip()


def test_alt_letters_are_unique_in_the_form_and_alt_r_ticks_restrict_sends(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    form = window.form
    letters: list[str] = []
    for widget in form.findChildren(QAbstractButton) + form.findChildren(QLabel):
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        found = re.search(r"&([^&\s])", widget.text().replace("&&", ""))
        if found:
            letters.append(found.group(1).lower())
    assert len(letters) == len(set(letters)), sorted(letters)

    form.destination.setFocus()
    assert not form.restrict.isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, ALT)
    qtbot.waitUntil(form.restrict.isChecked)  # a mnemonic clicks after a short animation
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, ALT)  # From (Source)
    assert form.source.hasFocus()


@pytest.mark.qt_log_ignore(  # what the offscreen platform says when a pop-up opens
    r"This plugin does not support raise\(\)", "This plugin does not support grabbing"
)
def test_f4_opens_the_calendar_with_the_calls_booked_per_day(
    make_window: WindowFactory, qtbot: QtBot, tmp_path: Path, api_key: str
) -> None:
    window = ready(make_window, qtbot)
    day = open_day(3)
    for number in ("07700 900123", "07700 900124"):
        window.service.submit(
            CallForm(destination=number, username="r", source="Surgery", day=day, times=(time(10),))
        )
    set_day(window, day)
    window.form.day.setFocus()
    qtbot.keyClick(window.form.day, Qt.Key.Key_F4)
    calendar = window.form.calendar
    qtbot.waitUntil(calendar.isVisible)
    qtbot.waitUntil(lambda: calendar.count(day) == 2, timeout=5000)
    assert "2 calls booked" in calendar.describe_day(day)
    image: QImage = calendar.grab().toImage()
    image.save(str(tmp_path / "calendar.png"))
    assert image.width() >= calendar.minimumSizeHint().width()
    qtbot.keyClick(calendar, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())

    # A call booked from the form is counted too, once recorded.
    form = window.form
    qtbot.keyClicks(form.destination, "07700 900125")
    qtbot.keyClicks(form.username, "reception")
    qtbot.keyClicks(form.source, "Surgery")
    qtbot.mouseClick(form.times.edit.lineEdit(), LEFT)
    qtbot.keyClicks(form.times.edit, "1100")
    qtbot.keyClick(form.times.edit, Qt.Key.Key_Return)
    qtbot.mouseClick(form.send_button, LEFT)
    qtbot.waitUntil(lambda: calendar.count(day) == 3, timeout=5000)
    assert calendar.count(day + timedelta(days=1)) == 0
