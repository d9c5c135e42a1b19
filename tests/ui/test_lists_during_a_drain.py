"""The outbox and history while calls are being sent: rows in place, lists read a few times.

Reading both lists after every answer stalled the window for most of a drain;
now each answer updates its own row, the lists are read off the GUI thread at
most every ``REFRESH_DELAY_MS``, and a read that a newer one overtook is dropped.
"""

from __future__ import annotations

import dataclasses
import gc
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPersistentModelIndex, Qt, QUrl
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState, Outcome
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import AttemptResult, Service
from voicecall_desktop.store import CallRecord, StoreError
from voicecall_desktop.ui.calls.history import HistoryPane
from voicecall_desktop.ui.calls.history_model import HistoryModel
from voicecall_desktop.ui.calls.outbox import COL_DESTINATION, COL_NOTE, OutboxModel, OutboxPane
from voicecall_desktop.ui.calls.reader import newest
from voicecall_desktop.ui.common import gc_guard
from voicecall_desktop.ui.window.connection import ONLINE
from voicecall_desktop.ui.window.main_window import MainWindow

from .conftest import WindowFactory, history_states, tomorrow, unused_port

T0 = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def record(call_id: int, state: CallState = CallState.QUEUED, *, minutes: int = 0) -> CallRecord:
    at = T0 + timedelta(minutes=minutes)
    return CallRecord(
        id=call_id,
        state=state,
        destination=447700900000 + call_id,
        destination_text="",
        username="reception",
        source="Surgery",
        site="",
        restrict_sends=True,
        day=None,
        times=(),
        created_at=T0,
        updated_at=at,
    )


def form() -> CallForm:
    return CallForm(destination="07700 900123", username="r", source="Surgery", day=tomorrow())


# -- the models alone ---------------------------------------------------------------


def test_the_outbox_model_applies_differences_and_never_resets(qtbot: QtBot) -> None:
    model = OutboxModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_records([record(i) for i in (1, 2, 3, 4)])
    pinned = QPersistentModelIndex(model.index(2, 0))  # call 3
    model.set_records([record(2, CallState.SENDING), record(3), record(5), record(6)])
    assert [model.record(r).id for r in range(model.rowCount())] == [2, 3, 5, 6]
    assert model.record(0).state is CallState.SENDING
    assert pinned.isValid() and pinned.row() == 1  # a row that stayed is the same row
    assert resets == []


def test_outbox_put_updates_a_row_or_takes_it_out_once_the_call_has_left(qtbot: QtBot) -> None:
    model = OutboxModel()
    model.set_records([record(1), record(2)])
    changed: list[int] = []
    model.dataChanged.connect(lambda top, *_: changed.append(top.row()))
    assert model.put(record(2, CallState.SENDING, minutes=1))
    assert changed == [1] and model.record(1).state is CallState.SENDING
    assert model.put(record(1, CallState.SENT, minutes=2))
    assert [model.record(r).id for r in range(model.rowCount())] == [2]
    assert not model.put(record(9, CallState.QUEUED))  # not shown: left to the next read


def test_history_put_shows_a_new_state_only_without_a_filter(qtbot: QtBot, home: Any) -> None:
    service = Service()
    try:
        made = [service.submit(form()).record for _ in range(3)]
        model = HistoryModel(service)
        sent = dataclasses.replace(made[1], state=CallState.SENT)
        assert model.put(sent)
        assert model.record(model.row_of(sent.id) or 0).state is CallState.SENT
        model.set_filter("", CallState.QUEUED)
        assert not model.put(dataclasses.replace(made[0], state=CallState.SENT))
        assert all(model.record(r).state is CallState.QUEUED for r in range(model.rowCount()))
    finally:
        service.close()


def test_a_history_read_made_before_a_refresh_is_not_shown(qtbot: QtBot, home: Any) -> None:
    service = Service()
    try:
        service.submit(form())
        pane = HistoryPane(service)
        qtbot.addWidget(pane)
        reads = pane.model.reads
        stale = service.page(limit=pane.model.refresh_depth())  # as a reader would
        service.submit(form())
        pane.refresh()  # newer than ``stale``
        assert not pane.apply_refreshed(stale.rows, stale.has_more, reads)
        assert pane.model.rowCount() == 2
        fresh = service.page(limit=pane.model.refresh_depth())
        assert pane.apply_refreshed(fresh.rows, fresh.has_more, pane.model.reads)
    finally:
        service.close()


def test_newest_keeps_the_later_of_two_versions_of_a_call() -> None:
    read = [record(1, CallState.SENDING, minutes=1), record(2, CallState.QUEUED, minutes=5)]
    shown = {
        1: record(1, CallState.SENT, minutes=2),  # answered after the read: newer
        2: record(2, CallState.QUEUED, minutes=3),  # older than what was read
    }
    assert [r.state for r in newest(read, shown)] == [CallState.SENT, CallState.QUEUED]
    assert newest(read, shown)[1].updated_at == T0 + timedelta(minutes=5)


def test_the_outbox_columns_are_not_sized_from_every_row(qtbot: QtBot) -> None:
    class Counting(OutboxModel):
        calls = 0

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            Counting.calls += 1
            return super().data(index, role)

    pane = OutboxPane()
    qtbot.addWidget(pane)
    pane.model = Counting(pane)
    pane.view.setModel(pane.model)
    pane.resize(800, 200)
    with qtbot.waitExposed(pane):
        pane.show()
    header = pane.view.horizontalHeader()
    assert header.sectionResizeMode(COL_DESTINATION) == QHeaderView.ResizeMode.Interactive
    assert header.sectionResizeMode(COL_NOTE) == QHeaderView.ResizeMode.Stretch
    pane.model.set_records([record(i) for i in range(1, 501)])
    qtbot.wait(50)
    shown = Counting.calls
    # As it was: every column sized to its contents.
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    Counting.calls = 0
    pane.model.set_records([record(i) for i in range(501, 1001)])
    qtbot.wait(50)
    # Only the rows on screen are asked for, not all 500 (as sizing to contents did).
    assert 0 < shown < 2000 < Counting.calls


