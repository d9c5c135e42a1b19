"""The desk's own store: one SQLite file in the data folder, and a file lease per process."""

from __future__ import annotations

import logging
from pathlib import Path

from voicecall_desktop.paths import database_path
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


class SqliteStore:
    """:class:`~voicecall_desktop.store.protocol.Store` on a SQLite file in ``home``.

    The lease is taken before the database is opened, so that this process's
    claims are always covered; it is released if opening fails.
    """

    def __init__(self, home: Path) -> None:
        try:
            self._lease = ProcessLease(home)
        except OSError as exc:
            raise StoreError(
                f"Cannot use the data folder {home}: {exc.strerror or exc}. "
                "Check that it exists and can be written."
            ) from exc
        try:
            self.db = open_database(database_path(home))
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

    def close(self) -> None:
        self._lease.release()
        self.db.close()
