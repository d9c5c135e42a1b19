"""Which store a desk uses; importable without psycopg (a single desk never loads it).

IT's policy is read here rather than in the service, so the store never imports it.
"""

from __future__ import annotations

import os
import sys

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
