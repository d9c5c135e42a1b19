"""The shared store on PostgreSQL (``VOICECALL_DATABASE_URL``), for several desks.

Importing this package does not import psycopg: :func:`configured_url` and
:func:`open_for_desk` load the PostgreSQL modules only when a URL is set, so a
single desk's start-up never pays for them. The other names load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from voicecall_desktop.store_pg.config import ENV, configured_url

if TYPE_CHECKING:
    from voicecall_desktop.store_pg.choose import StoreChoice, open_for_desk, open_holding_store
    from voicecall_desktop.store_pg.errors import (
        SchemaMissing,
        SchemaTooNew,
        SharedStoreError,
        SharedStoreUnavailable,
    )
    from voicecall_desktop.store_pg.store import PgStore, open_shared_store, parse_url
    from voicecall_desktop.store_pg.url import BadDatabaseUrl, DatabaseUrl


def __getattr__(name: str) -> Any:
    # Plain import statements (not importlib), so that PyInstaller sees the modules.
    if name in ("StoreChoice", "open_for_desk", "open_holding_store"):
        from voicecall_desktop.store_pg import choose as module
    elif name in ("SchemaMissing", "SchemaTooNew", "SharedStoreError", "SharedStoreUnavailable"):
        from voicecall_desktop.store_pg import errors as module  # type: ignore[no-redef]
    elif name in ("PgStore", "open_shared_store", "parse_url"):
        from voicecall_desktop.store_pg import store as module  # type: ignore[no-redef]
    elif name in ("BadDatabaseUrl", "DatabaseUrl"):
        from voicecall_desktop.store_pg import url as module  # type: ignore[no-redef]
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(module, name)


__all__ = [
    "ENV",
    "BadDatabaseUrl",
    "DatabaseUrl",
    "PgStore",
    "SchemaMissing",
    "SchemaTooNew",
    "SharedStoreError",
    "SharedStoreUnavailable",
    "StoreChoice",
    "configured_url",
    "open_for_desk",
    "open_holding_store",
    "open_shared_store",
    "parse_url",
]
