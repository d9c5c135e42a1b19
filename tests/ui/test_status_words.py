"""The status bar says what happened to a call in the history's plain words."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from voicecall_desktop.sandbox import Sandbox

from .conftest import WindowFactory, fill, press_send


def test_a_booked_call_is_said_booked_with_the_credits_left(
    make_window: WindowFactory, qtbot: QtBot, sandbox: Sandbox, api_key: str
) -> None:
    window = make_window(sandbox.url)
    fill(window, qtbot)
    press_send(window, qtbot)
    qtbot.waitUntil(lambda: "Booked" in window.statusBar().currentMessage(), timeout=10_000)
    message = window.statusBar().currentMessage()
    assert message.startswith("Call #1: Booked.") and "Credits left: " in message
    assert "Sent. Queued" not in message


def test_a_refused_call_is_said_refused_with_the_reason(
    make_window: WindowFactory, qtbot: QtBot, sandbox: Sandbox, api_key: str
) -> None:
    sandbox.set_mode("reject", times=1)
    window = make_window(sandbox.url)
    fill(window, qtbot)
    press_send(window, qtbot)
    qtbot.waitUntil(lambda: "Refused" in window.statusBar().currentMessage(), timeout=10_000)
    assert window.statusBar().currentMessage().startswith("Call #1: Refused")
