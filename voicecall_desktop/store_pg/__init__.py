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

_WHERE = {
    "StoreChoice": "choose",
    "open_for_desk": "choose",
    "open_holding_store": "choose",
    "SchemaMissing": "errors",
    "SchemaTooNew": "errors",
    "SharedStoreError": "errors",
    "SharedStoreUnavailable": "errors",
    "PgStore": "store",
    "open_shared_store": "store",
    "parse_url": "store",
    "BadDatabaseUrl": "url",
    "DatabaseUrl": "url",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


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
