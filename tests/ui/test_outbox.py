"""Drafts and the outbox: save, edit, delete, take back; keyboard shortcuts; the model alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.days import open_day
from tests.kit import not_none
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import Service
from voicecall_desktop.ui.calls.outbox import COL_STATE, HEADERS, OutboxModel
from voicecall_desktop.ui.common.table_model import ROW_ROLE
from voicecall_desktop.ui.window.main_window import MainWindow

from .booking_helpers import Answers
from .conftest import WindowFactory, fill, tomorrow, unused_port


def editing(window: MainWindow) -> int | None:
    """The draft the form edits now (read through a call, so mypy does not keep an old answer)."""
    return window.form.call_id


def test_the_outbox_model_works_without_a_view(qtbot: QtBot, home: object) -> None:
    service = Service()
    try:
        draft = service.save_draft(CallForm(destination="0770"))
        queued = service.submit(
            CallForm(destination="07700 900123", username="r", source="Surgery", day=open_day(2))
        ).record
        model = OutboxModel()
        model.set_records([draft, queued])
        assert model.rowCount() == 2 and model.columnCount() == len(HEADERS)
        assert HEADERS[COL_STATE] == "Result"
        index = model.index(0, COL_STATE)
        assert index.data() == "Draft"
        assert index.data(Qt.ItemDataRole.DecorationRole) is not None
        assert index.data(ROW_ROLE) == draft
        # Not the vendor's "Queued", nor "Queued" beside a "Sent": the receptionist's words.
        assert model.index(1, COL_STATE).data() == "Waiting to send"
    finally:
        service.close()


def test_a_draft_is_saved_edited_and_deleted(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", show=False)
    fill(window, qtbot, destination="0770")  # half-filled: a draft is never refused
    window.menus.draft.trigger()
    [draft] = window.service.page().rows
    assert draft.state is CallState.DRAFT and draft.destination_text == "0770"
    assert editing(window) == draft.id and "Editing draft" in window.form.title.text()
    assert window.outbox.model.rowCount() == 1

    window.menus.new.trigger()
    assert window.form.destination.text() == "" and editing(window) is None
    window.outbox.view.selectRow(0)
    qtbot.mouseClick(window.outbox.edit_button, Qt.MouseButton.LeftButton)
    assert window.form.destination.text() == "0770" and editing(window) == draft.id
    qtbot.keyClicks(window.form.destination, "0 900123")
    window.menus.draft.trigger()
    assert not_none(window.service.get(draft.id)).destination == 447700900123
    assert window.service.count() == 1  # edited in place

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.outbox.view.selectRow(0)
    qtbot.mouseClick(window.outbox.delete_button, Qt.MouseButton.LeftButton)
    assert window.service.count() == 0 and window.outbox.model.rowCount() == 0


def test_new_keeps_unsaved_work_as_a_draft(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", show=False)
    fill(window, qtbot)
    Answers(qtbot).next(Qt.Key.Key_Return)  # "Keep as draft?": Enter keeps it
    window.menus.new.trigger()
    [kept] = window.service.page().rows
    assert kept.state is CallState.DRAFT and kept.destination == 447700900123
    assert window.form.destination.text() == ""


def test_closing_keeps_unsaved_work_as_a_draft(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", show=False)
    fill(window, qtbot)
    home = window.service.home
    window.close()
    service = Service(home)
    try:
        [kept] = service.page().rows
        assert kept.state is CallState.DRAFT
    finally:
        service.close()


def test_a_queued_call_can_be_taken_back_to_draft(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", show=False)
    form = CallForm(destination="07700 900123", username="r", source="Surgery", day=tomorrow())
    queued = window.service.submit(form).record
    window.refresh()
    assert window.status.queued.text() == "Outbox: 1 queued"
    window.outbox.view.selectRow(0)
    assert window.outbox.back_button.isEnabled() and not window.outbox.edit_button.isEnabled()
    qtbot.mouseClick(window.outbox.back_button, Qt.MouseButton.LeftButton)
    assert window.service.get(queued.id).state is CallState.DRAFT  # type: ignore[union-attr]
    assert window.status.queued.text() == "Outbox: 0 queued"


def test_keyboard_shortcuts(make_window: WindowFactory, qtbot: QtBot, api_key: str) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    fill(window, qtbot, destination="0770")
    window.form.destination.setFocus()
    qtbot.keyClick(window.form.destination, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.service.count() == 1
    qtbot.keyClick(window.form.destination, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.form.destination.text() == ""
    fill(window, qtbot)
    qtbot.keyClick(window.form.destination, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.service.count([CallState.QUEUED]) == 1, timeout=3000)
