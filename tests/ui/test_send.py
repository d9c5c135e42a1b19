"""Booking through the window against the real sandbox on 127.0.0.1."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtWidgets import QLineEdit, QListWidget, QMessageBox
from pytestqt.qtbot import QtBot

from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox

from .conftest import (
    WindowFactory,
    child,
    error_text,
    fill,
    history_states,
    press_send,
    tomorrow,
    unused_port,
)


def test_every_field_by_name_then_send_ends_with_a_sent_row(
    make_window: WindowFactory, qtbot: QtBot, sandbox: Sandbox, api_key: str
) -> None:
    window = make_window(sandbox.url)
    fill(window, qtbot, times=(time(14, 0), time(9, 30)))
    assert [child(window, QListWidget, "Times").item(i).text() for i in range(2)] == [
        "09:30",
        "14:00",
    ]
    press_send(window, qtbot)

    qtbot.waitUntil(lambda: "Sent" in history_states(window), timeout=5000)
    [received] = sandbox.received
    body = received["body"]
    assert body["Destination"] == 447700900123
    assert body["Username"] == "reception"
    assert body["Source"] == "Surgery"
    assert body["CustomerSiteId"] == "SITE-1"
    assert body["RestrictSends"] is True
    day = tomorrow().isoformat()
    assert body["Date"].startswith(f"{day}T00:00:00")
    assert [t[:19] for t in body["Times"]] == [f"{day}T09:30:00", f"{day}T14:00:00"]
    assert api_key not in received["raw"]
    # Accepted: the form is ready for the next call, with the sender fields from settings.
    assert child(window, QLineEdit, "Destination").text() == ""
    assert child(window, QListWidget, "Times").count() == 0
    assert window.status.credits.text().startswith("Credits: ")


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("Destination", {"destination": "12345"}),
        ("Destination", {"destination": ""}),
        ("Username", {"username": ""}),
        ("Source", {"source": "ab"}),
        ("Source", {"source": "x" * 15}),
        ("CustomerSiteId", {"site": "s" * 101}),
    ],
)
def test_an_invalid_field_shows_its_message_and_nothing_is_sent(
    make_window: WindowFactory,
    qtbot: QtBot,
    sandbox: Sandbox,
    api_key: str,
    field: str,
    change: dict[str, str],
) -> None:
    window = make_window(sandbox.url, show=False)
    fill(window, qtbot, **change)  # type: ignore[arg-type]
    press_send(window, qtbot)
    assert error_text(window, field), f"no inline message under {field}"
    others = {"Destination", "Username", "Source", "CustomerSiteId", "Date", "Times"} - {field}
    assert not [f for f in others if error_text(window, f)]
    qtbot.wait(100)
    assert sandbox.received == []
    assert window.service.count() == 0
    assert window.form.form().destination == change.get("destination", "07700 900123")


def test_a_past_day_is_refused_inline(
    make_window: WindowFactory, qtbot: QtBot, sandbox: Sandbox, api_key: str
) -> None:
    from datetime import timedelta

    from voicecall_desktop.core.schedule import local_now

    window = make_window(sandbox.url, show=False)
    fill(window, qtbot, day=local_now().date() - timedelta(days=1), times=())
    assert "has passed" in error_text(window, "Date")  # shown as soon as it is picked
    press_send(window, qtbot)
    assert "has passed" in error_text(window, "Date")
    assert sandbox.received == [] and window.service.count() == 0


def test_a_time_already_past_today_is_refused_when_added(
    make_window: WindowFactory, qtbot: QtBot, sandbox: Sandbox
) -> None:
    from PySide6.QtCore import QDate, QTime
    from PySide6.QtWidgets import QDateEdit, QPushButton, QTimeEdit

    from voicecall_desktop.core.schedule import local_now

    now = local_now()
    if now.hour == 0 and now.minute < 2:
        pytest.skip("no earlier minute today")
    window = make_window(sandbox.url, show=False)
    child(window, QDateEdit, "Date").setDate(QDate(now.year, now.month, now.day))
    child(window, QTimeEdit, "TimeEdit").setTime(QTime(0, 0))
    from PySide6.QtCore import Qt

    qtbot.mouseClick(child(window, QPushButton, "AddTimeButton"), Qt.MouseButton.LeftButton)
    assert "already passed" in error_text(window, "Times")
    assert child(window, QListWidget, "Times").count() == 0


def test_a_refused_call_keeps_the_form_and_shows_the_api_errors_by_field(
    make_window: WindowFactory, qtbot: QtBot, sandbox: Sandbox, api_key: str
) -> None:
    sandbox.set_mode("reject")
    window = make_window(sandbox.url)
    fill(window, qtbot)
    typed = window.form.form()
    press_send(window, qtbot)
    qtbot.waitUntil(lambda: "Rejected" in history_states(window), timeout=5000)
    qtbot.waitUntil(lambda: window.booking.pending_id is None)
    assert window.form.form() == typed
    assert "barred" in error_text(window, "Destination")
    assert window.form.call_id is None  # a new call: the refused one stays in the history


@pytest.mark.parametrize("shown", [True, False], ids=["shown", "hidden"])
def test_sent_while_the_api_is_down_it_queues_and_goes_once_when_it_is_back(
    make_window: WindowFactory, qtbot: QtBot, api_key: str, shown: bool
) -> None:
    port = unused_port()
    window = make_window(f"http://127.0.0.1:{port}/", show=shown)
    qtbot.waitUntil(lambda: window.monitor.state == "offline", timeout=5000)
    fill(window, qtbot)
    typed = window.form.form()
    press_send(window, qtbot)
    qtbot.waitUntil(lambda: window.booking.pending_id is None, timeout=5000)

    [record] = window.service.page().rows
    assert record.state is CallState.QUEUED
    assert record.form == typed
    assert "safe in the outbox" in window.form.notice_text()
    # Safe in the outbox: the form is cleared, so a second Send cannot book it twice.
    assert window.form.destination.text() == "" and window.form.times.times() == ()
    assert window.outbox.model.rowCount() == 1
    assert window.status.queued.text() == "Outbox: 1 queued"

    with Sandbox(port=port) as sandbox:
        qtbot.waitUntil(
            lambda: window.service.get(record.id).state is CallState.SENT,  # type: ignore[union-attr]
            timeout=5000,
        )
        qtbot.wait(500)  # several more probes: nothing is sent twice
        assert len(sandbox.received) == 1
    assert window.outbox.model.rowCount() == 0
    assert history_states(window) == ["Sent"]
    assert window.form.notice_text() == ""  # "safe in the outbox" went with the delivery


def test_a_second_call_to_the_same_number_that_day_is_warned_about(
    make_window: WindowFactory,
    qtbot: QtBot,
    sandbox: Sandbox,
    api_key: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers: list[str] = []
    reply = QMessageBox.StandardButton.No

    def warning(parent: object, title: str, text: str, *args: object) -> object:
        answers.append(text)
        return reply

    monkeypatch.setattr(QMessageBox, "warning", warning)
    window = make_window(sandbox.url)
    fill(window, qtbot)
    press_send(window, qtbot)
    qtbot.waitUntil(lambda: "Sent" in history_states(window), timeout=5000)
    assert answers == []

    fill(window, qtbot, destination="+44 7700 900123", times=(time(16, 0),))
    typed = window.form.form()
    press_send(window, qtbot)
    assert len(answers) == 1 and "07700 900123" in answers[0]
    assert window.form.form() == typed  # "No": nothing booked, nothing lost
    assert window.service.count() == 1 and len(sandbox.received) == 1

    reply = QMessageBox.StandardButton.Yes
    press_send(window, qtbot)
    qtbot.waitUntil(lambda: history_states(window) == ["Sent", "Sent"], timeout=5000)
    assert len(answers) == 2 and len(sandbox.received) == 2


def test_send_without_a_key_keeps_the_form_and_says_what_to_do(
    make_window: WindowFactory, qtbot: QtBot, sandbox: Sandbox
) -> None:
    window = make_window(sandbox.url)
    # The keyring is asked off the GUI thread once the window has painted.
    qtbot.waitUntil(window.key_banner.isVisible, timeout=5000)
    fill(window, qtbot)
    typed = window.form.form()
    press_send(window, qtbot)
    assert "no API key" in window.form.notice.text()
    assert window.form.form() == typed
    assert window.service.count() == 0 and sandbox.received == []
