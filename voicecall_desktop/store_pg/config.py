"""Which store a desk uses; importable without psycopg (a single desk never loads it).

IT's policy is read here rather than in the service, so the store never imports it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voicecall_desktop.store import Store

log = logging.getLogger(__name__)

ENV = "VOICECALL_DATABASE_URL"


def configured_url(setting: str | None = None) -> str | None:
    """The shared store's URL (the variable wins over the setting), or None for SQLite."""
    value = os.environ.get(ENV, "").strip() or (setting or "").strip()
    return value or None


def policy_database_url() -> str:
    """``database_url`` as fixed by IT (``VOICECALL_POLICY``, or the Windows policy keys).

    Read only where a policy can exist, so a single desk without one loads nothing more.

    Raises:
        StoreError: the policy cannot be read or holds an invalid value (its message
            names the file or key), so that start-up stops instead of guessing.
    """
    if not (os.environ.get("VOICECALL_POLICY", "").strip() or sys.platform == "win32"):
        return ""
    from voicecall_desktop.policy import PolicyError, load_policy
    from voicecall_desktop.store import StoreError

    try:
        value = load_policy().values.get("database_url")
    except PolicyError as exc:
        raise StoreError(str(exc)) from None
    return value if isinstance(value, str) else ""


def local_database_url(store: Store) -> str:
    """The desk's ``database_url`` setting, read without loading the settings model."""
    from voicecall_desktop.store import SqliteStore

    if not isinstance(store, SqliteStore):
        return ""
    rows = store.db.read("SELECT value FROM settings WHERE key = 'database_url'")
    if not rows:
        return ""
    try:
        value = json.loads(rows[0]["value"])
    except json.JSONDecodeError:
        log.warning("setting database_url is unreadable; using this PC's own store")
        return ""
    return value.strip() if isinstance(value, str) else ""