# -- the window ----------------------------------------------------------------------


def test_a_drain_shows_each_answer_and_reads_the_lists_only_now_and_then(
    make_window: WindowFactory,
    qtbot: QtBot,
    sandbox: Sandbox,
    api_key: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refreshes: list[int] = []
    real = MainWindow.refresh

    def counted(self: MainWindow) -> None:
        refreshes.append(1)
        real(self)

    monkeypatch.setattr(MainWindow, "refresh", counted)
    window = make_window(sandbox.url, start_monitor=False)
    count = 30
    for _ in range(count):
        window.service.submit(form())
    window.refresh()
    assert window.outbox.model.rowCount() == count
    refreshes.clear()
    window.flush_now()
    # (waitSignal on the worker's signal would run its slot in the worker thread.)
    qtbot.waitUntil(lambda: not window.sending.flushing, timeout=20_000)
    assert window.outbox.model.rowCount() == 0
    assert history_states(window) == ["Sent"] * count
    assert window.status.queued.text() == "Outbox: 0 queued"
    assert len(refreshes) <= 2  # was one per call; now one at the end (the timer's reads
    # happen off the GUI thread)


def test_a_read_overtaken_by_a_refresh_is_dropped(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", start_monitor=False)
    draft = window.service.save_draft(form())
    window.refresh()
    assert window.outbox.model.rowCount() == 1
    window._refresh_in_background()
    assert window.reader.wait(5000)  # read, its answer not yet delivered
    window.service.delete_draft(draft.id)
    window.refresh()
    qtbot.wait(50)  # the old answer arrives now
    assert window.outbox.model.rowCount() == 0


def test_an_answer_shown_while_the_lists_were_read_is_kept(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", start_monitor=False)
    # Online before anything is queued: going online flushes the outbox, and that flush
    # (no key: it fails, then re-reads the lists, which say "queued") must not land
    # in the middle of the race staged below. With nothing queued it starts no flush.
    window.monitor.report(True)
    assert window.monitor.state == ONLINE and not window.sending.flushing
    queued = window.service.submit(form()).record
    window.refresh()
    window._refresh_in_background()
    assert window.reader.busy
    answered = dataclasses.replace(
        queued,
        state=CallState.SENT,
        updated_at=queued.updated_at + timedelta(seconds=1),
    )
    window.sending.on_attempted(AttemptResult(answered, Outcome.ACCEPTED, "Booked"))
    window._refresh_timer.stop()  # (the store was not told: a later read would say queued)
    assert window.outbox.model.rowCount() == 0 and history_states(window) == ["Sent"]
    assert window.reader.wait(5000)
    qtbot.waitUntil(lambda: not window.reader.busy)
    # The read (made before the answer) said "queued"; the answer is newer and stays.
    assert window.outbox.model.rowCount() == 0 and history_states(window) == ["Sent"]
    assert not window.sending.flushing  # the answer started no flush that could re-read the lists


def test_a_background_read_that_fails_is_reported(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", start_monitor=False)

    def broken(**_: object) -> object:
        raise StoreError("Cannot use the call database: the disk is full.")

    monkeypatch.setattr(window.service, "page", broken)
    window._refresh_in_background()
    qtbot.waitUntil(lambda: "disk is full" in window.statusBar().currentMessage(), timeout=5000)


def test_the_key_banner_can_wait_for_the_first_paint(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", defer_key_check=True)
    qtbot.waitUntil(window.key_banner.isVisible, timeout=5000)  # no key is stored
    assert window.key_banner.check.wait(5000)


def test_a_deferred_key_answer_older_than_a_direct_check_is_dropped(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", show=False, defer_key_check=True)
    window._start_key_check()
    assert window.key_banner.check.wait(5000)
    monkeypatch.setattr(window.service, "has_key", lambda: True)
    window.key_banner.check_now()  # e.g. after Settings stored a key
    qtbot.wait(50)  # the older answer ("no key") arrives now
    assert not window.key_banner.isVisibleTo(window)


def test_a_csv_dropped_on_the_window_is_still_recognised(qtbot: QtBot) -> None:
    from voicecall_desktop.ui.common.widgets import dropped_csv
    from voicecall_desktop.ui.common.widgets import dropped_csv as from_the_dialog

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile("/tmp/patients.CSV")])
    assert dropped_csv(mime) == from_the_dialog(mime) == "/tmp/patients.CSV"
    mime.setUrls([QUrl.fromLocalFile("/tmp/patients.txt")])
    assert dropped_csv(mime) is None


# -- start-up ------------------------------------------------------------------------


def test_collection_held_at_start_up_comes_back_when_the_window_lets_go(qtbot: QtBot) -> None:
    was = gc.isenabled()
    try:
        gc.enable()
        gc_guard.hold()
        assert not gc.isenabled()
        collector = gc_guard.GuiThreadCollector()
        assert not gc.isenabled()
        collector.stop()
        assert gc.isenabled()  # as it was before hold()

        gc.enable()
        gc_guard.hold()
        gc_guard.release()  # start-up failed before any window
        assert gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()
