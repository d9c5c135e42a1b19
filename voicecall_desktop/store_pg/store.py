"""The shared store: every part of the store protocol on one PostgreSQL session."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from voicecall_desktop.store.protocol import StoreInfo
from voicecall_desktop.store_pg import schema
from voicecall_desktop.store_pg.calls import PgCallStore
from voicecall_desktop.store_pg.errors import SharedStoreError
from voicecall_desktop.store_pg.lease import PgLease, new_lease_key
from voicecall_desktop.store_pg.lists import PgDoNotCallStore, PgPresetStore, PgSettingsStore
from voicecall_desktop.store_pg.notify import Change, ChangeListener
from voicecall_desktop.store_pg.session import Session
from voicecall_desktop.store_pg.url import BadDatabaseUrl, DatabaseUrl

log = logging.getLogger(__name__)


def parse_url(text: str) -> DatabaseUrl:
    """The URL, checked; a :class:`SharedStoreError` naming ``database_url`` otherwise."""
    try:
        return DatabaseUrl.parse(text)
    except BadDatabaseUrl as exc:
        raise SharedStoreError(str(exc), "bad-url") from None


class PgStore:
    """An open shared store. Raises :class:`StoreError` subclasses in plain words.

    Opening connects, takes this process's lease (an advisory lock held for
    the life of the session) and checks the schema version; it never migrates.
    """

    def __init__(self, url: DatabaseUrl | str) -> None:
        self.url = parse_url(url) if isinstance(url, str) else url
        self.session = Session(self.url, new_lease_key())
        try:
            with self.session.transaction() as conn:
                self.schema_version = schema.check(conn, self.url.display())
        except BaseException:
            self.session.close()
            raise
        self._calls = PgCallStore(self.session)
        self._settings = PgSettingsStore(self.session)
        self._do_not_call = PgDoNotCallStore(self.session)
        self._presets = PgPresetStore(self.session)
        self._lease = PgLease(self.session)
        log.info("shared store open: %s (schema %d)", self.url.display(), self.schema_version)

    @property
    def calls(self) -> PgCallStore:
        return self._calls

    @property
    def settings(self) -> PgSettingsStore:
        return self._settings

    @property
    def do_not_call(self) -> PgDoNotCallStore:
        return self._do_not_call

    @property
    def presets(self) -> PgPresetStore:
        return self._presets

    @property
    def lease(self) -> PgLease:
        return self._lease

    def info(self) -> StoreInfo:
        return StoreInfo(
            kind="postgresql", location=self.url.display(), schema_version=self.schema_version
        )

    def integrity_check(self) -> str:
        """What PostgreSQL cannot enforce by itself: every ``sending`` call names its claimer."""
        rows = self.session.read(
            "SELECT count(*) AS n FROM calls WHERE state = 'sending' AND owner IS NULL"
        )
        orphans = int(rows[0]["n"])
        return "ok" if orphans == 0 else f"{orphans} sending call(s) without a claimer"

    def backup(self, *, daily: bool = False) -> Path | None:
        """Nothing: the practice's server is backed up where it runs (docs/shared-store.md)."""
        return None

    def listener(self, on_change: Callable[[list[Change]], None]) -> ChangeListener:
        """A started :class:`ChangeListener` on this store's database (the window's refresh)."""
        return ChangeListener(self.url, on_change).start()

    def close(self) -> None:
        self._lease.release()
        self.session.close()


def open_shared_store(url: str) -> PgStore:
    return PgStore(url)
