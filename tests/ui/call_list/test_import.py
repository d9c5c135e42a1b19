"""The Import dialog: review a CSV call list, book it after a confirmation, send, pause.

Everything goes to the real sandbox on 127.0.0.1; ``sandbox.received`` is the
proof that each patient is called exactly once.
"""

from __future__ import annotations

import gc
import time
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QProgressBar,
    QTableView,
)
from pytestqt.qtbot import QtBot

from tests.days import open_day
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.presets import Preset
from voicecall_desktop.core.schedule import LONDON
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service
from voicecall_desktop.ui.call_list.dialog import REVIEW, ImportDialog
from voicecall_desktop.ui.call_list.model import ImportModel, LevelRole
from voicecall_desktop.ui.call_list.review import (
    COL_DATE,
    COL_NUMBER,
    COL_SOURCE,
    COL_STATUS,
    COL_TIMES,
    COL_USERNAME,
    HEADERS,
    Level,
    build_preview,
    overtaken,
)
from voicecall_desktop.ui.call_list.sending import DONE, PAUSED, STOPPED
from voicecall_desktop.ui.common.gc_guard import collect_due
from voicecall_desktop.ui.window.main_window import MainWindow

from ..conftest import LEFT
from .helpers import Answers, open_list, write

DAY = open_day(2)  # an open day: these tests are not about calling hours
UK, ISO = DAY.strftime("%d/%m/%Y"), DAY.isoformat()
BLOCKED = "07700 900109"
ALREADY = "07700 900207"

#: Excel's flavour: a BOM, semicolons, DD/MM/YYYY, a number that lost its 0, CRLF.
MIXED = (
    "\ufeffdestination;date;times;source;username;patient\r\n"
    f'07700 900201;{UK};"09:30;14:00";Surgery;reception;Mrs A\r\n'  # 2 valid
    f"7700900202;{ISO};10:00;;;Mr B\r\n"  # 3 valid: lost 0, blanks from Settings
    f"07700 9002;{UK};10:00;Surgery;reception;Mr C\r\n"  # 4 bad number
    f"07700 900204;31/02/2026;09:00;Surgery;reception;Ms D\r\n"  # 5 bad date
    f"07700 900205;{UK};25:00;Surgery;reception;Mrs E\r\n"  # 6 bad time
    f"07700 900201;{UK};11:00;Surgery;reception;Mrs A\r\n"  # 7 repeats row 2
    f"{BLOCKED};{UK};09:30;Surgery;reception;Mr F\r\n"  # 8 do-not-call
    f"07700 900206;{UK};12:00;Su;reception;Ms G\r\n"  # 9 Source too short
    f"{ALREADY};{UK};12:30;Surgery;reception;Mr H\r\n"  # 10 already booked that day
)
PROBLEMS = {
    4: {COL_NUMBER: "valid phone number"},
    5: {COL_DATE: "not a date"},
    6: {COL_TIMES: "not a time"},
    7: {COL_NUMBER: "repeats row 2"},
    8: {COL_NUMBER: "do-not-call list"},
    9: {COL_SOURCE: "3 to 14 characters"},
    10: {COL_NUMBER: "already has call #1"},  # the repeat rule: any desk, any run
}
VALID = {2: 447700900201, 3: 447700900202}


def csv_of(numbers: list[str]) -> str:
    lines = ["destination,date,times,source,username"]
    lines += [f"{n},{ISO},10:00,Surgery,reception" for n in numbers]
    return "\r\n".join(lines) + "\r\n"


def destinations(sandbox: Sandbox, status: int | None = 200) -> Counter[int]:
    return Counter(
        r["body"]["Destination"]
        for r in sandbox.received
        if status is None or r["http_status"] == status
    )


def wait_phase(qtbot: QtBot, dialog: ImportDialog, *phases: str) -> None:
    qtbot.waitUntil(lambda: dialog.phase in phases, timeout=10_000)


# -- the model, without a view ------------------------------------------------------


