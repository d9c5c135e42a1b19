"""The window on the shared store, against a real PostgreSQL: two desks, one URL.

Desk A is a real window (its own data folder); desk B is a second Service on
another data folder with the same URL, as a colleague's PC would be. Sending
goes to the sandbox over loopback, so what reached "PatientComms" is counted.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from tests.days import open_day
from tests.kit import not_none
from tests.pg.server import PgServer
from tests.reliability.helpers import free_port
from tests.ui.conftest import (  # noqa: F401  (make_window and the collector are fixtures)
    WindowFactory,
    child,
    collect_garbage_on_the_gui_thread,
    fill,
    make_window,
    press_send,
)
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service
from voicecall_desktop.ui.calls.cells import COL_BOOKED_BY, COL_DESK
from voicecall_desktop.ui.calls.outbox import COL_DESK as OUTBOX_DESK
from voicecall_desktop.ui.common.table_model import ROW_ROLE
from voicecall_desktop.ui.window.main_window import MainWindow

pytestmark = pytest.mark.slow


def history_numbers(window: MainWindow) -> list[int]:
    model = child(window, QTableView, "HistoryView").model()
    return [model.index(r, 0).data(ROW_ROLE).destination for r in range(model.rowCount())]


def label_text(window: MainWindow) -> str:
    """The label's full words (a long server address is elided in the text shown)."""
    return str(child(window, QLabel, "SharedStoreLabel").accessibleName())


def notice(window: MainWindow) -> str:
    return str(child(window, QLabel, "FormNotice").text())


def test_a_call_booked_at_another_desk_appears_without_a_refresh(
    qtbot: QtBot,
    make_window: WindowFactory,  # noqa: F811
    pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)
    window = make_window()
    window.resize(1800, 900)
    assert "Shared store" in label_text(window)
    assert child(window, QLabel, "SharedStoreLabel").isVisible()
    history = child(window, QTableView, "HistoryView")
    qtbot.waitUntil(lambda: not history.isColumnHidden(COL_DESK), timeout=5000)
    assert not history.isColumnHidden(COL_BOOKED_BY)
    window.resize(1024, 600)  # a narrow screen: the desk and the person give way first
    qtbot.waitUntil(lambda: history.isColumnHidden(COL_DESK), timeout=5000)
    window.resize(1800, 900)
    qtbot.waitUntil(lambda: not history.isColumnHidden(COL_DESK), timeout=5000)

    form = CallForm(destination="07700 900321", source="Surgery", username="rec", day=open_day(2))
    with Service(tmp_path / "desk-b") as desk_b:
        # The listener connects on its own thread: book until desk A has heard one.
        booked: list[int] = []

        def heard() -> bool:
            if 447700900321 in history_numbers(window):
                return True
            if len(booked) < 10:
                booked.append(desk_b.save_draft(form).id)
            return False

        qtbot.waitUntil(heard, timeout=15_000)
    outbox = child(window, QTableView, "OutboxView")
    qtbot.waitUntil(lambda: outbox.model().rowCount() >= 1, timeout=5000)
    assert not outbox.isColumnHidden(OUTBOX_DESK)
    assert (
        outbox.model().index(0, OUTBOX_DESK).data()
        == outbox.model().index(0, 0).data(ROW_ROLE).booked_on
    )
    model = history.model()
    row = history_numbers(window).index(447700900321)
    record = model.index(row, 0).data(ROW_ROLE)
    assert model.index(row, COL_DESK).data() == record.booked_on != ""
    assert model.index(row, COL_BOOKED_BY).data() == record.booked_by != ""


def test_the_columns_and_the_label_stay_away_on_this_pcs_own_store(
    make_window: WindowFactory,  # noqa: F811
) -> None:
    window = make_window()
    window.resize(1600, 900)
    history = child(window, QTableView, "HistoryView")
    outbox = child(window, QTableView, "OutboxView")
    assert history.isColumnHidden(COL_DESK) and history.isColumnHidden(COL_BOOKED_BY)
    assert outbox.isColumnHidden(OUTBOX_DESK)
    assert not child(window, QLabel, "SharedStoreLabel").isVisible()
    assert not window.shared_store.retry_timer.isActive()


