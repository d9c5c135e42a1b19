"""One database session per open store, holding this process's lease.

Everything the store does goes through this one session, under a lock (the
window's worker and its refresh may call from different threads). That is
what makes liveness exact: a call is claimed on the very session whose
advisory lock says "this process is alive", so when PostgreSQL ends the
session (the process died, its PC lost power and keepalives gave up) the lock
and the claim's life end together.

After a lost connection the next use reconnects and takes the lease lock
again before doing anything else. A write whose connection broke is never
retried: its outcome is unknown to us, and the caller is told the server is
unreachable.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import psycopg
from psycopg.abc import Buffer
from psycopg.conninfo import make_conninfo
from psycopg.rows import DictRow, dict_row
from psycopg.types.string import StrDumperUnknown

from voicecall_desktop.store.errors import StoreUnavailable
from voicecall_desktop.store_pg.errors import SharedStoreError, describe, is_connection_lost
from voicecall_desktop.store_pg.password import password_for
from voicecall_desktop.store_pg.url import DatabaseUrl

log = logging.getLogger(__name__)

Conn = psycopg.Connection[DictRow]


class CleanText(StrDumperUnknown):
    """Text as PostgreSQL can hold it: no NUL, valid UTF-8.

    SQLite keeps both, so a draft pasted with an invisible NUL, or a search typed
    with undecodable bytes, must not fail here where it worked on the desk: NUL is
    dropped and an undecodable character becomes U+FFFD, as the search already does.
    """

    def dump(self, obj: str) -> Buffer | None:
        if "\x00" in obj:
            obj = obj.replace("\x00", "")
        try:
            return super().dump(obj)
        except UnicodeEncodeError:
            return super().dump(obj.encode("utf-8", "replace").decode("utf-8"))


def connect(url: DatabaseUrl, *, purpose: str = "desk") -> Conn:
    """A new autocommit session, or a :class:`StoreError` in plain words."""
    params = url.connect_params(
        password=password_for(url),
        application_name=f"voicecall-desktop {purpose} {socket.gethostname()}"[:63],
    )
    try:
        conn = psycopg.connect(make_conninfo(**params), autocommit=True, row_factory=dict_row)
    except psycopg.Error as exc:
        raise describe(exc, url.where()) from None
    conn.adapters.register_dumper(str, CleanText)
    return conn


class Session:
    """The store's one connection, its lock, and the lease key held on it."""

    def __init__(self, url: DatabaseUrl, lease_key: int) -> None:
        self.url = url
        self.lease_key = lease_key
        self._lock = threading.RLock()
        self._conn: Conn | None = None
        self._closed = False
        self.pid = os.getpid()
        with self._lock:
            self._connection()

    def _connection(self) -> Conn:
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if conn is not None:
            log.warning("database session lost; connecting again")
            conn.close()
            self._conn = None
        conn = connect(self.url)
        try:
            # The lease first: nothing is claimed on a session that does not hold it.
            self._take_lease(conn)
        except psycopg.Error as exc:
            conn.close()
            raise describe(exc, self.url.where()) from None
        self._conn = conn
        return conn

    def _take_lease(self, conn: Conn) -> None:
        """Hold the lease key on ``conn``, even if our previous session still lingers.

        After a network blip the server may not yet know that our old session is
        dead (it finds out by keep-alives, a minute or more later), and that session
        still holds our key. Only our own session can hold it, so it is ended
        (``pg_terminate_backend`` of the holder of exactly this key, never any other)
        rather than waited for; then the lock is taken, waiting at most a few seconds.
        """
        row = conn.execute("SELECT pg_try_advisory_lock(%s) AS got", (self.lease_key,)).fetchone()
        if row and row["got"]:
            return
        high, low = (self.lease_key >> 32) & 0xFFFFFFFF, self.lease_key & 0xFFFFFFFF
        ended = conn.execute(
            "SELECT pid, pg_terminate_backend(pid) AS ended FROM pg_locks "
            "WHERE locktype = 'advisory' AND granted AND objsubid = 1 "
            "AND classid = %s::bigint::oid AND objid = %s::bigint::oid "
            "AND pid <> pg_backend_pid()",
            (high, low),
        ).fetchall()
        log.warning(
            "ended %d lingering session(s) of this desk to take its lease again", len(ended)
        )
        conn.execute("SET lock_timeout = '10s'")
        try:
            conn.execute("SELECT pg_advisory_lock(%s)", (self.lease_key,))
        finally:
            conn.execute("RESET lock_timeout")

    @property
    def closed(self) -> bool:
        return self._closed

    @contextmanager
    def _after_close(self) -> Iterator[Conn]:
        """A connection of its own for a late caller (a window slot running after close).

        As on SQLite, reading and writing still work after close; but without the
        lease, and :meth:`PgCallStore.claim` hands out nothing on a closed store.
        """
        conn = connect(self.url, purpose="late")
        try:
            with conn.transaction():
                yield conn
        except psycopg.Error as exc:
            raise describe(exc, self.url.where()) from None
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Conn]:
        """One atomic unit of work on the session, rolled back on any error."""
        if self._closed:
            with self._after_close() as late:
                yield late
            return
        with self._lock:
            for attempt in (1, 2):
                conn = self._connection()
                tx = conn.transaction()
                try:
                    # BEGIN goes out here: if the session had died while idle, nothing was
                    # done yet, so a fresh session (with the lease taken again) may try once more.
                    tx.__enter__()
                    break
                except psycopg.Error as exc:
                    conn.close()
                    if attempt == 2 or not is_connection_lost(exc):
                        raise describe(exc, self.url.where()) from None
            try:
                yield conn
            except BaseException as exc:
                with suppress(psycopg.Error):  # on a dead session the server has rolled back
                    tx.__exit__(type(exc), exc, exc.__traceback__)
                if isinstance(exc, psycopg.Error):
                    raise describe(exc, self.url.where()) from None
                raise
            try:
                tx.__exit__(None, None, None)  # COMMIT
            except psycopg.Error as exc:
                # Whether it committed is unknown to us: never retried, said plainly, and
                # never StoreUnavailable ("nothing was written"), or a caller keeping the
                # work on the desk instead could book a call twice.
                found = describe(exc, self.url.where())
                if isinstance(found, StoreUnavailable):
                    raise SharedStoreError(
                        f"The connection to the database server {self.url.where()} broke "
                        "while saving: whether it was saved is not known. Check the history "
                        "before doing it again.",
                        "commit-unknown",
                    ) from None
                raise found from None

    def read(self, sql: str, params: Any = ()) -> list[DictRow]:
        """A read; retried once on a fresh session if the old one had died (reads are safe)."""
        if self._closed:
            with self._after_close() as late:
                return late.execute(sql, params).fetchall()
        with self._lock:
            for attempt in (1, 2):
                conn = self._connection()
                try:
                    return conn.execute(sql, params).fetchall()
                except psycopg.Error as exc:
                    if is_connection_lost(exc):
                        conn.close()
                        if attempt == 1:
                            continue
                    raise describe(exc, self.url.where()) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def holds_lease(self) -> bool:
        conn = self._conn
        return conn is not None and not conn.closed and not conn.broken and not self._closed

    def backend_pid(self) -> int | None:
        conn = self._conn
        return conn.info.backend_pid if conn is not None and not conn.closed else None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._conn is not None:
                self._conn.close()  # ends the session, and with it the lease lock
                self._conn = None
