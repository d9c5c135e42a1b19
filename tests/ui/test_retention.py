"""Removing old calls from the window: at start-up, on demand, and "Mark as reviewed"."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.store_access import desk_store
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import Service
from voicecall_desktop.ui.window.main_window import MainWindow

from .conftest import WindowFactory, tomorrow


def seed(service: Service, state: CallState, days_old: int, *, reviewed: bool = False) -> int:
    """A call in ``state`` booked ``days_old`` days ago (written straight into the store)."""
    record = service.save_draft(
        CallForm(destination="07700 900123", username="u", source="Surgery", day=tomorrow())
    )
    created = (datetime.now(UTC) - timedelta(days=days_old)).isoformat()
    with desk_store(service) as store, store.db.transaction() as tx:
        tx.execute(
            "UPDATE calls SET state = ?, created_at = ?, reviewed = ? WHERE id = ?",
            (state.value, created, int(reviewed), record.id),
        )
    return record.id


def seed_all(service: Service) -> tuple[set[int], set[int]]:
    """Calls that a 90-day purge must remove, and those it must keep."""
    due = {
        seed(service, CallState.SENT, 91),
        seed(service, CallState.REJECTED, 200),
        seed(service, CallState.UNKNOWN, 120, reviewed=True),
    }
    kept = {
        seed(service, CallState.UNKNOWN, 120),  # nobody has looked at it yet
        seed(service, CallState.SENT, 89),
        seed(service, CallState.DRAFT, 300),
        seed(service, CallState.QUEUED, 300),
    }
    return due, kept


def ids(service: Service) -> set[int]:
    return {r.id for r in service.page(limit=100).rows}


def quiet(make_window: WindowFactory, **options: object) -> MainWindow:
    """A shown window that sends nothing by itself (no connection checks, no flush)."""
    return make_window(start_monitor=False, **options)


def test_start_up_removes_exactly_what_is_due_and_says_so(
    make_window: WindowFactory, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    service = Service()
    due, kept = seed_all(service)
    service.close()
    caplog.set_level(logging.INFO)

    window = quiet(make_window)
    message = "Removed 3 calls older than 90 days."
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == message, timeout=5000)
    assert ids(window.service) == kept and not due & ids(window.service)
    assert window.history.model.rowCount() == len(kept)  # the history was read again
    assert any("purged 3 call(s) older than 90 days" in r.getMessage() for r in caplog.records)


def test_start_up_with_nothing_due_logs_it_without_a_message(
    make_window: WindowFactory, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    window = make_window(show=False, start_monitor=False)
    recent = seed(window.service, CallState.SENT, 5)
    with qtbot.waitSignal(window.purger.finished, timeout=5000) as done:
        window.show()
    assert done.args == [0, 90, False]
    assert window.statusBar().currentMessage() == "" and recent in ids(window.service)
    assert any("purged 0 call(s)" in r.getMessage() for r in caplog.records)


def test_a_hidden_window_does_not_purge_and_first_paint_is_not_held_up(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(show=False, start_monitor=False)
    sent = seed(window.service, CallState.SENT, 400)
    qtbot.wait(50)
    assert not window.purger.running and sent in ids(window.service)
    window.show()
    assert window.purger.running is False  # deferred to the event loop, after the show
    qtbot.waitUntil(lambda: sent not in ids(window.service), timeout=5000)


def test_remove_old_calls_asks_with_the_period_then_says_how_many_went(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = quiet(make_window, purge_on_start=False)
    service = window.service
    service.save_settings(service.settings().model_copy(update={"retention_days": 30}))
    old = {seed(service, CallState.SENT, 31), seed(service, CallState.REJECTED, 45)}
    kept = {seed(service, CallState.SENT, 29), seed(service, CallState.UNKNOWN, 45)}
    questions: list[str] = []
    answers = [QMessageBox.StandardButton.No, *[QMessageBox.StandardButton.Yes] * 2]

    def question(_parent: object, _title: str, text: str, *_: object) -> QMessageBox.StandardButton:
        questions.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_: told.append(text))

    assert not window.remove_old_calls()
    assert "more than 30 days ago" in questions[0] and "unknown" in questions[0]
    assert ids(service) == old | kept

    with qtbot.waitSignal(window.purger.finished, timeout=5000):
        window.menus.purge.trigger()
    assert ids(service) == kept
    assert told == ["Removed 2 calls older than 30 days."]
    assert window.statusBar().currentMessage() == "Removed 2 calls older than 30 days."

    with qtbot.waitSignal(window.purger.finished, timeout=5000):
        window.menus.purge.trigger()
    assert told[-1].startswith("No calls older than 30 days")


def test_mark_as_reviewed_lets_an_unknown_call_be_purged(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = quiet(make_window, purge_on_start=False)
    service = window.service
    unknown = seed(service, CallState.UNKNOWN, 120)
    sent = seed(service, CallState.SENT, 1)
    window.refresh()
    pane = window.history
    assert pane.select_call(sent) and not pane.reviewed_action.isEnabled()
    assert pane.select_call(unknown)
    assert pane.reviewed_action.isEnabled() and pane.reviewed_button.isEnabled()
    assert "Reviewed not yet" in pane.detail.toPlainText().replace("\n", " ").replace("  ", " ")

    pane.reviewed_action.trigger()
    record = service.get(unknown)
    assert record is not None and record.reviewed and record.state is CallState.UNKNOWN
    assert not pane.reviewed_action.isEnabled()
    assert "marked as reviewed" in window.statusBar().currentMessage()

    monkeypatch.setattr(QMessageBox, "question", lambda *_: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *_: None)
    with qtbot.waitSignal(window.purger.finished, timeout=5000):
        window.remove_old_calls()
    assert ids(service) == {sent}
