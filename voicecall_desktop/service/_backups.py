"""Backups of the desk's own database, and restoring one: usable when the database is not.

The window calls :func:`restore_backup` (through ``Service.restore_backup``)
when opening the service failed with
:class:`~voicecall_desktop.store.errors.DamagedDatabase`, so nothing here
opens the call store.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from voicecall_desktop.paths import home_dir
from voicecall_desktop.store.backup import Backup, check_copy, list_backups, restore_copy
from voicecall_desktop.store.errors import StoreError
from voicecall_desktop.store.lease import ProcessLease
from voicecall_desktop.store.schema import MIGRATIONS

log = logging.getLogger(__name__)


def backups(home: Path | None = None) -> list[Backup]:
    """The copies kept in the data folder's ``backups/``, newest first."""
    return list_backups(home_dir(home))


def _others_running(home: Path, lease: ProcessLease) -> bool:
    """Whether another VoiceCall program holds a lease in ``home`` (the window, a command)."""
    folder = home / "leases"
    if not folder.is_dir():
        return False
    return any(path.name != lease.token and lease.is_alive(path.name) for path in folder.iterdir())


def restore_backup(file: Path, home: Path | None = None, *, actor: str = "") -> Path | None:
    """Put a backup copy in place of the desk's database; where the old file was kept.

    Refuses (nothing changed) a copy that is damaged, not a VoiceCall database,
    or made by a newer version, and refuses while another VoiceCall program on
    this PC has the database open.

    Raises:
        DamagedDatabase, NewerDatabaseError, StoreError: with a message saying what to do.
    """
    folder = home_dir(home)
    check_copy(Path(file), len(MIGRATIONS))
    lease = ProcessLease(folder)
    try:
        if _others_running(folder, lease):
            raise StoreError(
                "VoiceCall Desktop is open elsewhere on this PC (the window, or a command still "
                "running); close it, then restore again. Nothing was changed."
            )
        try:
            aside = restore_copy(folder, Path(file))
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"Cannot restore {file} into {folder}: {exc}. Check the free space and try again."
            ) from exc
    finally:
        lease.release()
    log.warning("database restored from %s by %s", file, actor or "someone")
    return aside
