"""The data folder and its files are private on POSIX whatever the umask (real files).

With the common umask 022 a new folder would be 755 and a new file 644: readable by
every user of the PC, and they hold patients' numbers.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from voicecall_desktop import logs
from voicecall_desktop.paths import (
    home_dir,
    log_dir,
    permission_problems,
    private_dir,
    private_file,
    secure_home,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="mode bits are POSIX; Windows uses ACLs")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_the_data_folder_is_created_private(tmp_path: Path) -> None:
    home = home_dir(tmp_path / "a" / "VoiceCall Desktop")
    assert mode(home) == 0o700
    assert mode(log_dir(home)) == 0o700


def test_an_existing_open_folder_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert mode(home_dir(folder)) == 0o700


def test_files_are_created_private_and_loose_ones_tightened(tmp_path: Path) -> None:
    new = private_file(tmp_path / "voicecall.sqlite3")
    assert mode(new) == 0o600
    old = tmp_path / "old.sqlite3"
    old.write_bytes(b"x")
    old.chmod(0o644)
    private_file(old)
    assert (mode(old), old.read_bytes()) == (0o600, b"x")


def test_the_log_file_and_its_rotations_are_private(home: Path) -> None:
    home = home_dir(home)
    path = logs.configure(home)
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_voicecall", False))
    try:
        logging.getLogger("voicecall_desktop.test").warning("a line")
        assert isinstance(handler, logs.PrivateRotatingFileHandler)
        handler.doRollover()
        logging.getLogger("voicecall_desktop.test").warning("another line")
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    files = sorted(path.parent.glob("voicecall.log*"))
    assert len(files) == 2
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    assert permission_problems(home) == []


def test_self_test_check_names_what_others_can_read(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    database = home / "voicecall.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    private_dir(home / "logs")
    problems = permission_problems(home)
    assert len(problems) == 2
    assert any(str(home) in p and "folder" in p and "755" in p for p in problems)
    assert any(str(database) in p and "file" in p and "644" in p for p in problems)
    assert set(secure_home(home)) == {home, database}
    assert permission_problems(home) == []