def test_the_review_marks_exactly_the_invalid_cells_with_their_reasons(
    qtbot: QtBot, home: Path, tmp_path: Path
) -> None:
    service = Service(home)
    try:
        service.save_settings(Settings(username="reception", source="Surgery"))
        service.block(BLOCKED)
        service.submit(CallForm(destination=ALREADY, username="r", source="Surgery", day=DAY))
        preview = build_preview(service, MIXED.encode("utf-8"), name="list.csv")
    finally:
        service.close()
    model = ImportModel()
    model.set_preview(preview)
    assert model.rowCount() == 9 and model.columnCount() == len(HEADERS)
    rows = {model.review_row(r).row.row: r for r in range(model.rowCount())}
    marked = {
        (number, column)
        for number, r in rows.items()
        for column in range(COL_STATUS)
        if model.index(r, column).data(LevelRole) == Level.PROBLEM
    }
    assert marked == {(n, c) for n, cells in PROBLEMS.items() for c in cells}
    for number, cells in PROBLEMS.items():
        status = model.index(rows[number], COL_STATUS)
        assert status.data(LevelRole) == Level.PROBLEM
        for column, reason in cells.items():
            index = model.index(rows[number], column)
            assert reason in index.data(Qt.ItemDataRole.ToolTipRole)
            assert reason in status.data(Qt.ItemDataRole.ToolTipRole)
            assert index.data(Qt.ItemDataRole.DecorationRole) is not None  # not colour alone
            assert "problem: " in index.data(Qt.ItemDataRole.AccessibleTextRole)
            assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(rows[7], COL_STATUS).data() == "Repeats row 2"
    assert model.index(rows[8], COL_STATUS).data() == "Do-not-call list"
    # Excel's lost 0 and the blanks filled from Settings, shown as such.
    assert model.index(rows[3], COL_NUMBER).data() == "07700 900202"
    assert model.index(rows[3], COL_USERNAME).data(LevelRole) == Level.INHERITED
    assert "Settings" in model.index(rows[3], COL_USERNAME).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(rows[2], COL_TIMES).data() == "09:30, 14:00"
    assert model.index(rows[2], COL_DATE).data() == UK
    assert model.index(rows[3], COL_DATE).data() == UK  # typed as ISO, shown dd/mm/yyyy
    assert model.index(rows[7], COL_DATE).data() == UK  # on a refused row too
    # Already booked that day (call #1): refused, naming the call.
    assert model.index(rows[10], COL_STATUS).data() == "Already booked that day"
    already = model.index(rows[10], COL_NUMBER).data(Qt.ItemDataRole.ToolTipRole)
    assert "07700 900207 already has call #1" in already
    assert "waiting in the outbox" in already and "voicecall" not in already  # window words
    assert (preview.valid, preview.invalid) == (2, 7)
    assert preview.ignored_columns == ("patient",)
    bookable = model.bookable()
    assert [r.row.row for r in bookable] == sorted(VALID)
    # A day that passes between reading and booking is caught before anything is queued.
    assert overtaken(bookable) == []
    later = datetime.combine(DAY, datetime.min.time(), LONDON) + timedelta(hours=13)
    assert overtaken(bookable, now=later) == bookable


# -- the dialog --------------------------------------------------------------------


