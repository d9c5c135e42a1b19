"""Rolling backup copies and restoring one, through ``voicecall`` in real subprocesses."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.fixtures.damaged_db import damage_a_table_page
from tests.kit import run_cli
from tests.reliability.helpers import DB_NAME, message_problems
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.service import DamagedDatabase, Service, StoreError

pytestmark = pytest.mark.slow


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copies(home: Path) -> list[Path]:
    return sorted((home / "backups").glob("voicecall-*.sqlite3"))


def draft_numbers(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT destination_text FROM calls ORDER BY id")]
    finally:
        conn.close()


def save_drafts(home: Path, *numbers: str) -> None:
    with Service(home, daily_backup=False) as service:
        for number in numbers:
            service.save_draft(CallForm(destination=number, username="reception"))


def test_one_copy_a_day_at_start_up_private_and_complete(home: Path) -> None:
    save_drafts(home, "07700 900001", "07700 900002")
    assert copies(home) == []
    assert run_cli("history").returncode == 0
    assert run_cli("outbox").returncode == 0  # the same day: no second copy
    [copy] = copies(home)
    assert draft_numbers(copy) == ["07700 900001", "07700 900002"]
    if os.name == "posix":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert stat.S_IMODE((home / "backups").stat().st_mode) == 0o700
    # A self-contained file: no WAL needed beside it.
    assert not copy.with_name(copy.name + "-wal").exists()


def test_backup_command_keeps_the_last_seven(home: Path) -> None:
    save_drafts(home, "07700 900001")
    for _ in range(9):
        result = run_cli("backup")
        assert result.returncode == 0, result.stderr
        assert "Backup copy written" in result.stderr
    listed = json.loads(run_cli("backup", "--list", "--json").stdout)
    assert len(listed) == 7 == len(copies(home))
    assert listed[0]["file"] == str(max(copies(home), key=os.path.getmtime))


def test_a_damaged_database_is_restored_from_the_latest_copy(home: Path) -> None:
    save_drafts(home, "07700 900001")
    assert run_cli("backup").returncode == 0
    db_file = damage_a_table_page(home)  # adds 300 drafts after the copy, then damages
    damaged_digest = digest(db_file)
    refused = run_cli("history")
    assert refused.returncode == 2 and "damaged" in refused.stderr
    [latest, *_] = json.loads(run_cli("backup", "--list", "--json").stdout)

    result = run_cli("restore", latest["file"])
    assert result.returncode == 0, result.stderr
    assert message_problems(result.stderr) == [], result.stderr
    [aside] = list(home.glob(DB_NAME + ".before-restore-*"))
    assert digest(aside) == damaged_digest, "the damaged file was not kept as it was"
    assert str(aside) in result.stderr
    history = run_cli("history", "--json")
    assert history.returncode == 0, history.stderr
    assert [c["destination"] for c in json.loads(history.stdout)] == [447700900001]
    log = (home / "logs" / "voicecall.log").read_text(encoding="utf-8")
    assert "database restored from" in log


def test_the_window_can_offer_restore_when_opening_fails(home: Path) -> None:
    save_drafts(home, "07700 900001")
    with Service(home) as service:
        service.backup_now()
    damage_a_table_page(home)
    with pytest.raises(DamagedDatabase):
        Service(home)
    offered = Service.backups(home)
    assert offered and offered[0].taken_at >= offered[-1].taken_at
    Service.restore_backup(offered[0].path, home)
    with Service(home) as service:
        assert service.count() == 1


def test_restore_refuses_damaged_newer_and_in_use(home: Path, tmp_path: Path) -> None:
    save_drafts(home, "07700 900001")
    db_file = home / DB_NAME
    before = digest(db_file)

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(os.urandom(8192))
    result = run_cli("restore", str(junk))
    assert result.returncode == 2 and "damaged" in result.stderr, result.stderr

    newer = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute("CREATE TABLE calls (id INTEGER)")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    result = run_cli("restore", str(newer))
    assert result.returncode == 2 and "newer version" in result.stderr, result.stderr

    assert run_cli("backup").returncode == 0
    [good] = copies(home)
    with Service(home):  # the window is open
        result = run_cli("restore", str(good))
    assert result.returncode == 2 and "close it" in result.stderr, result.stderr
    assert message_problems(result.stderr) == []
    assert digest(db_file) == before
    assert list(home.glob(DB_NAME + ".before-restore-*")) == []
    with pytest.raises(StoreError):
        Service.restore_backup(tmp_path / "missing.sqlite3", home)


def test_copies_taken_while_another_process_writes_are_whole(home: Path) -> None:
    """The online backup API: every copy is a sound database, whatever the writer is doing."""
    import subprocess
    import sys

    save_drafts(home, "07700 900001")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from voicecall_desktop.core.models import CallForm\n"
            "from voicecall_desktop.service import Service\n"
            "with Service(daily_backup=False) as s:\n"
            "    for i in range(400):\n"
            "        s.save_draft(CallForm(destination=f'07700 9{i:05d}', username='r'))\n",
        ],
        env=os.environ.copy(),
    )
    taken: list[Path] = []
    try:
        with Service(home, daily_backup=False) as service:
            while writer.poll() is None and len(taken) < 5:
                made = service.backup_now()
                assert made is not None
                taken.append(made)
    finally:
        assert writer.wait(timeout=120) == 0
    assert taken
    for copy in copies(home):
        conn = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count = conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
            events = conn.execute("SELECT COUNT(DISTINCT call_id) FROM events").fetchone()[0]
        finally:
            conn.close()
        assert count == events >= 1  # each call with its event: never half a transaction
