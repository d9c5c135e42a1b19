"""Settings in plain words: calling hours, numbers abroad, Advanced for IT, checked first."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from voicecall_desktop.ui.dialogs.settings import ADVANCED_TAB, HOURS_TAB, SettingsDialog

from .conftest import LEFT, WindowFactory


def open_dialog(make_window: WindowFactory, qtbot: QtBot) -> SettingsDialog:
    window = make_window(show=False)
    dialog = SettingsDialog(window.service, window.host)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def go_to_tab(dialog: SettingsDialog, qtbot: QtBot, index: int) -> None:
    bar = dialog.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


def retype(qtbot: QtBot, edit: QWidget, text: str) -> None:
    qtbot.mouseClick(edit, LEFT)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def press_save(dialog: SettingsDialog, qtbot: QtBot) -> None:
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert isinstance(save, QAbstractButton)
    qtbot.mouseClick(save, LEFT)


def test_calling_hours_open_days_and_closures_are_typed_and_saved(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    dialog = open_dialog(make_window, qtbot)
    go_to_tab(dialog, qtbot, HOURS_TAB)
    hours = dialog.hours
    retype(qtbot, hours.calls_from, "7.30")
    retype(qtbot, hours.calls_to, "6pm")
    for day in ("fri", "sat"):  # closed on Fridays, open on Saturdays
        box = hours.days[day]
        qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    qtbot.mouseClick(hours.closures, LEFT)
    qtbot.keyClicks(hours.closures, "24/12/2026 Staff training")
    qtbot.keyClick(hours.closures, Qt.Key.Key_Return)
    qtbot.keyClicks(hours.closures, "2027-01-04 Boiler repair")
    hours.nation.setFocus()
    qtbot.keyClick(hours.nation, Qt.Key.Key_Down)  # Scotland
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        press_save(dialog, qtbot)
    saved = dialog._service.settings()
    assert (saved.quiet_hours_end, saved.quiet_hours_start) == (time(7, 30), time(18, 0))
    assert saved.open_weekdays == ["mon", "tue", "wed", "thu", "sat"]
    assert [(c.date, c.reason) for c in saved.closures] == [
        (date(2026, 12, 24), "Staff training"),
        (date(2027, 1, 4), "Boiler repair"),
    ]
    assert saved.nation == "scotland"


def test_a_wrong_time_or_closure_is_named_beside_its_field_and_nothing_is_saved(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    dialog = open_dialog(make_window, qtbot)
    before = dialog._service.settings()
    go_to_tab(dialog, qtbot, ADVANCED_TAB)  # the mistake is on another tab: it is shown
    retype(qtbot, dialog.hours.calls_to, "25:99")
    press_save(dialog, qtbot)
    assert dialog.isVisible() and dialog.tabs.currentIndex() == HOURS_TAB
    assert dialog.hours.hours_message.message().startswith("Calls to:")
    assert "Calls to" in dialog.save_message.text()
    assert dialog._service.settings() == before
    retype(qtbot, dialog.hours.calls_to, "20:00")
    qtbot.mouseClick(dialog.hours.closures, LEFT)
    qtbot.keyClicks(dialog.hours.closures, "31/02/2027 Never")
    press_save(dialog, qtbot)
    assert "Closures" in dialog.hours.closures_message.message()
    assert dialog._service.settings() == before


def test_the_defaults_are_checked_with_the_forms_rules_before_saving(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    dialog = open_dialog(make_window, qtbot)
    retype(qtbot, dialog.source, "X")  # the form wants 3 to 14 characters
    press_save(dialog, qtbot)
    assert dialog.isVisible()
    assert dialog.defaults_message.message().startswith("Source:")
    assert dialog._service.settings().source == ""
    retype(qtbot, dialog.source, "Riverside GP")
    box = dialog.allow_abroad
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))  # on its tick box
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        press_save(dialog, qtbot)
    saved = dialog._service.settings()
    assert saved.source == "Riverside GP" and saved.allow_abroad


def test_advanced_holds_the_it_settings_with_the_per_attempt_deadline(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    dialog = open_dialog(make_window, qtbot)
    assert dialog.tabs.currentIndex() == 0 and not dialog.send_deadline.isVisible()
    go_to_tab(dialog, qtbot, ADVANCED_TAB)
    for widget in (dialog.base_url, dialog.format, dialog.connect_timeout, dialog.send_deadline):
        assert widget.isVisible() and widget.toolTip()  # each says what it is for
    retype(qtbot, dialog.send_deadline.lineEdit(), "45")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        press_save(dialog, qtbot)
    assert dialog._service.settings().send_deadline == 45.0


def test_settings_fixed_by_it_are_read_only_and_say_so(
    make_window: WindowFactory, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"source": "Riverside GP", "retention_days": 30}), "utf-8")
    monkeypatch.setenv("VOICECALL_POLICY", str(policy))
    dialog = open_dialog(make_window, qtbot)
    assert dialog.source.text() == "Riverside GP" and dialog.source.isReadOnly()
    assert not dialog.retention.isEnabled()
    for name in ("source", "retention_days"):
        note = dialog.findChild(QLabel, f"{name}Locked")
        assert note is not None and note.isVisible()
        assert "Set by your IT department" in note.text() and str(policy) in note.toolTip()
    qtbot.mouseClick(dialog.source, LEFT)
    qtbot.keyClicks(dialog.source, "X")  # typing does nothing in a read-only field
    assert dialog.source.text() == "Riverside GP"
    retype(qtbot, dialog.username, "reception")  # a field IT left alone still saves
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        press_save(dialog, qtbot)
    saved = dialog._service.settings()
    assert saved.username == "reception" and saved.source == "Riverside GP"
