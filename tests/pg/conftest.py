"""The shared-store tests' fixtures (kept in :mod:`tests.pg.fixtures` for the plugin too)."""

from tests.pg.fixtures import empty_db, open_store_pg, pg_db, pg_server, pg_store, pg_url

__all__ = ["empty_db", "open_store_pg", "pg_db", "pg_server", "pg_store", "pg_url"]
