"""The Import dialog's rules: the repeat rule, calling hours, the file-size limit, encodings.

Real files, the real sandbox on 127.0.0.1 and real clicks; ``sandbox.received`` is
the proof that nobody is called twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.days import closed_day, open_day
from voicecall_desktop.core.batch import MAX_FILE_BYTES
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.ui.call_list.dialog import ImportDialog
from voicecall_desktop.ui.call_list.model import LevelRole
from voicecall_desktop.ui.call_list.review import (
    COL_DATE,
    COL_NUMBER,
    COL_STATUS,
    COL_TIMES,
    Level,
)
from voicecall_desktop.ui.call_list.sending import DONE
from voicecall_desktop.ui.window.main_window import MainWindow

from ..conftest import LEFT
from .helpers import Answers, write
from .helpers import open_list as _open_list

DAY, SUNDAY = open_day(2), closed_day(2)
TIP = Qt.ItemDataRole.ToolTipRole


def open_list(window: MainWindow, qtbot: QtBot, path: str) -> ImportDialog:
    return _open_list(window, qtbot, path, show=True)


def sent_to(sandbox: Sandbox) -> Counter[int]:
    return Counter(r["body"]["Destination"] for r in sandbox.received)


def test_the_same_list_imported_twice_calls_nobody_twice(
    window: Callable[..., MainWindow],
    qtbot: QtBot,
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = window(start_monitor=False)
    text = "destination,date,times\r\n" + "".join(
        f"07700 90060{n},{DAY.isoformat()},10:00\r\n" for n in range(3)
    )
    path = write(tmp_path, text.encode())
    Answers(monkeypatch)
    first = open_list(win, qtbot, path)
    assert first.book_button.text() == "&Book 3 calls…"
    qtbot.mouseClick(first.book_button, LEFT)
    qtbot.waitUntil(lambda: first.phase == DONE, timeout=10_000)
    first.close()
    assert sum(sent_to(sandbox).values()) == 3
    ids = sorted(r.id for r in win.service.iter_calls())

    again = open_list(win, qtbot, path)  # the same file, a second run
    model = again.model
    for row in range(3):
        assert model.index(row, COL_STATUS).data() == "Already booked that day"
        number = model.index(row, COL_NUMBER)
        assert number.data(LevelRole) == Level.PROBLEM
        assert f"already has call #{ids[row]}" in number.data(TIP)
    assert again.summary.text().startswith("3 rows: 0 will be booked, 3 have problems.")
    assert not again.book_button.isEnabled()
    qtbot.mouseClick(again.skip_invalid, LEFT)
    assert again.skip_invalid.isChecked() and not again.book_button.isEnabled()
    assert not again.book()
    assert sum(sent_to(sandbox).values()) == 3
    again.close()


def test_rows_outside_calling_hours_are_booked_only_when_confirmed_as_a_group(
    window: Callable[..., MainWindow],
    qtbot: QtBot,
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = window(start_monitor=False)
    text = (
        "destination,date,times\r\n"
        f"07700 900701,{DAY.isoformat()},10:00\r\n"  # fine
        f"07700 900702,{DAY.isoformat()},06:45\r\n"  # before 08:00
        f"07700 900703,{SUNDAY.isoformat()},10:00\r\n"  # closed on Sundays
        f"07700 900704,{DAY.isoformat()},9999\r\n"  # not a time: never bookable
    )
    answers = Answers(monkeypatch)
    dialog = open_list(win, qtbot, write(tmp_path, text.encode()))
    model = dialog.model
    assert model.index(1, COL_STATUS).data() == "Outside calling hours"
    assert model.index(1, COL_TIMES).data(LevelRole) == Level.PROBLEM
    assert "06:45" in model.index(1, COL_TIMES).data(TIP)
    assert model.index(2, COL_STATUS).data() == "Holiday or closed day"
    assert model.index(2, COL_DATE).data() == SUNDAY.strftime("%d/%m/%Y")  # typed ISO
    assert "closed" in model.index(2, COL_DATE).data(TIP).lower()
    assert dialog.summary.text().startswith("4 rows: 1 will be booked, 3 have problems.")
    assert "2 rows are outside calling hours or on a closed day" in dialog.summary.text()
    box = dialog.confirm_hours
    assert box.isVisible()
    assert box.text() == "Book 2 rows outside calling hours or on a closed day &anyway"
    assert not dialog.book_button.isEnabled()  # the row with a bad time is still there

    qtbot.mouseClick(box, LEFT)
    assert box.isChecked()
    assert model.index(1, COL_STATUS).data().startswith("Ready – ")
    assert model.index(1, COL_STATUS).data(LevelRole) == Level.WARNING
    qtbot.mouseClick(dialog.skip_invalid, LEFT)
    assert dialog.book_button.isEnabled() and dialog.book_button.text() == "&Book 3 calls…"
    qtbot.mouseClick(dialog.book_button, LEFT)
    assert "those patients will be phoned then" in answers.asked[0]
    assert "1 row with problems will be left out" in answers.asked[0]
    qtbot.waitUntil(lambda: dialog.phase == DONE, timeout=10_000)
    assert sorted(sent_to(sandbox)) == [447700900701, 447700900702, 447700900703]
    assert win.service.count([CallState.SENT]) == 3
    dialog.close()


def test_unticked_the_rows_outside_hours_follow_the_rules_of_invalid_rows(
    window: Callable[..., MainWindow],
    qtbot: QtBot,
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = window(start_monitor=False)
    text = (
        "destination,date,times\r\n"
        f"07700 900711,{DAY.isoformat()},10:00\r\n"
        f"07700 900712,{DAY.isoformat()},21:30\r\n"
    )
    Answers(monkeypatch)
    dialog = open_list(win, qtbot, write(tmp_path, text.encode()))
    assert dialog.confirm_hours.text() == "Book 1 row outside calling hours &anyway"
    assert not dialog.book_button.isEnabled()
    qtbot.mouseClick(dialog.skip_invalid, LEFT)  # skip it, as any invalid row
    assert dialog.book_button.text() == "&Book 1 call…"
    qtbot.mouseClick(dialog.book_button, LEFT)
    qtbot.waitUntil(lambda: dialog.phase == DONE, timeout=10_000)
    assert list(sent_to(sandbox)) == [447700900711]
    dialog.close()


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(
    window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    win = window(start_monitor=False)
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"destination\r\n")
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no time spent writing it
    dialog = win.import_call_list(str(path))
    qtbot.waitUntil(lambda: not dialog._loading, timeout=10_000)
    assert dialog.notice.text().startswith(f"Cannot import {path}: the file is 5.0 MB")
    assert "at most 5 MB" in dialog.notice.text()
    assert dialog.model.rowCount() == 0 and not dialog.book_button.isEnabled()
    dialog.close()


def test_a_row_in_another_encoding_is_flagged_on_its_own(
    window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    win = window(start_monitor=False)
    data = (
        b"destination,date,username\r\n"
        + f"07700 900721,{DAY.isoformat()},Zoë\r\n".encode()
        + f"07700 900722,{DAY.isoformat()},Zoë\r\n".encode("cp1252")
    )
    dialog = open_list(win, qtbot, write(tmp_path, data))
    model = dialog.model
    assert model.index(0, COL_STATUS).data() == "Ready"
    assert model.index(1, COL_STATUS).data(LevelRole) == Level.PROBLEM
    assert "not saved as UTF-8" in model.index(1, COL_STATUS).data(TIP)
    dialog.close()
