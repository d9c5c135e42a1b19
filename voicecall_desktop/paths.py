"""Where the user's data lives: ``VOICECALL_HOME`` or the per-user, non-roaming app-data folder.

The folder holds patients' numbers, so on POSIX it is kept private whatever the
umask: the folder ``0700``, every file in it ``0600`` (:func:`private_dir`,
:func:`private_file`); :func:`permission_problems` lets
``self-test`` check it. On Windows the per-user app-data folder's own ACL
already keeps other users out, and mode bits mean little, so nothing is changed.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

APP_DIR_NAME = "VoiceCall Desktop"
APP_AUTHOR = "PatientComms"
DIR_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"


def home_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder, created if missing, private to this user (POSIX)."""
    if override is not None:
        path = Path(override)
    elif os.environ.get("VOICECALL_HOME"):
        path = Path(os.environ["VOICECALL_HOME"])
    else:
        from platformdirs import user_data_dir  # only when needed: it costs the first paint

        path = Path(user_data_dir(APP_DIR_NAME, APP_AUTHOR, roaming=False))
    return private_dir(path.expanduser())


def database_path(home: Path) -> Path:
    return home / "voicecall.sqlite3"


def log_dir(home: Path) -> Path:
    return private_dir(home / "logs")


def _tighten(path: Path, mode: int) -> None:
    """Take group and other bits off ``path`` if it is ours and has any."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):  # not ours, or a read-only medium: self-test says so
        info = path.stat()
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
            path.chmod(stat.S_IMODE(info.st_mode) & mode)


def private_dir(path: Path) -> Path:
    """``path`` as a folder only this user can enter (parents are created as usual)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=DIR_MODE)
    _tighten(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing, readable only by this user; tighten it if not.

    SQLite gives its ``-wal`` and ``-shm`` files the database file's permissions,
    so creating the database with this first is enough for all three.
    """
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    _tighten(path, FILE_MODE)
    return path


def permission_problems(home: Path) -> list[str]:
    """What in the data folder other users could read, in plain words (empty: none).

    For ``self-test``. On Windows the folder's ACL is inherited from the per-user
    profile and is not inspected here, so the list is empty.
    """
    if not POSIX or not home.exists():
        return []
    problems: list[str] = []
    paths = [home, *sorted(home.rglob("*"))]
    for path in paths:
        try:
            info = path.lstat()
        except OSError:
            continue
        mode = stat.S_IMODE(info.st_mode)
        if stat.S_ISLNK(info.st_mode) or not mode & 0o077:
            continue
        kind = "folder" if stat.S_ISDIR(info.st_mode) else "file"
        want = DIR_MODE if kind == "folder" else FILE_MODE
        problems.append(
            f"{path}: this {kind} can be read by other users of this computer "
            f"(permissions {mode:o}, should be {want:o}); run: chmod {want:o} '{path}'"
        )
    return problems


def secure_home(home: Path) -> list[Path]:
    """Tighten the data folder and everything in it that is ours; the paths changed."""
    changed: list[Path] = []
    if not POSIX or not home.exists():
        return changed
    for path in [home, *home.rglob("*")]:
        try:
            before = stat.S_IMODE(path.lstat().st_mode)
            if path.is_symlink():
                continue
        except OSError:
            continue
        _tighten(path, DIR_MODE if path.is_dir() else FILE_MODE)
        with contextlib.suppress(OSError):
            if stat.S_IMODE(path.stat().st_mode) != before:
                changed.append(path)
    return changed
