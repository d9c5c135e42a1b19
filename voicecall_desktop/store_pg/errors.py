"""PostgreSQL's failures in plain words, as the store's own errors.

libpq's messages are precise but written for administrators; a receptionist
needs to know which of four things is wrong (the server cannot be reached, the
password was refused, the secure connection failed, the schema is from a newer
program) and what to do. Messages never carry the password: libpq does not
echo it, and the URL we show has none.
"""

from __future__ import annotations

import logging

import psycopg

from voicecall_desktop.store.errors import NewerDatabaseError, StoreError, StoreUnavailable

log = logging.getLogger(__name__)


class SharedStoreError(StoreError):
    """The shared store cannot be used; ``reason`` is one of the words below."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class SharedStoreUnavailable(StoreUnavailable):
    """The server cannot be reached just now: work may be kept on the desk and moved later."""

    reason = "unreachable"


class SchemaTooNew(NewerDatabaseError):
    reason = "schema-too-new"


class SchemaMissing(SharedStoreError):
    """The database has no (or an older) schema: ``voicecall db migrate`` must run first."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "schema-missing")


_UNREACHABLE = (
    "connection refused",
    "could not connect",
    "could not translate host name",
    "name or service not known",
    "timeout expired",
    "network is unreachable",
    "no route to host",
    "server closed the connection unexpectedly",
    "connection timed out",
    "the database system is starting up",
    "the database system is shutting down",
    "terminating connection due to administrator command",
    "connection to server",
    "consuming input failed",
    "ssl syscall error: eof detected",
    "the connection is closed",
    "connection is lost",
)
_PASSWORD = ("password authentication failed", "no password supplied", "password")
_TLS = ("ssl", "certificate", "tls")


def describe(exc: BaseException, where: str) -> StoreError:
    """Turn a connection or server error into a message a person can act on.

    ``where`` is the URL without a password (``user@host:port/db``).
    """
    if isinstance(exc, StoreError):
        return exc
    text = str(exc).lower()
    if "pg_hba.conf" in text:
        return SharedStoreError(
            f"The database server {where} does not accept connections from this PC or "
            "user; ask whoever runs it to allow this desk (pg_hba.conf).",
            "refused",
        )
    if any(marker in text for marker in ("does not exist",)) and "role" in text:
        return SharedStoreError(
            f"The database server {where} does not know that user name; check the user in "
            "the database URL.",
            "password",
        )
    if "database" in text and "does not exist" in text:
        return SharedStoreError(
            f"The database named in {where} does not exist on that server; check the URL "
            "or ask whoever runs the server to create it.",
            "no-database",
        )
    if any(marker in text for marker in _PASSWORD):
        return SharedStoreError(
            f"The database server {where} refused the password. Store the right one with "
            "`voicecall db password set` (or in PGPASSFILE).",
            "password",
        )
    if any(marker in text for marker in _TLS) and "ssl syscall" not in text:
        return SharedStoreError(
            f"The secure (TLS) connection to {where} failed: the server's certificate is not "
            "trusted by this PC, does not match its name, or the server does not offer TLS. "
            "Check `sslmode` in the URL with whoever runs the server.",
            "tls",
        )
    if isinstance(exc, psycopg.OperationalError) or any(m in text for m in _UNREACHABLE):
        return SharedStoreUnavailable(
            f"The database server {where} cannot be reached (it may be down, or this PC "
            "offline). Work is kept on this desk until it is back."
        )
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return SharedStoreError(
            f"The database user in {where} is not allowed to do this: {exc}. "
            "`voicecall db migrate` needs the schema owner's role.",
            "privilege",
        )
    if isinstance(exc, psycopg.errors.DiskFull):
        return SharedStoreError(f"The database server {where} is out of disk space.", "disk")
    log.debug("unclassified database error: %r", exc)
    return SharedStoreError(f"The database server {where} failed: {exc}", "other")


def is_connection_lost(exc: BaseException) -> bool:
    """The session itself is gone (as opposed to a statement that failed)."""
    return isinstance(exc, psycopg.OperationalError) and not isinstance(
        exc, psycopg.errors.QueryCanceled | psycopg.errors.LockNotAvailable
    )
