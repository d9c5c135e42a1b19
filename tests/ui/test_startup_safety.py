"""Start-up never ends in a traceback or a dead window: damaged database, bad IT policy, backups."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.fixtures.damaged_db import damage_a_table_page
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.service import DamagedDatabase, Service
from voicecall_desktop.ui.dialogs.restore import RestoreDialog

from .conftest import LEFT, WindowFactory


def start_app(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "voicecall_desktop.ui.app", "--smoke", *args],
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
    )


def test_a_bad_policy_file_stops_start_up_naming_the_file_and_the_setting(
    tmp_path: Path, home: Path
) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"retention_days": "forever"}), encoding="utf-8")
    done = start_app(VOICECALL_POLICY=str(policy))
    assert done.returncode == 2, done.stdout + done.stderr
    assert str(policy) in done.stdout and "retention_days" in done.stdout
    assert "IT department" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_a_policy_file_that_is_not_json_stops_start_up_too(tmp_path: Path, home: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text("{retention_days: 30", encoding="utf-8")
    done = start_app(VOICECALL_POLICY=str(policy))
    assert done.returncode == 2 and str(policy) in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def booked_then_damaged(home: Path) -> Path:
    """Three drafts, a backup copy holding them, then the file damaged under them."""
    with Service(home) as service:
        for number in ("07700 900001", "07700 900002", "07700 900003"):
            service.save_draft(CallForm(destination=number, username="reception"))
        assert service.backup_now() is not None
    return damage_a_table_page(home)


@pytest.mark.slow
def test_a_damaged_database_is_refused_at_start_up_with_a_message_not_a_traceback(
    home: Path,
) -> None:
    booked_then_damaged(home)
    done = start_app()
    assert done.returncode == 2
    assert "damaged" in done.stdout and "Traceback" not in done.stdout + done.stderr


@pytest.mark.slow
def test_the_restore_dialog_puts_the_latest_copy_back_with_one_click(
    qtbot: QtBot, home: Path
) -> None:
    db_file = booked_then_damaged(home)
    with pytest.raises(DamagedDatabase) as raised:
        Service(home)
    dialog = RestoreDialog(home, str(raised.value))
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.text.text()
    assert "damaged" in text and "latest backup copy was taken on" in text
    assert "kept aside" in text and "Error" not in text
    assert dialog.restore_button is not None
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.restore_button, LEFT)
    assert dialog.kept_aside is not None and dialog.kept_aside.exists()  # kept for IT
    assert dialog.kept_aside != db_file
    with Service(home) as service:
        numbers = {r.destination for r in service.page().rows}
    assert numbers == {447700900001, 447700900002, 447700900003}


def test_with_no_backup_the_dialog_says_whom_to_ask_and_quits(qtbot: QtBot, home: Path) -> None:
    dialog = RestoreDialog(home, "the file voicecall.sqlite3 is damaged")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.restore_button is None
    assert "no backup copy" in dialog.text.text() and "IT support" in dialog.text.text()
    with qtbot.waitSignal(dialog.rejected, timeout=5000):
        qtbot.mouseClick(dialog.quit_button, LEFT)


def test_the_daily_backup_is_taken_after_the_first_paint_off_the_gui_thread(
    make_window: WindowFactory, qtbot: QtBot, home: Path
) -> None:
    window = make_window(show=False)
    backups = home / "backups"
    assert not any(backups.glob("*")) if backups.exists() else True  # nothing before paint
    threads: list[threading.Thread] = []
    take = window.service.daily_backup

    def recorded() -> Path | None:
        threads.append(threading.current_thread())
        return take()

    window.service.daily_backup = recorded
    with qtbot.waitSignal(window.backup.taken, timeout=10_000) as taken:
        window.show()
    assert isinstance(taken.args[0], Path) and taken.args[0].parent == backups
    assert threads and threads[0] is not threading.main_thread()
