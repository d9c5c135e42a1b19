"""Migrations, refusals and connection failures, each said in plain words."""

from __future__ import annotations

import logging
from pathlib import Path

import psycopg
import pytest

from tests.pg.server import ADMIN, ADMIN_PASSWORD, APP, APP_PASSWORD, PgServer, free_port
from voicecall_desktop.store_pg import (
    PgStore,
    SchemaMissing,
    SchemaTooNew,
    SharedStoreError,
    SharedStoreUnavailable,
)
from voicecall_desktop.store_pg.password import PasswordStore
from voicecall_desktop.store_pg.schema import VERSION, migrate
from voicecall_desktop.store_pg.session import connect
from voicecall_desktop.store_pg.url import BadDatabaseUrl, DatabaseUrl, configured_url


def store_for(url: str, password: str = APP_PASSWORD) -> PgStore:
    PasswordStore(DatabaseUrl.parse(url)).set(password)
    return PgStore(url)


def test_migrate_creates_the_schema_and_is_safe_to_run_again(
    pg_server: PgServer, empty_db: str
) -> None:
    admin = DatabaseUrl.parse(pg_server.url(ADMIN, empty_db))
    PasswordStore(admin).set(ADMIN_PASSWORD)
    with connect(admin) as conn:
        assert migrate(conn, admin.where()) == (0, VERSION)
        assert migrate(conn, admin.where()) == (VERSION, VERSION)
        indexes = {
            r["indexname"]
            for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'calls'")
        }
    assert {"calls_number_trgm", "calls_search_trgm"} <= indexes
    store = store_for(pg_server.url(APP, empty_db))
    assert store.info().schema_version == VERSION
    store.close()


def test_a_desk_needs_the_schema_and_cannot_make_it(pg_server: PgServer, empty_db: str) -> None:
    url = pg_server.url(APP, empty_db)
    with pytest.raises(SchemaMissing, match="voicecall db migrate"):
        store_for(url)
    # The desks' role is not the schema owner: it cannot migrate (least privilege).
    with connect(DatabaseUrl.parse(url)) as conn, pytest.raises(SharedStoreError) as caught:
        migrate(conn, "x")
    assert caught.value.reason == "privilege"


def test_a_newer_schema_is_refused_and_left_untouched(pg_server: PgServer, pg_db: str) -> None:
    pg_server.superuser_sql("UPDATE schema_version SET version = 99", dbname=pg_db)
    with pytest.raises(SchemaTooNew, match="newer version") as caught:
        store_for(pg_server.url(APP, pg_db))
    assert "schema 99" in str(caught.value)
    admin = DatabaseUrl.parse(pg_server.url(ADMIN, pg_db))
    PasswordStore(admin).set(ADMIN_PASSWORD)
    with connect(admin) as conn:
        with pytest.raises(SchemaTooNew):
            migrate(conn, "x")
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        assert row is not None
        assert row["version"] == 99


def test_a_password_in_the_url_is_refused_without_repeating_it() -> None:
    for url in (
        "postgresql://amy:hunter2@db.example/calls",
        "postgresql://amy@db.example/calls?password=hunter2",
    ):
        with pytest.raises(BadDatabaseUrl) as caught:
            DatabaseUrl.parse(url)
        assert "hunter2" not in str(caught.value)
        assert "database_url" in str(caught.value)
    with pytest.raises(BadDatabaseUrl, match="database_url"):
        DatabaseUrl.parse("mysql://x@y/z")
    with pytest.raises(BadDatabaseUrl, match="host"):
        DatabaseUrl.parse("postgresql:///calls?user=amy")


def test_the_variable_wins_over_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOICECALL_DATABASE_URL", raising=False)
    assert configured_url(None) is None and configured_url("  ") is None
    assert configured_url("postgresql://a@b/c") == "postgresql://a@b/c"
    monkeypatch.setenv("VOICECALL_DATABASE_URL", "postgresql://x@y/z")
    assert configured_url("postgresql://a@b/c") == "postgresql://x@y/z"


