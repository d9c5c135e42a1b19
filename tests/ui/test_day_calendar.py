"""The Date calendar and box: past days shut, holidays and closures marked, counts drawn,
Alt+Down/F4 open it (issue 11 "Calendar", issue 14 items 2, 3, 5).

"Today" is 10/12/2026 throughout, so December 2026 shows Christmas Day (Fri 25),
Boxing Day (Sat 26) and its substitute (Mon 28), and a closure on Thu 17.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QModelIndex, QPoint, Qt, qInstallMessageHandler
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from voicecall_desktop.core.settings import Settings
from voicecall_desktop.ui.booking.day_calendar import (
    HOLIDAY_MARK,
    PAST_TEXT,
    SHUT_BACKGROUND,
    DayCalendar,
    DayEdit,
)

TODAY = date(2026, 12, 10)
LEFT = Qt.MouseButton.LeftButton
ALT = Qt.KeyboardModifier.AltModifier
SETTINGS = Settings(closures=[{"date": "2026-12-17", "reason": "Staff training"}])
COUNTS = {
    date(2026, 12, 8): 5,
    date(2026, 12, 11): 140,
    date(2026, 12, 15): 3,
    date(2026, 12, 28): 1,
}


def today() -> date:
    return TODAY


@pytest.fixture
def calendar(qtbot: QtBot) -> DayCalendar:
    calendar = DayCalendar(SETTINGS, today=today)
    qtbot.addWidget(calendar)
    calendar.set_counts(COUNTS, date(2026, 12, 1), date(2026, 12, 31))
    calendar.show()
    qtbot.waitExposed(calendar)
    return calendar


def view_of(calendar: DayCalendar) -> QTableView:
    view = calendar.findChild(QTableView)
    assert view is not None
    return view


def index_of(calendar: DayCalendar, day: date) -> QModelIndex:
    """The cell of ``day`` on the page (Monday first, no week numbers, one header row)."""
    first = date(calendar.yearShown(), day.month, 1)
    # Qt shows a whole week of the month before when the 1st is a Monday.
    start = first - timedelta(days=first.weekday() or 7)
    offset = (day - start).days
    view = view_of(calendar)
    index = view.model().index(1 + offset // 7, offset % 7)
    assert index.data(Qt.ItemDataRole.DisplayRole) in (day.day, str(day.day)), "wrong cell"
    return index


def click_day(qtbot: QtBot, calendar: DayCalendar, day: date) -> None:
    view = view_of(calendar)
    rect = view.visualRect(index_of(calendar, day))
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())


def tooltip(calendar: DayCalendar, day: date) -> str:
    return str(index_of(calendar, day).data(Qt.ItemDataRole.ToolTipRole) or "")


def test_opens_on_today_with_past_days_shut(calendar: DayCalendar) -> None:
    assert calendar.minimumDate() == QDate(2026, 12, 10)
    assert calendar.selectedDate() == QDate(2026, 12, 10)
    assert "in the past" in tooltip(calendar, date(2026, 12, 9))


def test_a_past_day_cannot_be_clicked(qtbot: QtBot, calendar: DayCalendar) -> None:
    calendar.setSelectedDate(QDate(2026, 12, 15))
    clicked: list[QDate] = []
    calendar.clicked.connect(clicked.append)
    click_day(qtbot, calendar, date(2026, 12, 9))
    assert clicked == []
    assert calendar.selectedDate() == QDate(2026, 12, 15)


def test_keys_stop_at_today(qtbot: QtBot, calendar: DayCalendar) -> None:
    view = view_of(calendar)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert calendar.selectedDate() == QDate(2026, 12, 10)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert calendar.selectedDate() == QDate(2026, 12, 11)


def test_holidays_and_closures_are_named_in_the_tooltip(calendar: DayCalendar) -> None:
    assert "Bank holiday: Christmas Day" in tooltip(calendar, date(2026, 12, 25))
    assert "Bank holiday: Boxing Day" in tooltip(calendar, date(2026, 12, 26))
    # Boxing Day falls on a Saturday: the Monday after is the bank holiday.
    assert "Bank holiday: Boxing Day (observed)" in tooltip(calendar, date(2026, 12, 28))
    assert "Closed: Staff training" in tooltip(calendar, date(2026, 12, 17))
    assert "Closed on Sundays" in tooltip(calendar, date(2026, 12, 13))
    assert "1 call booked" in tooltip(calendar, date(2026, 12, 28))
    assert "140 calls booked" in tooltip(calendar, date(2026, 12, 11))


def test_shut_days_stay_selectable(qtbot: QtBot, calendar: DayCalendar) -> None:
    # Booking one needs a yes from the person; the form asks, the calendar does not refuse.
    click_day(qtbot, calendar, date(2026, 12, 25))
    assert calendar.selectedDate() == QDate(2026, 12, 25)
    description = calendar.accessibleDescription()
    assert description == "Friday 25/12/2026: Bank holiday: Christmas Day; no calls booked"
    click_day(qtbot, calendar, date(2026, 12, 28))
    assert "Bank holiday: Boxing Day (observed); 1 call booked" in (
        calendar.accessibleDescription()
    )
    click_day(qtbot, calendar, date(2026, 12, 17))
    assert "Closed: Staff training" in calendar.accessibleDescription()


def test_the_page_is_worked_out_again_on_change(qtbot: QtBot, calendar: DayCalendar) -> None:
    shown: list[tuple[date, date]] = []
    calendar.monthShown.connect(lambda first, last: shown.append((first, last)))
    view = view_of(calendar)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert shown == [(date(2027, 1, 1), date(2027, 1, 31))]
    assert "Bank holiday: New Year's Day" in tooltip(calendar, date(2027, 1, 1))
    # Scotland also has 2 January (moved to Monday 4th in 2027).
    calendar.set_settings(Settings(nation="scotland"))
    assert "Bank holiday" in tooltip(calendar, date(2027, 1, 4))


def test_counts_for_two_months_arriving_in_either_order(calendar: DayCalendar) -> None:
    january = {date(2027, 1, 5): 2}
    calendar.set_counts(january, date(2027, 1, 1), date(2027, 1, 31))
    assert calendar.count(date(2026, 12, 15)) == 3, "December's answer is kept"
    calendar.set_counts({}, date(2026, 12, 1), date(2026, 12, 31))
    assert calendar.count(date(2026, 12, 15)) == 0, "a day left out has none"
    assert calendar.count(date(2027, 1, 5)) == 2
    calendar.set_counts({date(2026, 12, 20): 4})
    assert calendar.count(date(2027, 1, 5)) == 0, "without a range, the counts are replaced"


def test_today_moves_on(qtbot: QtBot) -> None:
    days = [date(2026, 12, 10)]
    calendar = DayCalendar(SETTINGS, today=lambda: days[-1])
    qtbot.addWidget(calendar)
    calendar.show()
    qtbot.waitExposed(calendar)
    days.append(date(2026, 12, 11))  # the app left open overnight
    view = view_of(calendar)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert calendar.minimumDate() == QDate(2026, 12, 11)
    assert calendar.selectedDate() == QDate(2026, 12, 11)


def colour_at(image: QImage, point: QPoint) -> QColor:
    return image.pixelColor(point)


def test_render_december_2026(calendar: DayCalendar, tmp_path: Path) -> None:
    """Offscreen render, kept at /tmp/day_calendar_december_2026.png to look at."""
    calendar.setSelectedDate(QDate(2026, 12, 15))
    image = calendar.grab().toImage()
    image.save(str(tmp_path / "calendar.png"))
    image.save("/tmp/day_calendar_december_2026.png")
    view = view_of(calendar)
    origin = view.viewport().mapTo(calendar, QPoint(0, 0))

    def cell(day: date) -> tuple[QPoint, QPoint]:
        rect = view.visualRect(index_of(calendar, day)).translated(origin)
        return rect.topLeft(), rect.bottomLeft()

    # A shut day's background, the holiday's corner mark, a past day's faint number.
    top, bottom = cell(date(2026, 12, 24))
    assert colour_at(image, bottom + QPoint(4, -4)) != SHUT_BACKGROUND, "an open day"
    top, bottom = cell(date(2026, 12, 25))
    assert colour_at(image, bottom + QPoint(4, -4)) == SHUT_BACKGROUND
    assert colour_at(image, top + QPoint(2, 2)) == HOLIDAY_MARK
    past = view.visualRect(index_of(calendar, date(2026, 12, 9))).translated(origin)
    colours = {
        colour_at(image, QPoint(x, y)).name()
        for x in range(past.left(), past.right())
        for y in range(past.top(), past.bottom())
    }
    assert PAST_TEXT.name() in colours, "the past day's number is drawn faint"


#: What the offscreen platform says when any pop-up opens (like conftest's QT_NOISE).
POPUP_NOISE = (
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
)


@pytest.fixture
def popup_noise_ignored() -> Iterator[None]:
    """Pass every Qt message on to pytest-qt's log except the offscreen pop-up notes."""

    def handler(kind: Any, context: Any, message: str) -> None:
        if message not in POPUP_NOISE and previous is not None:
            previous(kind, context, message)

    previous = qInstallMessageHandler(handler)
    yield
    qInstallMessageHandler(previous)


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.day = DayEdit(DayCalendar(SETTINGS, today=today))
        self.day.setObjectName("Date")
        self.after = QLineEdit()
        layout = QVBoxLayout(self)
        layout.addWidget(self.day)
        layout.addWidget(self.after)


