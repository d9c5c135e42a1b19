"""The shared store on PostgreSQL (``VOICECALL_DATABASE_URL``), for several desks.

Imported only when a database URL is configured: a single desk's start-up
never loads psycopg.
"""

from voicecall_desktop.store_pg.errors import (
    SchemaMissing,
    SchemaTooNew,
    SharedStoreError,
    SharedStoreUnavailable,
)
from voicecall_desktop.store_pg.store import PgStore, open_shared_store, parse_url
from voicecall_desktop.store_pg.url import ENV, BadDatabaseUrl, DatabaseUrl, configured_url

__all__ = [
    "ENV",
    "BadDatabaseUrl",
    "DatabaseUrl",
    "PgStore",
    "SchemaMissing",
    "SchemaTooNew",
    "SharedStoreError",
    "SharedStoreUnavailable",
    "configured_url",
    "open_shared_store",
    "parse_url",
]
