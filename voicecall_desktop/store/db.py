"""The SQLite connection: pragmas, schema versions, transactions.

Errors split in two, as qutebrowser's SQL layer does: :class:`StoreError` is
the environment's fault (disk full, read-only folder, locked, corrupt, a newer
program's database) and is shown to the user; anything else is our bug.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from voicecall_desktop.store.errors import DamagedDatabase, NewerDatabaseError, StoreError

log = logging.getLogger(__name__)


Migration = Callable[[sqlite3.Connection], None]

_ENVIRONMENT_ERRORS = (
    "disk i/o error",
    "database or disk is full",
    "attempt to write a readonly database",
    "unable to open database file",
    "database is locked",
    "file is not a database",
    "database disk image is malformed",
    "readonly database",
)


def damaged(path: Path) -> DamagedDatabase:
    """The message for a damaged file: what happened, that it is untouched, what to do."""
    return DamagedDatabase(
        f"Cannot use the call database {path}: the file is damaged; it has been left "
        "untouched. Restore the latest good copy with `voicecall restore FILE` (copies are "
        f"kept in {path.parent / 'backups'}), or ask IT to restore the file from a backup.",
        str(path),
    )


def describe(exc: sqlite3.Error, path: Path) -> StoreError:
    """Turn an environment-caused SQLite error into a message a person can act on."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text:
        return damaged(path)
    if "full" in text:
        hint = "the disk is full; free some space and try again"
    elif "readonly" in text or "unable to open" in text:
        hint = "the folder cannot be written; check its permissions"
    elif "locked" in text:
        hint = "another program is holding the database; try again in a moment"
    else:
        hint = str(exc)
    return StoreError(f"Cannot use the call database {path}: {hint}.")


def is_environment_error(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError) and any(
        marker in text for marker in _ENVIRONMENT_ERRORS
    )


class Database:
    """One SQLite file; one connection per thread (sqlite3 connections are per-thread).

    Writes go through :meth:`transaction`, which takes the write lock up front
    (``BEGIN IMMEDIATE``) so that two processes can never both claim a call.
    """

    def __init__(self, path: Path, migrations: list[Migration]) -> None:
        self.path = path
        self._migrations = migrations
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._refuse_unusable()
        try:
            self._migrate()
        except BaseException:
            self.close()  # no connection outlives a failed open
            raise

    @property
    def version(self) -> int:
        return len(self._migrations)

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            # Each thread gets its own connection; check_same_thread is off only so
            # that close() can run from whichever thread shuts the store down.
            conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=10.0, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise describe(exc, self.path) from exc
        return conn

    def _schema_version(self, conn: sqlite3.Connection) -> int:
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise describe(exc, self.path) from exc

    def _refuse_unusable(self) -> None:
        """Look before touching: a damaged or newer file must be left byte for byte as it is.

        A read-only connection checks the schema version and every page
        (``PRAGMA quick_check``: about 2 ms a megabyte), so a file whose header
        still reads but whose tables are damaged is refused before anything is
        written to it. (Switching on WAL rewrites the file header, so it happens
        only after this.)
        """
        if not self.path.exists() or self.path.stat().st_size == 0:
            return  # a new database: nothing to protect yet
        try:
            probe = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro",
                uri=True,
                isolation_level=None,
                timeout=10.0,
            )
        except sqlite3.Error as exc:
            raise describe(exc, self.path) from exc
        try:
            found = self._schema_version(probe)
            self._check_version(found)
            problems = self._quick_check(probe)
        finally:
            probe.close()
        if problems != "ok":
            log.error("database %s failed its check: %s", self.path, problems)
            raise damaged(self.path)

    def _quick_check(self, conn: sqlite3.Connection) -> str:
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.Error as exc:
            if is_environment_error(exc):
                raise describe(exc, self.path) from exc
            raise
        return "; ".join(str(r[0]) for r in rows[:5])

    def _check_version(self, found: int) -> None:
        if found > self.version:
            raise NewerDatabaseError(
                f"The call database {self.path} was made by a newer version of VoiceCall "
                f"Desktop (schema {found}, this program knows {self.version}). It has been "
                "left untouched: install the newer version to open it."
            )

    def _migrate(self) -> None:
        found = self._schema_version(self.connection())
        self._check_version(found)
        for number in range(found, self.version):
            with self.transaction() as tx:
                if self._schema_version(tx) > number:
                    continue  # another process migrated it while we waited for the lock
                self._migrations[number](tx)
                tx.execute(f"PRAGMA user_version = {number + 1}")
            log.info("database migrated to schema %d", number + 1)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: ``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error."""
        conn = self.connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise describe(exc, self.path) from exc
        try:
            yield conn
        except sqlite3.Error as exc:
            self._rollback(conn)
            if is_environment_error(exc):
                raise describe(exc, self.path) from exc
            raise
        except BaseException:
            self._rollback(conn)
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback(conn)
            raise describe(exc, self.path) from exc

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        # SQLite may already have rolled back by itself (disk full, I/O error).
        if conn.in_transaction:
            conn.execute("ROLLBACK")

    def read(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> list[sqlite3.Row]:
        try:
            return self.connection().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            if is_environment_error(exc):
                raise describe(exc, self.path) from exc
            raise

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    def integrity_check(self) -> str:
        """SQLite's full check: ``"ok"``, or the first problems it found."""
        try:
            rows = self.connection().execute("PRAGMA integrity_check").fetchall()
        except sqlite3.Error as exc:
            if is_environment_error(exc):
                raise describe(exc, self.path) from exc
            raise
        return "; ".join(str(r[0]) for r in rows[:5])