@pytest.fixture
def form(qtbot: QtBot, popup_noise_ignored: None) -> Form:
    form = Form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.day.setDate(QDate(2026, 12, 14))
    form.day.setFocus()
    return form


def popup_open(form: Form) -> bool:
    return form.day.calendarWidget().isVisible()


@pytest.mark.parametrize(("key", "modifier"), [(Qt.Key.Key_Down, ALT), (Qt.Key.Key_F4, None)])
def test_alt_down_and_f4_open_the_calendar(
    qtbot: QtBot, form: Form, key: Qt.Key, modifier: Qt.KeyboardModifier | None
) -> None:
    if modifier is None:
        qtbot.keyClick(form.day, key)
    else:
        qtbot.keyClick(form.day, key, modifier)
    qtbot.waitUntil(lambda: popup_open(form))
    assert form.day.date() == QDate(2026, 12, 14), "the day is not stepped"
    calendar = form.day.calendarWidget()
    assert calendar.selectedDate() == QDate(2026, 12, 14)
    # Choose with keys, as a person would: two days on, Enter.
    view = view_of(form.day.day_calendar)
    focus = QApplication.focusWidget() or view
    qtbot.keyClick(focus, Qt.Key.Key_Right)
    qtbot.keyClick(focus, Qt.Key.Key_Right)
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup_open(form))
    assert form.day.date() == QDate(2026, 12, 16)


