"""The call form on its own: live hints, the times list, the preview, accessibility."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLineEdit, QPushButton, QTimeEdit, QWidget
from pytestqt.qtbot import QtBot

from voicecall_desktop.core.settings import Settings
from voicecall_desktop.ui.booking.form import CallFormWidget, field_for

from .conftest import shows_error, tomorrow

INPUTS = (
    (QLineEdit, "Destination"),
    (QLineEdit, "Source"),
    (QLineEdit, "Username"),
    (QLineEdit, "CustomerSiteId"),
    (QCheckBox, "RestrictSends"),
    (QDateEdit, "Date"),
    (QTimeEdit, "TimeEdit"),
    (QPushButton, "AddTimeButton"),
    (QWidget, "Times"),
    (QPushButton, "SendButton"),
    (QPushButton, "SaveDraftButton"),
)


def make_form(qtbot: QtBot) -> CallFormWidget:
    form = CallFormWidget()
    qtbot.addWidget(form)
    return form


def test_every_input_has_its_contract_name_an_accessible_name_and_a_tooltip(
    qtbot: QtBot,
) -> None:
    form = make_form(qtbot)
    for kind, name in INPUTS:
        widget = form.findChild(kind, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
        assert widget.toolTip(), name


def test_the_date_is_en_gb_with_a_calendar_whatever_the_locale(qtbot: QtBot) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        form = make_form(qtbot)
    finally:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    form.day.setDate(QDate(2030, 1, 7))
    assert form.day.calendarPopup()
    assert form.day.text() == "07/01/2030"
    assert form.times.edit.displayFormat() == "HH:mm"


def test_destination_shows_the_normalised_number_or_an_error_as_typed(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    qtbot.keyClicks(form.destination, "07700 900123")
    hint = form.messages["Destination"]
    assert "447700900123" in hint.text() and not shows_error(hint)
    form.destination.clear()
    qtbot.keyClicks(form.destination, "07700 9001x")
    assert shows_error(hint) and "not a phone number" in hint.text()
    form.destination.clear()
    assert not hint.isVisibleTo(form)


def test_times_stay_sorted_without_repeats_and_enter_adds(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    day = tomorrow()
    form.day.setDate(QDate(day.year, day.month, day.day))
    for moment in (QTime(14, 0), QTime(9, 30)):
        form.times.edit.setTime(moment)
        qtbot.keyClick(form.times.edit, Qt.Key.Key_Return)
    assert form.times.times() == (time(9, 30), time(14, 0))
    form.times.edit.setTime(QTime(9, 30))
    qtbot.mouseClick(form.times.add_button, Qt.MouseButton.LeftButton)
    assert "already in the list" in form.messages["Times"].text()
    assert form.times.times() == (time(9, 30), time(14, 0))
    form.times.list.setCurrentRow(0)
    qtbot.keyClick(form.times.list, Qt.Key.Key_Delete)
    assert form.times.times() == (time(14, 0),)


def test_the_preview_is_the_request_body_with_the_key_masked(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    form.clear(Settings(username="reception", source="Surgery"))
    assert "Not ready" in form.preview.text.toPlainText()
    qtbot.keyClicks(form.destination, "07700 900123")
    text = form.preview.text.toPlainText()
    assert '"Destination": 447700900123' in text
    assert '"APIKey": "********-****-****-****-************"' in text
    form.set_format("xml")
    text = form.preview.text.toPlainText()
    assert text.startswith("<VoiceRequest") and "<Destination>447700900123</Destination>" in text
    assert "00000000-0000-0000-0000-000000000000" not in text


def test_dirty_tracking_and_defaults(qtbot: QtBot) -> None:
    form = make_form(qtbot)
    form.clear(Settings(username="reception", source="Surgery", restrict_sends=True))
    assert form.username.text() == "reception" and form.restrict.isChecked()
    assert not form.is_dirty() and not form.has_content()
    qtbot.keyClicks(form.destination, "0770")
    assert form.is_dirty() and form.has_content()


def test_error_keys_map_to_fields() -> None:
    assert field_for("request.Destination") == "Destination"
    assert field_for("customersiteid") == "CustomerSiteId"
    assert field_for("HTTP") is None


def test_tab_from_the_day_goes_to_the_time_and_never_into_the_month(qtbot: QtBot) -> None:
    # Found under Xvfb: number, Tab, Tab, "1230", Enter put 12 into the day's month
    # (Qt's date box tabs from day to month to year), so another day was booked.
    form = make_form(qtbot)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    day = tomorrow()
    form.day.setDate(QDate(day.year, day.month, day.day))
    form.destination.setFocus()
    qtbot.waitUntil(form.destination.hasFocus)
    qtbot.keyClicks(form.destination, "07700 900123")
    qtbot.keyClick(form.destination, Qt.Key.Key_Tab)
    assert form.day.hasFocus()
    qtbot.keyClick(form.day, Qt.Key.Key_Tab)
    assert form.times.edit.hasFocus()
    qtbot.keyClicks(form.times.edit, "1230")
    qtbot.keyClick(form.times.edit, Qt.Key.Key_Return)
    assert form.day.date() == QDate(day.year, day.month, day.day)
    assert form.times.times() == (time(12, 30),)
    qtbot.keyClick(form.times.edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert form.day.hasFocus()