def test_a_wrong_password_is_said_plainly_and_not_logged(
    pg_server: PgServer, pg_db: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SharedStoreError) as caught:
        store_for(pg_server.url(APP, pg_db), password="not-the-password")
    assert caught.value.reason == "password"
    assert "refused the password" in str(caught.value)
    assert "not-the-password" not in str(caught.value) + caplog.text


def test_libpq_finds_the_password_in_pgpassfile(
    pg_server: PgServer, pg_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{pg_server.host}:{pg_server.port}:{pg_db}:{APP}:{APP_PASSWORD}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    store = PgStore(pg_server.url(APP, pg_db))  # nothing in the keyring
    assert store.calls.count() == 0
    store.close()


def test_an_unreachable_server_is_said_plainly() -> None:
    url = f"postgresql://amy@127.0.0.1:{free_port()}/calls?sslmode=disable&connect_timeout=2"
    with pytest.raises(SharedStoreUnavailable, match="cannot be reached"):
        PgStore(url)


def test_tls_to_a_server_whose_certificate_this_pc_does_not_trust(
    pg_server: PgServer, pg_db: str
) -> None:
    if pg_server.ca_file is None:
        pytest.skip("openssl is not installed: the test server has no certificate")
    url = pg_server.url(APP, pg_db).replace("sslmode=disable", "sslmode=verify-full")
    with pytest.raises(SharedStoreError) as caught:
        store_for(url)  # the OS trust store does not hold the practice's own CA
    assert caught.value.reason == "tls" and "certificate" in str(caught.value)


def test_tls_verified_against_the_practice_ca(pg_server: PgServer, pg_db: str) -> None:
    if pg_server.ca_file is None:
        pytest.skip("openssl is not installed: the test server has no certificate")
    url = pg_server.url(APP, pg_db).replace(
        "sslmode=disable", f"sslmode=verify-full&sslrootcert={pg_server.ca_file}"
    )
    store = store_for(url)
    try:
        with store.session.transaction() as conn:
            row = conn.execute(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
            ).fetchone()
            assert row is not None
            assert row["ssl"] is True
    finally:
        store.close()


def test_tls_required_of_a_server_name_that_does_not_match(pg_server: PgServer, pg_db: str) -> None:
    if pg_server.ca_file is None:
        pytest.skip("openssl is not installed: the test server has no certificate")
    # Reaches the right server (hostaddr) under a name its certificate does not carry.
    url = (
        pg_server.url(APP, pg_db)
        .replace("@127.0.0.1:", "@db.elsewhere.example:")
        .replace(
            "sslmode=disable",
            f"hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert={pg_server.ca_file}",
        )
    )
    with pytest.raises(SharedStoreError) as caught:
        store_for(url)
    assert caught.value.reason == "tls"


def test_verifying_tls_uses_the_os_trust_store() -> None:
    params = DatabaseUrl.parse("postgresql://a@db.example/c?sslmode=verify-full").connect_params(
        password=None, application_name="t"
    )
    assert params["sslrootcert"] == "system"
    own = DatabaseUrl.parse(
        "postgresql://a@db.example/c?sslmode=verify-full&sslrootcert=/etc/ca.pem"
    ).connect_params(password="pw", application_name="t")
    assert own["sslrootcert"] == "/etc/ca.pem" and own["password"] == "pw"
    assert "password" not in DatabaseUrl.parse("postgresql://a@b/c").display()


def test_the_desks_role_has_only_the_apps_tables(pg_server: PgServer, pg_db: str) -> None:
    store = store_for(pg_server.url(APP, pg_db))
    with store.session.transaction() as conn, pytest.raises(psycopg.Error):
        conn.execute("CREATE TABLE intruder (x int)")
    store.close()


def test_a_missing_database_and_an_unknown_user_are_said_plainly(pg_server: PgServer) -> None:
    with pytest.raises(SharedStoreError) as caught:
        store_for(pg_server.url(APP, "no_such_db"))
    assert caught.value.reason == "no-database" and "does not exist" in str(caught.value)
    with pytest.raises(SharedStoreError) as unknown:
        store_for(pg_server.url("nobody_here", "postgres"))
    assert unknown.value.reason == "password"  # the server does not say which was wrong
