"""The desk's own store: one SQLite file in the data folder, and a file lease per process."""

from __future__ import annotations

import logging
from pathlib import Path

from voicecall_desktop.paths import database_path, private_dir, private_file
from voicecall_desktop.store.backup import take_backup, taken_today
from voicecall_desktop.store.calls import CallStore
from voicecall_desktop.store.db import Database
from voicecall_desktop.store.errors import StoreError
from voicecall_desktop.store.lease import ProcessLease
from voicecall_desktop.store.lists import DoNotCallStore, PresetStore
from voicecall_desktop.store.protocol import StoreInfo
from voicecall_desktop.store.schema import MIGRATIONS
from voicecall_desktop.store.settings import SettingsStore

log = logging.getLogger(__name__)


def open_database(path: Path) -> Database:
    """Open (creating or migrating) the call database at ``path``."""
    return Database(path, MIGRATIONS)


def _private_database(home: Path) -> Path:
    """The database path, its file (and any WAL beside it) readable only by this user (POSIX).

    Created empty with mode 0600 when missing, so SQLite's own ``-wal`` and
    ``-shm`` files, which copy the database file's mode, are private too.
    Only the mode changes: a damaged file's bytes are left as they are.
    """
    path = database_path(home)
    try:
        if (home / "backups").is_dir():
            private_dir(home / "backups")  # copies made by an older version, or by hand
        private_file(path)
        for extra in ("-wal", "-shm"):
            side = path.with_name(path.name + extra)
            if side.exists():
                private_file(side)
    except OSError as exc:
        log.warning("could not make %s private: %s", path, exc)
    return path


class SqliteStore:
    """:class:`~voicecall_desktop.store.protocol.Store` on a SQLite file in ``home``.

    The lease is taken before the database is opened, so that this process's
    claims are always covered; it is released if opening fails.
    """

    def __init__(self, home: Path) -> None:
        self._home = home
        try:
            self._lease = ProcessLease(home)
        except OSError as exc:
            raise StoreError(
                f"Cannot use the data folder {home}: {exc.strerror or exc}. "
                "Check that it exists and can be written."
            ) from exc
        try:
            self.db = open_database(_private_database(home))
        except BaseException:
            self._lease.release()
            raise
        self._calls = CallStore(self.db)
        self._settings = SettingsStore(self.db)
        self._do_not_call = DoNotCallStore(self.db)
        self._presets = PresetStore(self.db)

    @property
    def calls(self) -> CallStore:
        return self._calls

    @property
    def settings(self) -> SettingsStore:
        return self._settings

    @property
    def do_not_call(self) -> DoNotCallStore:
        return self._do_not_call

    @property
    def presets(self) -> PresetStore:
        return self._presets

    @property
    def lease(self) -> ProcessLease:
        return self._lease

    def info(self) -> StoreInfo:
        return StoreInfo(kind="sqlite", location=str(self.db.path), schema_version=self.db.version)

    def integrity_check(self) -> str:
        return self.db.integrity_check()

    def backup(self, *, daily: bool = False) -> Path | None:
        """A copy in ``backups/`` by the online backup API (see :mod:`.backup`); its path.

        ``daily``: only if none was taken today (London time); None when skipped.
        """
        if daily and taken_today(self._home):
            return None
        return take_backup(self.db.connection(), self._home)

    def close(self) -> None:
        self._lease.release()
        self.db.close()
