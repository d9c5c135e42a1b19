"""Presets in the window: save the form as one, pick one, edit, rename, delete."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.presets import Preset
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.ui.booking import presets as presets_ui
from voicecall_desktop.ui.booking import presets_dialog
from voicecall_desktop.ui.booking.form import CallFormWidget
from voicecall_desktop.ui.booking.preset_names import PresetNameDialog
from voicecall_desktop.ui.booking.presets_dialog import PresetsDialog
from voicecall_desktop.ui.window.main_window import MainWindow

from .conftest import LEFT, WindowFactory, child, fill, tomorrow


def editing(bar: presets_ui.PresetBar) -> str | None:
    """The preset ``bar`` edits now (read through a call, so mypy does not keep an old answer)."""
    return bar.editing


WEEKLY = Preset(
    name="Weekly flu",
    username="reception",
    source="Surgery",
    site="SITE-1",
    restrict_sends=True,
    times=(time(9, 30), time(14, 0)),
)


def answer_names(monkeypatch: pytest.MonkeyPatch, *names: str | None) -> list[dict[str, Any]]:
    """Make the name prompt answer ``names`` in turn; returns what it was asked."""
    asked: list[dict[str, Any]] = []
    replies = list(names)

    def ask(
        _parent: object,
        title: str,
        text: str,
        existing: Sequence[str],
        *,
        renaming: str | None = None,
    ) -> str | None:
        asked.append(
            {"title": title, "text": text, "existing": list(existing), "renaming": renaming}
        )
        return replies.pop(0)

    monkeypatch.setattr(presets_ui, "ask_name", ask)  # Save as…
    monkeypatch.setattr(presets_dialog, "ask_name", ask)  # Rename…
    return asked


def answer_questions(monkeypatch: pytest.MonkeyPatch, *replies: bool) -> list[str]:
    asked: list[str] = []
    queue = list(replies)

    def question(_parent: object, _title: str, text: str, *_: object) -> QMessageBox.StandardButton:
        asked.append(text)
        yes = queue.pop(0)
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def patient_only(form: CallFormWidget, number: str, day: date) -> None:
    """A form with a patient's number and day, and the sender fields left empty."""
    form.clear(Settings())
    form.load(CallForm(destination=number, day=day))


def sender(form: CallFormWidget) -> tuple[str, str, str, bool, tuple[time, ...]]:
    typed = form.form()
    return typed.username, typed.source, typed.site, typed.restrict_sends, typed.times


