"""Who booked a call, on which PC, and who sent it again: in the detail panel and the export."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import CallEvent
from voicecall_desktop.ui.calls.cells import actor_text, sent_again_text
from voicecall_desktop.ui.calls.detail import booked_by_text
from voicecall_desktop.ui.calls.export import CSV_HEADER, export_csv

from .conftest import WindowFactory
from .test_retention import seed


def test_detail_and_export_show_who_booked_and_who_sent_again(
    make_window: WindowFactory, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(start_monitor=False, purge_on_start=False)
    service = window.service
    service.user, service.machine = "reception", "FRONT-DESK-1"
    plain = seed(service, CallState.SENT, 1)
    again = seed(service, CallState.REJECTED, 1)
    service.user, service.machine = "practice.manager", "OFFICE-PC"
    service.send_again(again)
    window.refresh()
    pane = window.history

    assert pane.select_call(again)
    text = pane.detail.toPlainText()
    assert "by reception on FRONT-DESK-1" in text
    assert "Sent again" in text and "by practice.manager on OFFICE-PC" in text
    assert pane.select_call(plain)
    assert "Sent again" not in pane.detail.toPlainText()

    target = tmp_path / "calls.csv"
    with qtbot.waitSignal(pane.exportFinished, timeout=5000):
        pane.export_to(str(target))
    rows = {
        r["Call ID"]: r for r in csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines())
    }
    assert {"Booked by", "Booked on", "Sent again"} <= set(CSV_HEADER)
    first, second = rows[str(plain)], rows[str(again)]
    assert (first["Booked by"], first["Booked on"], first["Sent again"]) == (
        "reception",
        "FRONT-DESK-1",
        "",
    )
    assert second["Booked by"] == "reception" and second["Booked on"] == "FRONT-DESK-1"
    assert second["Sent again"].endswith(" by practice.manager on OFFICE-PC")


def test_export_without_events_keeps_the_column_empty(
    make_window: WindowFactory, tmp_path: Path
) -> None:
    service = make_window(show=False, start_monitor=False).service
    call = seed(service, CallState.REJECTED, 1)
    service.send_again(call)
    record = service.get(call)
    assert record is not None
    target = tmp_path / "plain.csv"
    assert export_csv([record], target) == 1
    [row] = csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines())
    assert row["Sent again"] == "" and row["Booked by"] == service.user


def test_audit_wording() -> None:
    assert actor_text("reception@PC-12") == "reception on PC-12"
    assert actor_text("no-machine") == "no-machine" and actor_text("") == ""
    when = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    Q, U, S = CallState.QUEUED, CallState.UNKNOWN, CallState.SENDING
    events = [
        CallEvent(id=1, call_id=1, at=when, from_state=None, to_state=Q, actor="a@B", note=""),
        CallEvent(id=2, call_id=1, at=when, from_state=U, to_state=Q, actor="c@D", note=""),
        CallEvent(id=3, call_id=1, at=when, from_state=Q, to_state=S, actor="c@D", note=""),
    ]
    assert sent_again_text(events) == "05/01/2026 09:30 by c on D"


def test_booked_by_text_leaves_out_a_missing_machine(make_window: WindowFactory) -> None:
    service = make_window(show=False, start_monitor=False).service
    record = service.get(seed(service, CallState.SENT, 0))
    assert record is not None
    assert booked_by_text(record).endswith(f" by {service.user} on {service.machine}")
    assert booked_by_text(replace(record, booked_on="")).endswith(f" by {service.user}")