def test_plain_down_still_steps_the_day(qtbot: QtBot, form: Form) -> None:
    form.day.setCurrentSection(form.day.Section.DaySection)
    qtbot.keyClick(form.day, Qt.Key.Key_Down)
    assert form.day.date() == QDate(2026, 12, 13)
    assert not popup_open(form)


def test_in_the_popup_a_past_day_cannot_be_chosen(qtbot: QtBot, form: Form) -> None:
    qtbot.keyClick(form.day, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: popup_open(form))
    calendar = form.day.day_calendar
    view = view_of(calendar)
    focus = QApplication.focusWidget() or view
    # From Monday 14th: left to Friday 11th, today (10th), then no further.
    for _ in range(5):
        qtbot.keyClick(focus, Qt.Key.Key_Left)
    assert calendar.selectedDate() == QDate(2026, 12, 10)
    assert form.day.date() == QDate(2026, 12, 10)
    # Up a week would be the 3rd: refused.
    qtbot.keyClick(focus, Qt.Key.Key_Up)
    assert form.day.date() == QDate(2026, 12, 10)
    click_day(qtbot, calendar, date(2026, 12, 3))
    assert popup_open(form), "a click on a past day chooses nothing"
    click_day(qtbot, calendar, date(2026, 12, 25))
    qtbot.waitUntil(lambda: not popup_open(form))
    assert form.day.date() == QDate(2026, 12, 25), "a bank holiday can be chosen (the form asks)"


def test_a_past_draft_day_is_shown_as_it_is(qtbot: QtBot, form: Form) -> None:
    # A draft from last week keeps its day in the box (the form says it is past);
    # opening and closing the calendar with Escape does not move it to today.
    form.day.setDate(QDate(2026, 12, 1))
    qtbot.keyClick(form.day, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: popup_open(form))
    assert form.day.day_calendar.minimumDate() == QDate(2026, 12, 10)
    assert form.day.date() == QDate(2026, 12, 1)
    focus = QApplication.focusWidget() or view_of(form.day.day_calendar)
    qtbot.keyClick(focus, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup_open(form))
    assert form.day.date() == QDate(2026, 12, 1)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("16/01/2027", QDate(2027, 1, 16)),
        ("16012027", QDate(2027, 1, 16)),
        ("3/2/2027", QDate(2027, 2, 3)),
        ("03.02.2027", QDate(2027, 2, 3)),
    ],
)
def test_a_whole_date_typed_in_the_box_is_the_day(
    qtbot: QtBot, form: Form, typed: str, day: QDate
) -> None:
    """Each "/" moves on one part, also right after Qt has moved on by itself (a full
    "16"): it left the box for the next field ("01/2027" there), or went on twice ("01"
    into the year). Tab after the year leaves the box."""
    qtbot.waitUntil(form.day.hasFocus)
    qtbot.keyClicks(form.day, typed)
    assert form.day.hasFocus()
    qtbot.keyClick(form.day, Qt.Key.Key_Tab)
    assert form.day.date() == day
    assert form.after.hasFocus() and form.after.text() == ""


def test_shift_tab_back_into_the_box_starts_a_typed_date_at_the_day(
    qtbot: QtBot, form: Form
) -> None:
    form.after.setFocus()
    qtbot.waitUntil(form.after.hasFocus)
    qtbot.keyClick(form.after, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert form.day.hasFocus()
    qtbot.keyClicks(form.day, "18/01/2027")
    qtbot.keyClick(form.day, Qt.Key.Key_Tab)
    assert form.day.date() == QDate(2027, 1, 18)
