"""The history in a receptionist's words: one Result column, a plain summary, IT details folded.

Driven by real key presses and clicks on the pane's own widgets.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QTableView
from pytestqt.qtbot import QtBot

from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import Service
from voicecall_desktop.store import CallRecord
from voicecall_desktop.ui.calls.cells import (
    COL_BOOKED,
    COL_CREDITS,
    COL_DESTINATION,
    COL_MESSAGE_ID,
    COL_RESULT,
    COL_SCHEDULE,
)
from voicecall_desktop.ui.calls.history import HistoryPane

from .conftest import WindowFactory
from .test_history import answer, book

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def service(home: Path) -> object:
    svc = Service(home)
    yield svc
    svc.close()


@pytest.fixture
def barred(service: Service) -> CallRecord:
    return book(
        service,
        "07700 900456",
        CallState.REJECTED,
        **answer(False, "Rejected", {"Destination": "Number is barred"}, credits=1000),
    )


@pytest.fixture
def unknown(service: Service) -> CallRecord:
    return book(
        service,
        "07700 900789",
        CallState.UNKNOWN,
        last_error="The connection dropped after the request went out.",
    )


def shown_pane(qtbot: QtBot, service: Service, width: int, height: int = 600) -> HistoryPane:
    pane = HistoryPane(service)
    qtbot.addWidget(pane)
    pane.resize(width, height)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def fully_visible(view: QTableView, column: int) -> bool:
    """The column is shown, inside the viewport, and wide enough for every loaded cell."""
    if view.isColumnHidden(column):
        return False
    left = view.columnViewportPosition(column)
    width = view.columnWidth(column)
    model, fm = view.model(), view.fontMetrics()
    widest = max(
        (fm.horizontalAdvance(str(model.index(r, column).data())) for r in range(model.rowCount())),
        default=0,
    )
    icon = 22 if column == COL_RESULT else 0
    return left >= 0 and left + width <= view.viewport().width() and width >= widest + icon


def test_the_result_column_reads_at_a_glance(
    qtbot: QtBot, service: Service, barred: CallRecord, unknown: CallRecord
) -> None:
    queued = book(service, "020 7946 0123", CallState.QUEUED)
    pane = shown_pane(qtbot, service, 1000)
    model = pane.model
    words = {model.record(r).id: model.index(r, COL_RESULT).data() for r in range(model.rowCount())}
    assert words == {
        barred.id: "Refused – number barred",
        unknown.id: "Not sure – check before sending again",
        queued.id: "Waiting to send",
    }
    assert model.index(model.row_of(barred.id) or 0, COL_CREDITS).data() == "1,000"
    # The filter speaks the same words: pick "Refused" with the keyboard.
    pane.state_combo.setFocus()
    labels = [pane.state_combo.itemText(i) for i in range(pane.state_combo.count())]
    assert labels[:4] == ["All calls", "Booked", "Refused", "Not sure"]
    qtbot.keyClick(pane.state_combo, Qt.Key.Key_Down)
    qtbot.keyClick(pane.state_combo, Qt.Key.Key_Down)
    assert [model.record(r).id for r in range(model.rowCount())] == [barred.id]


@pytest.mark.parametrize("width", [600, 700])
def test_columns_give_way_by_priority_when_narrow(
    qtbot: QtBot, service: Service, barred: CallRecord, unknown: CallRecord, width: int
) -> None:
    pane = shown_pane(qtbot, service, width)
    view = pane.view
    for column in (COL_DESTINATION, COL_SCHEDULE, COL_RESULT):
        assert fully_visible(view, column), (width, column)
    assert view.isColumnHidden(COL_CREDITS)  # the least needed goes first
    assert view.horizontalScrollBar().maximum() == 0  # nothing behind a scrollbar
    pane.resize(1300, 600)
    qtbot.waitUntil(lambda: not view.isColumnHidden(COL_CREDITS))
    for column in (COL_BOOKED, COL_MESSAGE_ID, COL_CREDITS):
        assert fully_visible(view, column)


def test_at_1024_wide_the_window_shows_number_day_and_result_in_full(
    qtbot: QtBot, make_window: WindowFactory, home: Path
) -> None:
    window = make_window()
    with Service(home) as service:
        book(
            service,
            "07700 900456",
            CallState.REJECTED,
            **answer(False, "Rejected", {"Destination": "Number is barred"}),
        )
        book(service, "07700 900789", CallState.UNKNOWN, last_error="dropped")
    window.resize(1024, 600)
    window.history.refresh()
    view = window.history.view
    qtbot.waitUntil(lambda: view.model().rowCount() == 2)
    QApplication.processEvents()
    for column in (COL_DESTINATION, COL_SCHEDULE, COL_RESULT):
        assert fully_visible(view, column), column
    assert view.horizontalScrollBar().maximum() == 0


def test_a_refused_call_is_explained_and_its_technical_details_open_on_request(
    qtbot: QtBot, service: Service, barred: CallRecord
) -> None:
    pane = shown_pane(qtbot, service, 1000, 700)
    qtbot.mouseClick(
        pane.view.viewport(), LEFT, pos=pane.view.visualRect(pane.model.index(0, 0)).center()
    )
    summary = pane.detail.toPlainText()
    assert summary.startswith("Refused – number barred · 07700 900456")
    assert "Who" in summary and "When" in summary and "What happened" in summary
    assert "PatientComms has this number barred" in summary
    assert "What to do:" in summary
    assert not pane.technical.isVisible()
    qtbot.mouseClick(pane.technical_button, LEFT)
    assert pane.technical.isVisible()
    technical = pane.technical.toPlainText()
    assert "Rejected (StatusId 4)" in technical and "Number is barred" in technical
    assert not re.search(r"-\d+-[0-9a-f]{12}\b", technical)  # no lease ids, even in the trail
    pane.technical_button.setFocus()
    qtbot.keyClick(pane.technical_button, Qt.Key.Key_Space)
    assert not pane.technical.isVisible()


def test_an_unknown_call_says_how_to_check_and_who_reviewed_it(
    qtbot: QtBot, service: Service, unknown: CallRecord
) -> None:
    pane = shown_pane(qtbot, service, 1000, 700)

    def review(call_id: int) -> None:  # what the main window does with the request
        service.mark_reviewed(call_id)
        pane.refresh()

    pane.markReviewedRequested.connect(review)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_Home)
    summary = pane.detail.toPlainText()
    assert "look for the message in the PatientComms portal" in summary
    assert "phone the patient" in summary and "Reviewed by" not in summary
    qtbot.mouseClick(pane.reviewed_button, LEFT)
    qtbot.waitUntil(lambda: "Reviewed by" in pane.detail.toPlainText())
    summary = pane.detail.toPlainText()
    assert summary.startswith("Reviewed · 07700 900789")
    user, _, machine = service.actor.rpartition("@")
    assert f"Reviewed by {user} on {machine} at " in summary
    assert pane.model.index(0, COL_RESULT).data() == "Reviewed"


def test_ctrl_f_anywhere_in_the_pane_goes_to_the_search(
    qtbot: QtBot, service: Service, unknown: CallRecord
) -> None:
    pane = shown_pane(qtbot, service, 1000)
    pane.activateWindow()
    qtbot.waitUntil(pane.isActiveWindow)
    qtbot.keyClicks(pane.search_edit, "0770")
    pane.technical_button.setFocus()
    qtbot.keyClick(pane.technical_button, Qt.Key.Key_F, CTRL)
    assert pane.search_edit.hasFocus() and pane.search_edit.selectedText() == "0770"
    pane.view.setFocus()
    pane.focus_search()  # the window's own Ctrl+F calls this
    assert pane.search_edit.hasFocus()


def test_the_export_guards_every_cell_against_formulas(
    qtbot: QtBot,
    service: Service,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hostile = book(
        service,
        "07700 900456",
        CallState.REJECTED,
        **answer(
            False,
            "@SUM(A1)",
            {"Destination": "+cmd|' /C calc'!A0"},
            last_error='=HYPERLINK("http://x","Click")',
        ),
    )
    target = tmp_path / "history.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: (str(target), ""))
    pane = shown_pane(qtbot, service, 1000)
    pane.activateWindow()
    qtbot.waitUntil(pane.isActiveWindow)
    pane.view.setFocus()
    with qtbot.waitSignal(pane.exportFinished, timeout=5000):
        qtbot.keyClick(pane.view, Qt.Key.Key_E, CTRL | Qt.KeyboardModifier.ShiftModifier)
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    (row,) = rows
    assert row["Call ID"] == str(hostile.id)
    assert row["Result"] == "Refused – phone number not accepted"
    assert row["Last error"].startswith("'=HYPERLINK")
    assert row["Status"] == "'@SUM(A1)"
    assert row["Errors"].startswith("Destination")  # a text cell that starts safely stays
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@")), value


def test_typing_a_result_word_finds_those_calls(
    qtbot: QtBot, service: Service, barred: CallRecord, unknown: CallRecord
) -> None:
    pane = shown_pane(qtbot, service, 1000)
    model = pane.model
    qtbot.keyClicks(pane.search_edit, "Refused")
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_Return)
    assert [model.record(r).id for r in range(model.rowCount())] == [barred.id]
    pane.search_edit.selectAll()
    qtbot.keyClicks(pane.search_edit, "not sure")
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_Return)
    assert [model.record(r).id for r in range(model.rowCount())] == [unknown.id]
    assert pane.search_edit.text() == "not sure"  # what was typed stays in the box
    pane.search_edit.selectAll()
    qtbot.keyClicks(pane.search_edit, "barred")  # the reason, as PatientComms gave it
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_Return)
    assert [model.record(r).id for r in range(model.rowCount())] == [barred.id]