def test_save_from_a_filled_form_then_pick_on_a_cleared_one(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    combo = child(window, QComboBox, "PresetCombo")
    assert combo.accessibleName() == "Preset" and combo.currentIndex() == -1
    assert not combo.isEnabled()  # nothing saved yet
    fill(window, qtbot, times=(time(14, 0), time(9, 30)))
    asked = answer_names(monkeypatch, "  Weekly   flu ")
    qtbot.mouseClick(window.presets.save_button, LEFT)

    assert asked[0]["existing"] == []
    assert window.service.preset_names() == ["Weekly flu"]
    assert window.service.get_preset("Weekly flu") == WEEKLY  # never the number or the day
    assert combo.isEnabled() and combo.currentText() == "Weekly flu"

    later = date(tomorrow().year + 1, 1, 15)
    patient_only(window.form, "07700 900456", later)
    assert combo.currentIndex() == -1  # the form no longer holds what the preset filled in
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.form.destination, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is combo  # "Fill from preset:" is its label
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # choosing with the keyboard applies it

    assert sender(window.form) == ("reception", "Surgery", "SITE-1", True, WEEKLY.times)
    assert window.form.destination.text() == "07700 900456"
    assert window.form.form().day == later
    assert combo.currentText() == "Weekly flu"
    assert "Weekly flu" in window.statusBar().currentMessage()
    window.form.source.setText("Other GP")
    assert combo.currentIndex() == -1


def test_picking_keeps_the_draft_being_edited_and_clears_old_field_errors(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(show=False)
    window.service.save_preset(WEEKLY)
    window.presets.reload()
    window.form.load(CallForm(destination="07700 900123", source="ab", day=tomorrow()), 7)
    window.form.show_errors([FieldError("Source", "must be 3 to 14 characters")])
    assert window.form.error_text("Source")
    assert window.presets.apply("weekly FLU")  # names are found whatever their case
    assert window.form.call_id == 7 and window.form.is_dirty()
    assert window.form.error_text("Source") == ""
    assert sender(window.form)[1] == "Surgery"


def test_saving_under_a_taken_name_asks_before_replacing(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(show=False)
    window.service.save_preset(WEEKLY)
    window.presets.reload()
    fill(window, qtbot, source="Riverside", times=(time(11, 0),))
    answer_names(monkeypatch, "weekly flu", "weekly flu")
    questions = answer_questions(monkeypatch, False, True)

    assert not window.presets.save_as()
    assert "Weekly flu" in questions[0]
    assert window.service.get_preset("Weekly flu") == WEEKLY  # "No" changed nothing

    assert window.presets.save_as()
    assert window.service.preset_names() == ["weekly flu"]
    saved = window.service.get_preset("weekly flu")
    assert saved is not None and saved.source == "Riverside" and saved.times == (time(11, 0),)


def test_the_name_prompt_checks_as_you_type(qtbot: QtBot) -> None:
    dialog = PresetNameDialog("Save as preset", "", ["Weekly flu"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and not dialog.message.is_error  # nothing typed is not an error
    qtbot.keyClicks(dialog.edit, "x" * 61)
    assert not ok.isEnabled() and "60 characters" in dialog.message.message()
    dialog.edit.setText("WEEKLY FLU")
    assert ok.isEnabled() and "Replaces the preset “Weekly flu”" in dialog.message.text()

    rename = PresetNameDialog(
        "Rename preset", "Monday", ["Weekly flu", "Monday"], renaming="Monday"
    )
    qtbot.addWidget(rename)
    ok = rename.buttons.button(QDialogButtonBox.StandardButton.Ok)
    rename.edit.setText("weekly flu")
    assert not ok.isEnabled() and "already a preset" in rename.message.message()
    rename.edit.setText("MONDAY")  # its own name in another case is fine
    assert ok.isEnabled() and rename.name() == "MONDAY"


def test_rename_and_delete_in_the_manage_dialog(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(show=False)
    service = window.service
    service.save_preset(WEEKLY)
    service.save_preset(WEEKLY.model_copy(update={"name": "Asthma review", "source": "Nurse"}))
    dialog = PresetsDialog(service, parent=window)
    qtbot.addWidget(dialog)
    changed: list[bool] = []
    dialog.presetsChanged.connect(lambda: changed.append(True))
    assert dialog.names() == ["Asthma review", "Weekly flu"]
    assert dialog.current_name() == "Asthma review" and "Nurse" in dialog.details.text()

    dialog.select("weekly flu")
    asked = answer_names(monkeypatch, "Flu clinic")
    qtbot.mouseClick(dialog.rename_button, LEFT)
    assert asked[0]["renaming"] == "Weekly flu" and asked[0]["text"] == "Weekly flu"
    assert service.preset_names() == ["Asthma review", "Flu clinic"]
    assert service.get_preset("Flu clinic") == WEEKLY.model_copy(update={"name": "Flu clinic"})
    assert dialog.current_name() == "Flu clinic" and changed

    questions = answer_questions(monkeypatch, False, True)
    qtbot.mouseClick(dialog.delete_button, LEFT)
    assert "Flu clinic" in questions[0] and service.preset_names() == [
        "Asthma review",
        "Flu clinic",
    ]
    qtbot.mouseClick(dialog.delete_button, LEFT)
    assert service.preset_names() == ["Asthma review"]
    assert dialog.names() == ["Asthma review"] and dialog.current_name() == "Asthma review"


def test_edit_loads_a_preset_into_the_form_and_saves_it_back(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(show=False)
    window.service.save_preset(WEEKLY)
    window.presets.reload()
    patient_only(window.form, "07700 900123", tomorrow())

    dialog = PresetsDialog(window.service, parent=window)
    qtbot.addWidget(dialog)
    dialog.editRequested.connect(window.presets.edit)
    qtbot.mouseClick(dialog.edit_button, LEFT)
    assert dialog.result() == dialog.DialogCode.Accepted
    bar = window.presets
    assert editing(bar) == "Weekly flu" and not bar.edit_strip.isHidden()
    assert "Editing preset “Weekly flu”" in bar.edit_label.accessibleName()
    assert sender(window.form)[1] == "Surgery"

    window.form.source.setText("Flu team")
    window.form.restrict.setChecked(False)
    qtbot.mouseClick(bar.update_button, LEFT)
    saved = window.service.get_preset("Weekly flu")
    assert saved is not None and saved.source == "Flu team" and not saved.restrict_sends
    assert saved.times == WEEKLY.times
    assert editing(bar) is None and bar.edit_strip.isHidden()
    assert window.form.destination.text() == "07700 900123"


def test_the_preset_controls_come_before_the_number_in_tab_order(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window: MainWindow = make_window()
    window.service.save_preset(WEEKLY)
    window.presets.reload()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    bar = window.presets
    bar.combo.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [bar.combo, bar.save_button, bar.manage_button, window.form.destination]
    for button in (bar.save_button, bar.manage_button):
        assert button.accessibleName() and button.toolTip()
