"""Liveness without PIDs: a session-level advisory lock per process.

The process takes ``pg_advisory_lock(key)`` on its session and writes
``pg:<key>:<desk>:<pid>`` as the ``owner`` of every call it claims.
PostgreSQL releases the lock when the session ends, however the process
ended. Another desk asks "is the claimer alive?" by trying the same lock for
the length of one transaction: if it gets it, nobody holds it, so the claimer
is gone.
"""

from __future__ import annotations

import os
import secrets
import socket

from voicecall_desktop.store_pg.session import Session

PREFIX = "pg:"


def new_lease_key() -> int:
    """A random signed 64-bit key (advisory locks take a bigint)."""
    return secrets.randbits(63) - (1 << 62)


def key_of(token: str) -> int | None:
    if not token.startswith(PREFIX):
        return None
    try:
        return int(token.split(":", 2)[1])
    except (IndexError, ValueError):
        return None


class PgLease:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._released = False
        desk = socket.gethostname().replace(":", "-")
        self._token = f"{PREFIX}{session.lease_key}:{desk}:{os.getpid()}"

    @property
    def token(self) -> str:
        return self._token

    def is_alive(self, token: str | None) -> bool:
        if not token:
            return False
        if token == self._token:
            return not self._released
        key = key_of(token)
        if key is None:
            return True  # not a claim we can judge: never steal it
        try:
            with self._session.transaction() as conn:
                row = conn.execute(
                    "SELECT pg_try_advisory_xact_lock(%s) AS free", (key,)
                ).fetchone()
        except Exception:
            return True  # cannot tell: assume alive rather than steal a live attempt
        return not (row and row["free"])

    def release(self) -> None:
        self._released = True
