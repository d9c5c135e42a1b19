"""Rolling copies of the desk's SQLite file, and putting one back.

A receptionist's PC is rarely backed up, so the program keeps its own copies
in the data folder's ``backups/``: one a day at start-up, the last
:data:`KEEP`. Each is made with SQLite's online backup API, so a copy is a
consistent database even while another process writes (never a torn file
copy), written under a temporary name and renamed into place, and readable
only by this user.

Restoring refuses a file that is damaged, is not a database, or was made by a
newer version; keeps the current file (and its WAL) aside rather than
deleting it; and is logged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from voicecall_desktop.core.schedule import LONDON
from voicecall_desktop.paths import database_path, private_dir, private_file
from voicecall_desktop.store.errors import DamagedDatabase, NewerDatabaseError, StoreError

log = logging.getLogger(__name__)

FOLDER = "backups"
KEEP = 7
PREFIX = "voicecall-"
SUFFIX = ".sqlite3"
_STAMP = "%Y-%m-%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    """One copy in ``backups/``."""

    path: Path
    taken_at: datetime  # London time, from the name
    size: int
    number: int = 1  # the second copy within one second is _2, and so on


def backup_folder(home: Path) -> Path:
    """``home/backups``, created private to this user (POSIX)."""
    return private_dir(home / FOLDER)


def list_backups(home: Path) -> list[Backup]:
    """The copies in ``home/backups``, newest first (files not named by us are ignored)."""
    folder = home / FOLDER
    if not folder.is_dir():
        return []
    found: list[Backup] = []
    for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
        stamp, _, number = path.name[len(PREFIX) : -len(SUFFIX)].partition("_")
        try:
            taken = datetime.strptime(stamp, _STAMP).replace(tzinfo=LONDON)
            count = int(number) if number else 1
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(Backup(path=path, taken_at=taken, size=size, number=count))
    return sorted(found, key=lambda b: (b.taken_at, b.number), reverse=True)


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """``source`` into a new file ``target`` through the online backup API, then fsync'd."""
    partial = target.with_name(target.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    private_file(partial)  # 0600 from the start: the copy holds patients' numbers
    try:
        dest = sqlite3.connect(partial)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def take_backup(connection: sqlite3.Connection, home: Path, *, now: datetime | None = None) -> Path:
    """Copy the open database into ``backups/`` and keep the last :data:`KEEP`; the new file.

    Raises:
        StoreError: the copy could not be written (disk full, folder read-only).
    """
    moment = (now or datetime.now(UTC)).astimezone(LONDON)
    try:
        folder = backup_folder(home)
        target = folder / f"{PREFIX}{moment.strftime(_STAMP)}{SUFFIX}"
        number = 1
        while target.exists():  # two copies in one second: keep both
            number += 1
            target = folder / f"{PREFIX}{moment.strftime(_STAMP)}_{number}{SUFFIX}"
        _copy(connection, target)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(
            f"Cannot write a backup copy in {home / FOLDER}: {exc}. Check the free space."
        ) from exc
    log.info("database copied to %s", target)
    prune(home)
    return target


def prune(home: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` copies; the files deleted."""
    removed = []
    for old in list_backups(home)[keep:]:
        with contextlib.suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
    return removed


def taken_today(home: Path, *, now: datetime | None = None) -> bool:
    today = (now or datetime.now(UTC)).astimezone(LONDON).date()
    return any(b.taken_at.date() == today for b in list_backups(home))


def check_copy(path: Path, known_version: int) -> int:
    """The schema version of a database file that is sound and not newer than ours.

    Raises:
        DamagedDatabase: not a database, or damaged.
        NewerDatabaseError: made by a newer version of the program.
        StoreError: cannot be read.
    """
    if not path.is_file():
        raise StoreError(f"{path} is not a file; give the path of a backup copy.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot read {path}: {exc}.") from exc
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabase(
            f"{path} is damaged or is not a VoiceCall database ({exc}); choose another copy.",
            str(path),
        ) from exc
    finally:
        conn.close()
    if problems != ["ok"] or "calls" not in tables:
        raise DamagedDatabase(
            f"{path} is damaged or is not a VoiceCall database; choose another copy.", str(path)
        )
    if version > known_version:
        raise NewerDatabaseError(
            f"{path} was made by a newer version of VoiceCall Desktop (schema {version}, this "
            f"program knows {known_version}); install the newer version to use it."
        )
    return version


def restore_copy(home: Path, source: Path, *, now: datetime | None = None) -> Path | None:
    """Put ``source`` (already checked) in place of the desk's database.

    The current file and its ``-wal``/``-shm`` are renamed aside, never deleted
    (a WAL left beside the restored file would be replayed into it). The new
    file is written under a temporary name first, so a failure leaves the
    current file where it was.

    Returns:
        Where the previous file was kept, or None when there was none.
    """
    target = database_path(home)
    stamp = (now or datetime.now(UTC)).astimezone(LONDON).strftime(_STAMP)
    incoming = target.with_name(target.name + ".restoring")
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _copy(reader, incoming)
    finally:
        reader.close()
    aside: Path | None = None
    if target.exists():
        aside = target.with_name(f"{target.name}.before-restore-{stamp}")
        os.replace(target, aside)
        for extra in ("-wal", "-shm"):
            side = target.with_name(target.name + extra)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + extra))
    os.replace(incoming, target)
    log.warning(
        "database restored from %s; the previous file is kept as %s", source, aside or "nothing"
    )
    return aside
