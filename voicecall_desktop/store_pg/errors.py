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


#: libpq's words for a server it cannot reach or a connection that broke.
_UNREACHABLE = (
    "connection refused",
    "could not connect",
    "could not translate host name",
    "name or service not known",
    "timeout expired",
    "network is unreachable",
    "no route to host",
    "closed unexpectedly",
    "connection timed out",
    "the database system is starting up",
    "the database system is shutting down",
    "terminating connection",
    "consuming input failed",
    "eof detected",
    "the connection is closed",
    "connection is lost",
    "server closed the connection",
)
_TLS = ("ssl", "certificate", "tls")


def _plain(reason: str, where: str) -> StoreError:
    if reason == "unreachable":
        return SharedStoreUnavailable(
            f"The database server {where} cannot be reached (it may be down, or this PC "
            "offline). Work is kept on this desk until it is back."
        )
    words = {
        "refused": f"The database server {where} does not accept connections from this PC or "
        "user; ask whoever runs it to allow this desk (pg_hba.conf).",
        "no-user": f"The database server {where} does not know that user name; check the user "
        "in the database URL.",
        "no-database": f"The database named in {where} does not exist on that server; check "
        "the URL or ask whoever runs the server to create it.",
        "password": f"The database server {where} refused the password. Store the right one "
        "with `voicecall db password set` (or in PGPASSFILE).",
        "tls": f"The secure (TLS) connection to {where} failed: the server's certificate is "
        "not trusted by this PC, does not match its name, or the server does not offer TLS. "
        "Check `sslmode` in the URL with whoever runs the server.",
        "privilege": f"The database user in {where} is not allowed to do this. "
        "`voicecall db migrate` needs the schema owner's role; desks need the "
        "voicecall_desk role (docs/shared-store.md).",
        "disk": f"The database server {where} is out of disk space; tell whoever runs it.",
    }
    return SharedStoreError(words[reason], "password" if reason == "no-user" else reason)


#: Server error codes (SQLSTATE) and what they mean for a person.
_BY_STATE = {
    "28P01": "password",
    "28000": "refused",
    "3D000": "no-database",
    "42501": "privilege",
    "53100": "disk",
    "57P01": "unreachable",
    "57P02": "unreachable",
    "57P03": "unreachable",
}


def _reason_from_text(text: str) -> str | None:
    """libpq's own messages (a failed connect has no SQLSTATE)."""
    if "pg_hba.conf" in text:
        return "refused"
    if "role" in text and "does not exist" in text:
        return "no-user"
    if "database" in text and "does not exist" in text:
        return "no-database"
    if "password" in text:
        return "password"
    if any(marker in text for marker in _UNREACHABLE):
        return "unreachable"
    if any(marker in text for marker in _TLS):
        return "tls"
    return None


def describe(exc: BaseException, where: str) -> StoreError:
    """Turn a connection or server error into a message a person can act on.

    ``where`` is the URL without a password (``user@host:port/db``).
    """
    if isinstance(exc, StoreError):
        return exc
    state = getattr(exc, "sqlstate", None)
    if state is not None:
        reason = _BY_STATE.get(state) or ("unreachable" if state.startswith("08") else None)
    else:
        reason = _reason_from_text(str(exc).lower())
        if reason is None and isinstance(exc, psycopg.OperationalError):
            reason = "unreachable"
    if reason is not None:
        return _plain(reason, where)
    log.debug("unclassified database error: %r", exc)
    return SharedStoreError(f"The database server {where} failed: {exc}", "other")


def is_connection_lost(exc: BaseException) -> bool:
    """The session itself is gone (as opposed to a statement that failed)."""
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = getattr(exc, "sqlstate", None)
    return state is None or state.startswith("08") or state in ("57P01", "57P02", "57P03")
