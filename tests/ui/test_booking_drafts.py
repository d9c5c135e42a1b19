"""Drafts and notices: nothing typed is lost or kept unasked; no notice outlives its state."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.days import open_day
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service
from voicecall_desktop.ui.window.main_window import MainWindow

from .booking_helpers import LEFT, Answers, set_day
from .conftest import WindowFactory, error_text, history_states

CTRL = Qt.KeyboardModifier.ControlModifier


def ready(make_window: WindowFactory, qtbot: QtBot, url: str | None = None) -> MainWindow:
    window = make_window(url)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    set_day(window, open_day())
    return window


def type_call(qtbot: QtBot, window: MainWindow, number: str = "07700 900123") -> None:
    form = window.form
    qtbot.keyClicks(form.destination, number)
    qtbot.keyClicks(form.username, "reception")
    qtbot.keyClicks(form.source, "Surgery")
    qtbot.mouseClick(form.times.edit.lineEdit(), LEFT)
    qtbot.keyClicks(form.times.edit, "1000")
    qtbot.keyClick(form.times.edit, Qt.Key.Key_Return)


def ctrl_key(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    """A window shortcut, once the window is active again (after a question closed)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.form.destination, key, CTRL)


def ctrl_n(qtbot: QtBot, window: MainWindow) -> None:
    ctrl_key(qtbot, window, Qt.Key.Key_N)


def test_ctrl_n_asks_keep_discard_or_cancel_when_the_form_holds_a_number(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    type_call(qtbot, window)
    typed = window.form.form()
    answers = Answers(qtbot)

    answers.next("CancelButton")
    ctrl_n(qtbot, window)
    assert answers.seen[0].name == "KeepDraftQuestion" and "07700 900123" in answers.seen[0].text
    assert answers.seen[0].default == "KeepDraftButton"  # Enter loses nothing
    assert window.form.form() == typed and window.service.count() == 0

    answers.next("DiscardButton")
    ctrl_n(qtbot, window)
    assert window.form.destination.text() == "" and window.service.count() == 0

    type_call(qtbot, window)
    answers.next("KeepDraftButton")
    ctrl_n(qtbot, window)
    [kept] = window.service.page().rows
    assert kept.state is CallState.DRAFT and kept.destination == 447700900123
    assert window.form.destination.text() == ""
    assert len(answers.seen) == 3


def test_a_form_without_a_number_is_never_kept_and_nothing_is_asked(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    type_call(qtbot, window, number="")
    assert window.form.times.times() == (time(10, 0),)
    ctrl_n(qtbot, window)  # no question would hang here: none is asked
    assert window.form.times.times() == () and window.service.count() == 0
    home = window.service.home
    window.close()
    with Service(home) as service:
        assert service.count() == 0


def test_use_as_new_call_asks_first_and_cancel_keeps_the_form(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    old = window.service.save_draft(
        CallForm(destination="07700 900999", username="r", source="Surgery", day=open_day())
    )
    type_call(qtbot, window)
    typed = window.form.form()
    answers = Answers(qtbot)
    answers.next(Qt.Key.Key_Escape)
    assert window.booking.use_as_new(old) is False
    assert window.form.form() == typed
    answers.next("DiscardButton")
    assert window.booking.use_as_new(old) is True
    assert window.form.destination.text() == "07700 900999"
    assert window.service.count() == 1  # only the old draft: nothing kept silently


def test_deleting_the_draft_in_the_form_clears_the_form(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    type_call(qtbot, window)
    ctrl_key(qtbot, window, Qt.Key.Key_S)
    draft_id = window.form.call_id
    assert draft_id is not None
    answers = Answers(qtbot)
    answers.next(Qt.Key.Key_Y)  # "Delete draft #n?" Yes
    window.booking.delete_draft(draft_id)
    assert window.service.get(draft_id) is None
    assert window.form.destination.text() == "" and window.form.times.times() == ()
    assert window.form.call_id is None


def test_not_sent_correct_the_fields_goes_once_they_are_put_right(
    make_window: WindowFactory, qtbot: QtBot, api_key: str
) -> None:
    window = ready(make_window, qtbot)
    type_call(qtbot, window)
    window.form.source.clear()
    qtbot.keyClicks(window.form.source, "ab")  # 2 characters: too short
    qtbot.mouseClick(window.form.send_button, LEFT)
    assert "correct the fields marked in red" in window.form.notice_text()
    assert error_text(window, "Source")
    qtbot.keyClicks(window.form.source, "c")
    assert error_text(window, "Source") == ""
    assert window.form.notice_text() == ""


def test_not_booked_twice_goes_when_the_form_changes(
    make_window: WindowFactory, qtbot: QtBot, sandbox: Sandbox, api_key: str
) -> None:
    window = ready(make_window, qtbot, sandbox.url)
    type_call(qtbot, window)
    qtbot.mouseClick(window.form.send_button, LEFT)
    qtbot.waitUntil(lambda: "Sent" in history_states(window), timeout=5000)

    set_day(window, open_day())
    type_call(qtbot, window)
    answers = Answers(qtbot)
    answers.next(Qt.Key.Key_N)  # "Same patient, same day": No
    qtbot.mouseClick(window.form.send_button, LEFT)
    assert "chose not to call this number twice" in window.form.notice_text()
    qtbot.keyClicks(window.form.username, "2")
    assert window.form.notice_text() == ""
    assert window.service.count() == 1


def test_quit_asks_about_a_form_with_a_number_and_cancel_stays(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    type_call(qtbot, window)
    answers = Answers(qtbot)
    answers.next("CancelButton")
    ctrl_key(qtbot, window, Qt.Key.Key_Q)
    assert answers.seen[0].name == "KeepDraftQuestion"
    assert window.isVisible() and window.service.count() == 0

    home = window.service.home
    answers.next("DiscardButton")
    ctrl_key(qtbot, window, Qt.Key.Key_Q)
    qtbot.waitUntil(lambda: not window.isVisible())
    with Service(home) as service:
        assert service.count() == 0  # discarded: not kept at shutdown either


def test_edit_draft_on_the_open_draft_keeps_what_was_typed_since(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = ready(make_window, qtbot)
    draft = window.service.save_draft(
        CallForm(destination="07700 900999", username="r", source="Surgery", day=open_day())
    )
    assert window.booking.edit_draft(draft.id)
    qtbot.keyClicks(window.form.username, "eception")
    assert window.booking.edit_draft(draft.id)  # no question, nothing reloaded
    assert window.form.username.text() == "reception"
