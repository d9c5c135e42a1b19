"""A real PostgreSQL for the tests: one server per session, one database per test.

Used by ``tests/pg/conftest.py`` and by :mod:`tests.pg.shared_plugin`.

Skipped (with the reason) only when PostgreSQL is not installed and this is
not CI; under ``CI=true`` a missing server is a failure, so CI cannot go green
without having run these tests.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from tests.pg.server import ADMIN, ADMIN_PASSWORD, APP, PgServer, find_bindir

if TYPE_CHECKING:
    from voicecall_desktop.store_pg import PgStore

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = find_bindir()
    if bindir is None:
        reason = (
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
            "apt-get install postgresql postgresql-contrib to run the shared-store tests"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + " — required under CI")
        pytest.skip(reason)
    server = PgServer(bindir).start()
    # The least-privilege set-up of docs/shared-store.md: desks log in as members of
    # voicecall_desk; the schema belongs to the admin role, who alone can migrate.
    server.superuser_sql("CREATE ROLE voicecall_desk NOLOGIN", f"GRANT voicecall_desk TO {APP}")
    server.superuser_sql(f"CREATE DATABASE vc_template OWNER {ADMIN}")
    _migrate(server, "vc_template")
    yield server
    server.stop()


def _migrate(server: PgServer, dbname: str) -> None:
    from psycopg.rows import dict_row

    from voicecall_desktop.store_pg.schema import migrate

    with server.connect(ADMIN, ADMIN_PASSWORD, dbname, row_factory=dict_row) as conn:
        migrate(conn, dbname)


def _own_database(server: PgServer, prefix: str, template: str = "") -> Iterator[str]:
    """A database for one test, owned by the admin role; dropped (connections and all) after."""
    name = f"{prefix}_{os.getpid()}_{next(_numbers)}"
    server.superuser_sql(f"CREATE DATABASE {name} {template}OWNER {ADMIN}")
    yield name
    server.superuser_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def empty_db(pg_server: PgServer) -> Iterator[str]:
    """A database with no schema yet, owned by the admin role; its name."""
    yield from _own_database(pg_server, "vc_empty")


@pytest.fixture
def pg_db(pg_server: PgServer) -> Iterator[str]:
    """A migrated database of this test's own (cloned from the template); its name."""
    yield from _own_database(pg_server, "vc_test", "TEMPLATE vc_template ")


@pytest.fixture
def pg_url(pg_server: PgServer, pg_db: str) -> str:
    """The desks' URL (least-privilege role) with its password in this test's keyring."""
    from tests.pg.server import APP_PASSWORD
    from voicecall_desktop.store_pg.password import PasswordStore
    from voicecall_desktop.store_pg.url import DatabaseUrl

    url = pg_server.url(APP, pg_db)
    PasswordStore(DatabaseUrl.parse(url)).set(APP_PASSWORD)
    return url


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[object]:
    from voicecall_desktop.store_pg import PgStore

    store = PgStore(pg_url)
    yield store
    store.close()


@pytest.fixture
def open_store_pg(pg_url: str) -> Iterator[Callable[[], PgStore]]:
    """Opens stores on this test's URL (one per simulated desk); all closed at the end."""
    from voicecall_desktop.store_pg import PgStore

    opened: list[PgStore] = []

    def make() -> PgStore:
        opened.append(PgStore(pg_url))
        return opened[-1]

    yield make
    for store in opened:
        store.close()