def test_a_mixed_list_is_booked_only_with_skip_and_each_call_is_sent_once(
    window: Callable[..., MainWindow],
    qtbot: QtBot,
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = window()
    win.service.block(BLOCKED)
    earlier = win.service.submit(
        CallForm(destination=ALREADY, username="r", source="Surgery", day=DAY)
    ).record
    win.flush_now()
    qtbot.waitUntil(lambda: win.service.get(earlier.id).state is CallState.SENT)  # type: ignore[union-attr]
    before = destinations(sandbox, None)

    dialog = open_list(win, qtbot, write(tmp_path, MIXED))
    assert dialog.summary.text().startswith("9 rows: 2 will be booked, 7 have problems.")
    assert not dialog.confirm_hours.isVisibleTo(dialog)  # nothing outside calling hours
    assert not dialog.book_button.isEnabled()
    assert "Skip rows with problems" in dialog.book_button.toolTip()
    assert dialog.skip_invalid.isVisible() or not dialog.isVisible()
    assert "Row 4" in dialog.detail.text()  # the first problem is selected and explained

    answers = Answers(monkeypatch)
    dialog.skip_invalid.setChecked(True)
    assert dialog.book_button.isEnabled() and dialog.book_button.text() == "&Book 2 calls…"
    qtbot.mouseClick(dialog.book_button, LEFT)
    assert len(answers.asked) == 1
    assert answers.asked[0].startswith("Book 2 calls? Each patient will be phoned")
    assert "7 rows with problems will be left out" in answers.asked[0]
    wait_phase(qtbot, dialog, DONE)

    sent = destinations(sandbox, None) - before
    assert sent == Counter(VALID.values())  # every valid row once, nothing else
    assert dialog.progress.value() == dialog.progress.maximum() == 2
    assert "Finished: 2 sent, 0 still queued." in dialog.progress_label.text()
    assert dialog.summary.text() == "9 rows: 2 booked, 7 left out."
    assert not dialog.book_button.isEnabled()  # a list is never booked twice
    states = [dialog.model.index(r, COL_STATUS).data() for r in range(9)]
    assert states.count("Booked") == 2  # the call's result in the same words as the history
    assert win.service.count([CallState.SENT]) == 3


def test_without_skip_nothing_is_booked_and_enter_never_books(
    window: Callable[..., MainWindow],
    qtbot: QtBot,
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = window(start_monitor=False)
    answers = Answers(monkeypatch)
    dialog = open_list(win, qtbot, write(tmp_path, MIXED))
    assert not dialog.book()  # refused, as `voicecall batch` without --skip-invalid
    dialog.skip_invalid.setChecked(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    for widget in (dialog.view, dialog.skip_invalid, dialog.book_button):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClick(widget, Qt.Key.Key_Enter)
    assert answers.asked == [] and dialog.phase == REVIEW
    assert win.service.count() == 0 and sandbox.received == []
    # Every control can be found by a screen reader and explains itself.
    kinds = (QAbstractButton, QCheckBox, QComboBox, QTableView, QProgressBar)
    for kind in kinds:
        for control in dialog.findChildren(kind):
            if control.objectName().startswith("qt_"):
                continue  # Qt's own parts (the table's corner button)
            assert control.accessibleName(), control.objectName()
            assert control.toolTip(), control.objectName()
    dialog.close()


def test_pause_leaves_the_rest_queued_until_the_dialog_lets_them_go(
    window: Callable[..., MainWindow],
    qtbot: QtBot,
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = window()  # the connection monitor runs: it must not send paused calls either
    numbers = [f"07700 90031{n}" for n in range(8)]
    Answers(monkeypatch)
    dialog = open_list(win, qtbot, write(tmp_path, csv_of(numbers)))
    sandbox.set_mode("slow", delay=0.08)
    assert dialog.book()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=10_000)
    qtbot.mouseClick(dialog.pause_button, LEFT)
    wait_phase(qtbot, dialog, PAUSED)
    sent = sum(destinations(sandbox).values())
    assert 1 <= sent < 8
    qtbot.wait(400)  # several monitor ticks: still nothing goes out
    assert sum(destinations(sandbox).values()) == sent
    assert win.service.count([CallState.QUEUED]) == 8 - sent
    assert dialog.pause_button.text() == "Res&ume"
    assert f"{8 - sent} still queued" in dialog.progress_label.text()

    dialog.close()  # closing lets the outbox carry on, after a confirmation
    assert not win.host.worker.paused.is_set()
    sandbox.set_mode("ok")
    qtbot.waitUntil(lambda: win.service.count([CallState.SENT]) == 8, timeout=10_000)
    assert destinations(sandbox) == Counter(int("44" + n[1:].replace(" ", "")) for n in numbers)


def test_a_failure_midway_leaves_the_earlier_rows_booked_and_the_rest_queued(
    window: Callable[..., MainWindow],
    qtbot: QtBot,
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = window(start_monitor=False)
    # Already known to be online: a fresh "online" would flush at once, ignoring back-offs.
    win.monitor.report(True)
    numbers = [f"07700 90041{n}" for n in range(6)]
    Answers(monkeypatch)
    dialog = open_list(win, qtbot, write(tmp_path, csv_of(numbers)))
    answered: list[int] = []

    def fail_the_fourth(_result: object) -> None:  # runs in the worker, before the next claim
        answered.append(1)
        if len(answered) == 3:
            sandbox.set_mode("status", status=429, times=1)

    win.host.worker.attempted.connect(fail_the_fourth, Qt.ConnectionType.DirectConnection)
    assert dialog.book()
    wait_phase(qtbot, dialog, STOPPED)
    win.host.worker.attempted.disconnect(fail_the_fourth)
    states = [dialog.model.review_row(r).state for r in range(6)]
    assert states == [CallState.SENT] * 3 + [CallState.QUEUED] * 3
    assert dialog.model.index(3, COL_STATUS).data() == "Waiting to send – not delivered yet"
    assert "Stopped: 3 sent, 3 still queued." in dialog.progress_label.text()
    assert "None is sent twice" in dialog.progress_label.text()
    assert dialog.pause_button.text() == "Res&ume"

    qtbot.mouseClick(dialog.pause_button, LEFT)  # Resume: the rest go, the first 3 do not
    wait_phase(qtbot, dialog, DONE)
    expected = Counter(int("44" + n[1:].replace(" ", "")) for n in numbers)
    assert destinations(sandbox) == expected
    assert destinations(sandbox, 429) == Counter([expected.most_common()[3][0]])


def test_a_ten_thousand_row_file_is_read_without_freezing_the_window(
    window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    win = window(start_monitor=False)
    numbers = [f"07700 9{n % 1000:05d}" for n in range(10_000)]
    path = write(tmp_path, csv_of(numbers))
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    started = time.monotonic()
    dialog = win.import_call_list(path)
    assert time.monotonic() - started < 0.5  # the reading is not on this thread
    assert dialog.notice.text().startswith("Reading")
    # Turn the event loop as QApplication.exec() does: waiting lets other threads run.
    # (QTest.qWait, under qtbot.waitUntil, keeps Python's GIL and would starve the reader.)
    while dialog.model.preview is None:
        assert time.monotonic() - started < 15, "the file took too long to read"
        QApplication.processEvents()
        time.sleep(0.005)
    timer.stop()
    assert dialog.model.rowCount() == 10_000
    assert dialog.summary.text().startswith("10,000 rows: 1,000 will be booked, 9,000 have")
    # The GUI thread kept turning while the file was read: no gap near the whole read.
    gaps = [b - a for a, b in pairwise(ticks)]
    assert len(ticks) >= 5 and max(gaps) < 0.5, (len(ticks), max(gaps, default=0))
    dialog.close()


def drag_enter(mime: QMimeData) -> QDragEnterEvent:
    with warnings.catch_warnings():  # Qt 6 marks the only QDragEnterEvent constructor deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        return QDragEnterEvent(
            QPoint(10, 10), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
        )


def test_a_dropped_file_and_ctrl_i_open_the_dialog_and_a_preset_fills_blanks(
    window: Callable[..., MainWindow],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = window(start_monitor=False)
    win.service.save_preset(Preset(name="Flu clinic", source="Flu clinic", username="nurse"))
    path = write(tmp_path, f"destination,date\r\n07700 900501,{ISO}\r\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(path)])
    enter = drag_enter(mime)
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(win, drop)
    dialog = win.dialogs.import_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.preview is not None, timeout=10_000)
    assert dialog.model.index(0, COL_NUMBER).data() == "07700 900501"
    assert dialog.model.index(0, COL_SOURCE).data() == "Surgery"  # from Settings

    assert dialog.preset_combo.isVisibleTo(dialog) and dialog.preset_combo.count() == 2
    dialog.preset_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.model.index(0, COL_SOURCE).data() == "Flu clinic")
    source = dialog.model.index(0, COL_SOURCE)
    assert source.data(LevelRole) == Level.INHERITED
    assert "preset “Flu clinic”" in source.data(Qt.ItemDataRole.ToolTipRole)
    assert dialog.model.index(0, COL_USERNAME).data() == "nurse"
    dialog.close()
    qtbot.waitUntil(lambda: win.dialogs.import_dialog is None)

    other = write(tmp_path, "destination\r\n07700 900502\r\n", "other.csv")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (other, ""))
    win.menus.import_list.trigger()
    picked = win.dialogs.import_dialog
    assert picked is not None
    qtbot.waitUntil(lambda: picked.model.preview is not None, timeout=10_000)
    assert picked.file_label.text() == other
    picked.close()

    text = QMimeData()
    text.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    enter = drag_enter(text)
    enter.ignore()
    QApplication.sendEvent(win, enter)
    assert not enter.isAccepted()


def test_a_file_that_cannot_be_used_says_why(
    window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    win = window(start_monitor=False)
    dialog = open_list(win, qtbot, write(tmp_path, "phone,when\r\n07700 900123,tomorrow\r\n"))
    assert "no 'destination' column" in dialog.notice.text()
    assert not dialog.book_button.isEnabled() and dialog.model.rowCount() == 0
    missing = str(tmp_path / "gone.csv")
    dialog.load_path(missing)
    qtbot.waitUntil(lambda: not dialog._loading, timeout=10_000)
    assert dialog.notice.text().startswith(f"Cannot import {missing}: cannot read gone.csv")
    dialog.close()


def test_cycles_are_collected_in_the_gui_thread_only_while_a_window_is_open(
    window: Callable[..., MainWindow],
) -> None:
    # A 10,000-row reading allocates enough to set off the cyclic collector in its own
    # thread; a cycle holding a widget must never be destroyed there.
    assert gc.isenabled()
    win = window(start_monitor=False)
    assert not gc.isenabled()
    junk = []
    for _ in range(2000):
        cycle: list[object] = []
        cycle.append(cycle)
        junk.append(cycle)
    del junk, cycle
    assert gc.get_count()[0] > gc.get_threshold()[0]
    assert collect_due() >= 0  # what the window's timer does, in the GUI thread
    assert gc.get_count()[0] < gc.get_threshold()[0]
    win.close()
    assert gc.isenabled()
