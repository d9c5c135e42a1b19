"""The do-not-call list in the window: the dialog, its model, and the form refusing a number."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from voicecall_desktop.core.schedule import LONDON, fmt_date
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service
from voicecall_desktop.ui.dialogs.do_not_call import DoNotCallDialog
from voicecall_desktop.ui.dialogs.do_not_call_files import import_summary
from voicecall_desktop.ui.dialogs.do_not_call_model import (
    COL_ADDED,
    COL_BY,
    COL_NOTE,
    COL_NUMBER,
    Blocked,
    DoNotCallFilter,
    DoNotCallModel,
)
from voicecall_desktop.ui.dialogs.settings import SettingsDialog

from .conftest import LEFT, WindowFactory, error_text, fill, press_send, shows_error

NUMBER = "07700 900123"


def open_dialog(service: Service, qtbot: QtBot) -> DoNotCallDialog:
    dialog = DoNotCallDialog(service)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def rows(dialog: DoNotCallDialog) -> list[list[str]]:
    """The table as shown (after sorting and the search), one list of cells a row."""
    model = dialog.view.model()
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def select_rows(dialog: DoNotCallDialog, *numbers: str) -> None:
    selection = dialog.view.selectionModel()
    selection.clearSelection()
    model = dialog.view.model()
    for row in range(model.rowCount()):
        if model.index(row, COL_NUMBER).data() in numbers:
            selection.select(
                model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def reply(monkeypatch: pytest.MonkeyPatch, *answers: bool) -> list[str]:
    asked: list[str] = []
    queue = list(answers)

    def question(_parent: object, _title: str, text: str, *_: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes if queue.pop(0) else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []

    def telling(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def tell(_parent: object, _title: str, text: str, *_: object) -> QMessageBox.StandardButton:
            shown.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return tell

    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, telling(kind))
    return shown


def test_a_number_is_checked_as_typed_and_added_with_its_note(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    service = make_window(show=False).service
    dialog = open_dialog(service, qtbot)
    changed: list[bool] = []
    dialog.listChanged.connect(lambda: changed.append(True))
    assert rows(dialog) == [] and dialog.count_label.text() == "The list is empty."

    qtbot.keyClicks(dialog.number_edit, "12345")
    assert shows_error(dialog.number_message) and "too short" in dialog.number_message.text()
    assert not dialog.add_button.isEnabled()
    dialog.number_edit.clear()
    qtbot.keyClicks(dialog.number_edit, NUMBER)
    assert not shows_error(dialog.number_message)
    assert dialog.number_message.text() == f"Will add {NUMBER}."
    assert dialog.add_button.isEnabled()
    qtbot.keyClicks(dialog.note_edit, "asked at reception")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)

    today = fmt_date(datetime.now(UTC).astimezone(LONDON).date())
    [[number, added, by, note]] = rows(dialog)
    assert (number, note) == (NUMBER, "asked at reception")
    assert added.startswith(today + " ")  # en-GB, UK time
    assert by == f"{service.user} on {service.machine}"
    assert changed and dialog.number_edit.text() == "" and NUMBER in dialog.status.text()
    assert service.blocked_reason(447700900123)

    qtbot.keyClicks(dialog.number_edit, "+44 7700 900123")  # the same number, written otherwise
    assert "already on the list" in dialog.number_message.text()
    assert not dialog.add_button.isEnabled() and not dialog.add()
    assert len(service.do_not_call_list()) == 1


def test_remove_asks_first_and_delete_works_from_the_keyboard(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = make_window(show=False).service
    for number in (NUMBER, "07700 900456", "07700 900789"):
        service.block(number)
    dialog = open_dialog(service, qtbot)
    assert not dialog.remove_button.isEnabled()
    select_rows(dialog, "07700 900456")
    assert dialog.remove_button.isEnabled()
    asked = reply(monkeypatch, False, True, True)

    qtbot.mouseClick(dialog.remove_button, LEFT)
    assert "Remove 07700 900456" in asked[0] and len(rows(dialog)) == 3  # "No"
    qtbot.mouseClick(dialog.remove_button, LEFT)
    assert sorted(r[COL_NUMBER] for r in rows(dialog)) == [NUMBER, "07700 900789"]
    assert service.blocked_reason(447700900456) is None

    select_rows(dialog, NUMBER, "07700 900789")
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert "these 2 numbers" in asked[2]
    assert rows(dialog) == [] and service.do_not_call_list() == []


def test_import_a_csv_from_excel_then_export_the_list(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    service = make_window(show=False).service
    service.block(NUMBER, "already there")
    source = tmp_path / "numbers.csv"
    source.write_bytes(
        "\ufeffName;Destination\r\nA;07700 900456\r\nB;7700900789\r\nC;not a number\r\n"
        f"D;{NUMBER}\r\n".encode()
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_: (str(source), ""))
    shown = told(monkeypatch)
    dialog = open_dialog(service, qtbot)

    qtbot.mouseClick(dialog.import_button, LEFT)
    assert "Importing numbers.csv" in dialog.status.text()  # off the GUI thread
    assert not dialog.import_button.isEnabled() and not dialog.remove_button.isEnabled()
    assert dialog.wait_for_import(10000)
    qtbot.waitUntil(lambda: bool(shown))
    [(kind, summary)] = shown
    assert kind == "warning" and summary.startswith("2 new numbers added")
    assert "row 4:" in summary  # the header is row 1
    numbers = sorted(r[COL_NUMBER] for r in rows(dialog))
    assert numbers == [NUMBER, "07700 900456", "07700 900789"]
    assert dialog.import_button.isEnabled() and "3 numbers on the list" in dialog.count_label.text()

    target = tmp_path / "exported"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: (str(target), ""))
    qtbot.mouseClick(dialog.export_button, LEFT)
    written = (tmp_path / "exported.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    assert written.decode("utf-8-sig") == service.export_do_not_call()
    table = list(csv.DictReader(io.StringIO(written.decode("utf-8-sig"), newline="")))
    assert {r["destination"] for r in table} == set(numbers)
    assert "already there" in {r["note"] for r in table}
    assert not list(tmp_path.glob("*.partial"))


def test_closing_during_an_import_waits_for_it_without_freezing(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    service = make_window(show=False).service
    source = tmp_path / "numbers.csv"
    source.write_text("destination\n07700 900456\n07700 900789\n", encoding="utf-8")
    shown = told(monkeypatch)
    dialog = open_dialog(service, qtbot)
    assert dialog.import_file(str(source))
    dialog.reject()
    assert dialog.isVisible() and "Closing once the import has finished" in dialog.status.text()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert shown == [("information", "2 new numbers added to the do-not-call list.")]
    assert len(service.do_not_call_list()) == 2


def test_an_unreadable_file_or_a_locked_export_is_explained(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    service = make_window(show=False).service
    service.block(NUMBER)
    shown = told(monkeypatch)
    dialog = open_dialog(service, qtbot)
    assert not dialog.import_file(str(tmp_path / "missing.csv"))
    assert shown[-1][0] == "warning" and "Could not read" in shown[-1][1]
    folder = tmp_path / "a-folder.csv"
    folder.mkdir()
    assert not dialog.export_to(str(folder))
    assert "Could not write" in shown[-1][1] and dialog.status.text()


def test_the_search_finds_part_of_a_number_in_any_format(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    service = make_window(show=False).service
    service.block(NUMBER, "moved away")
    service.block("07700 900456")
    dialog = open_dialog(service, qtbot)
    for query, expected in (
        ("900 123", [NUMBER]),
        ("+44 7700 900456", ["07700 900456"]),
        ("MOVED", [NUMBER]),
        ("07700", [NUMBER, "07700 900456"]),
        ("nobody", []),
    ):
        dialog.search_edit.setText(query)
        assert sorted(r[COL_NUMBER] for r in rows(dialog)) == sorted(expected), query
    assert "0 of 2" in dialog.count_label.text()
    assert dialog.select(447700900123) and dialog.search_edit.text() == ""  # shown again


def test_the_model_needs_no_widget() -> None:
    when = datetime(2026, 7, 1, 8, 5, tzinfo=UTC)  # 09:05 in London (BST)
    model = DoNotCallModel()
    model.set_items(
        [
            Blocked(447700900123, when, "reception@PC-12", "asked by phone"),
            Blocked(447700900456, when.replace(month=1), "", ""),
        ]
    )
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first == [NUMBER, "01/07/2026 09:05", "reception on PC-12", "asked by phone"]
    assert model.headerData(COL_NOTE, Qt.Orientation.Horizontal) == "Note"
    assert model.index(0, COL_BY).data(Qt.ItemDataRole.ToolTipRole) == "reception@PC-12"
    proxy = DoNotCallFilter()
    proxy.setSourceModel(model)
    proxy.sort(COL_ADDED, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, COL_NUMBER).data() == "07700 900456"
    proxy.set_query("0770090012")
    assert proxy.rowCount() == 1


def test_import_summary_words() -> None:
    from voicecall_desktop.core.batch import RowProblem

    assert import_summary(1, []) == "1 new number added to the do-not-call list."
    assert import_summary(0, []).startswith("No new numbers")
    many = [RowProblem(n, "destination", "too short") for n in range(2, 14)]
    text = import_summary(3, many)
    assert "12 rows were not phone numbers" in text and "row 2: Too short" in text
    assert "and 4 more" in text


def test_the_form_refuses_a_listed_number_as_typed_and_on_send(
    make_window: WindowFactory, qtbot: QtBot, sandbox: Sandbox, api_key: str
) -> None:
    window = make_window(sandbox.url)
    window.service.block(NUMBER, "asked at reception")
    fill(window, qtbot, destination="+44 7700 900123")
    typed = error_text(window, "Destination")
    assert "is on the do-not-call list" in typed and "asked not to be called" in typed

    press_send(window, qtbot)
    assert "is on the do-not-call list" in error_text(window, "Destination")
    assert "Not sent" in window.form.notice.text()
    qtbot.wait(100)
    assert sandbox.received == [] and window.service.count() == 0

    window.form.destination.setText("07700 900456")
    assert window.form.error_text("Destination") == ""
    assert window.booking.save_draft() is not None  # a draft is never refused


def test_the_window_rechecks_the_form_after_the_list_changes(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(show=False)
    fill(window, qtbot)
    assert window.form.error_text("Destination") == ""

    def add_the_number(dialog: DoNotCallDialog) -> int:
        dialog.number_edit.setText(NUMBER)
        assert dialog.add()
        return 0

    monkeypatch.setattr(DoNotCallDialog, "exec", add_the_number)
    window.menus.do_not_call.trigger()
    assert "do-not-call list" in error_text(window, "Destination")


def test_settings_shows_the_list_and_opens_it(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(show=False)
    window.service.block(NUMBER)
    dialog = SettingsDialog(window.service, window.host)
    qtbot.addWidget(dialog)
    assert dialog.do_not_call_count.text().startswith("1 number on the list")
    opened: list[bool] = []

    def add_one(inner: DoNotCallDialog) -> int:
        opened.append(True)
        inner.number_edit.setText("07700 900456")
        inner.add()
        return 0

    monkeypatch.setattr(DoNotCallDialog, "exec", add_one)
    qtbot.mouseClick(dialog.do_not_call_button, LEFT)
    assert opened and dialog.do_not_call_count.text().startswith("2 numbers on the list")
