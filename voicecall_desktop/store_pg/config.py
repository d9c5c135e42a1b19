"""Which store a desk uses; importable without psycopg (a single desk never loads it)."""

from __future__ import annotations

import os

ENV = "VOICECALL_DATABASE_URL"


def configured_url(setting: str | None = None) -> str | None:
    """The shared store's URL (the variable wins over the setting), or None for SQLite."""
    value = os.environ.get(ENV, "").strip() or (setting or "").strip()
    return value or None