def test_server_stopped_send_keeps_the_call_queued_then_it_moves_once_and_goes_out_once(
    qtbot: QtBot,
    make_window: WindowFactory,  # noqa: F811
    pg_url: str,
    pg_server: PgServer,
    sandbox: Sandbox,
    api_key: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)
    # No connection monitor: its flushes would also move the call (service.flush retries);
    # here the window's own retry must do it, and a person sends it.
    window = make_window(sandbox.url, start_monitor=False)
    watch = window.shared_store
    assert window.service.store_status().reachable
    pg_server.halt("fast")
    try:
        fill(window, qtbot, destination="07700 900654")
        press_send(window, qtbot)
        qtbot.waitUntil(lambda: window.booking.pending_id is None, timeout=15_000)
        said = notice(window)
        assert "shared store cannot be reached" in said and "kept queued on this PC" in said, said
        assert "taken by another" not in said
        qtbot.waitUntil(lambda: "kept on this PC" in label_text(window), timeout=5000)
        assert sandbox.received == []
        assert watch.retry() is True  # still down: kept, nothing lost
        watch.task.wait()
        qtbot.waitUntil(lambda: not watch.task.running, timeout=5000)
        assert not window.service.store_status().reachable
    finally:
        pg_server.resume()

    moved: list[int] = []
    watch.moved.connect(moved.append)
    with qtbot.waitSignal(watch.moved, timeout=15_000):
        assert watch.retry() is True
    assert moved == [1]
    assert "Shared store" in label_text(window) and "kept" not in label_text(window)
    assert watch.retry() is False  # reachable: nothing more to move
    # It is in the outbox once; "Send queued now" sends it, once, from the shared store.
    outbox = child(window, QTableView, "OutboxView").model()
    qtbot.waitUntil(lambda: outbox.rowCount() == 1, timeout=5000)
    assert outbox.index(0, 0).data(ROW_ROLE).destination == 447700900654
    qtbot.mouseClick(child(window, QPushButton, "SendQueuedButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(sandbox.received) == 1, timeout=20_000)
    qtbot.wait(500)
    assert [r["body"]["Destination"] for r in sandbox.received] == [447700900654]
    calls = window.service.page(search="900654").rows
    assert [c.destination for c in calls] == [447700900654]
    qtbot.waitUntil(
        lambda: not_none(window.service.get(calls[0].id)).state is CallState.SENT, timeout=10_000
    )


def test_checking_a_form_with_the_server_gone_keeps_new_calls_on_this_pc(
    home: Path, pg_url: str, pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Service.validate (the window's first check before Send) falls back as submit does."""
    monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)
    form = CallForm(destination="07700 900987", source="Surgery", username="rec", day=open_day(2))
    with Service(home) as service:
        assert service.store_status().reachable
        pg_server.halt("fast")
        try:
            spec, _notes = service.validate(form)
            assert spec.destination == 447700900987
            status = service.store_status()
            assert status.shared and not status.reachable
            assert service.submit(form).record.state is CallState.QUEUED
        finally:
            pg_server.resume()
        assert service.retry_shared_store() == 1
        assert [r.destination for r in service.page(search="900987").rows] == [447700900987]


def test_two_retries_at_once_move_a_kept_call_once(
    home: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's retry timer and a flush on the send thread may try together."""
    monkeypatch.setenv("VOICECALL_DATABASE_URL", f"postgresql://desk@127.0.0.1:{free_port()}/vc")
    form = CallForm(destination="07700 900246", source="Surgery", username="rec", day=open_day(2))
    with Service(home) as service:
        assert not service.store_status().reachable
        service.submit(form)
        monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)
        start = threading.Barrier(2)
        results: list[int] = []

        def retry() -> None:
            start.wait()
            results.append(service.retry_shared_store())

        threads = [threading.Thread(target=retry) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(results) == [0, 1]
        assert [r.destination for r in service.page(search="900246").rows] == [447700900246]


def test_a_draft_kept_here_and_open_in_the_form_never_overwrites_another_desks_call(
    qtbot: QtBot,
    make_window: WindowFactory,  # noqa: F811
    pg_url: str,
    pg_server: PgServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After the move, the form's draft number was this PC's own: it must not name a shared call."""
    monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)
    window = make_window(start_monitor=False)
    pg_server.halt("fast")
    try:
        fill(window, qtbot, destination="07700 900135")
        qtbot.mouseClick(child(window, QPushButton, "SaveDraftButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.form.call_id is not None, timeout=10_000)
        local_id = window.form.call_id
    finally:
        pg_server.resume()
    form = CallForm(destination="07700 900579", source="Surgery", username="b", day=open_day(2))
    with Service(tmp_path / "desk-b") as desk_b:
        others = [desk_b.save_draft(form).id for _ in range(3)]  # ids the local one may equal
    with qtbot.waitSignal(window.shared_store.moved, timeout=15_000):
        assert window.shared_store.retry()
    assert window.form.call_id is None
    qtbot.keyClicks(window.form.destination, "9")  # an edit, then Save draft again
    qtbot.mouseClick(child(window, QPushButton, "SaveDraftButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.form.call_id is not None, timeout=10_000)
    for other in others:
        kept = window.service.get(other)
        assert kept is not None and kept.destination == 447700900579, (local_id, other)
