"""``voicecall db status | migrate | password set/clear`` in a real process.

The command line's dispatcher is wired by the CLI package; here the ``db``
parser is registered on a bare parser exactly as it will be there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.pg.server import ADMIN, ADMIN_PASSWORD, APP, APP_PASSWORD, PgServer, free_port
from voicecall_desktop.store_pg.schema import VERSION

RUNNER = (
    "import argparse, sys\n"
    "from voicecall_desktop import cli_db\n"
    "parser = argparse.ArgumentParser(prog='voicecall')\n"
    "cli_db.register(parser.add_subparsers(dest='command', required=True))\n"
    "sys.exit(cli_db.cmd_db(parser.parse_args(sys.argv[1:])))\n"
)


def voicecall(
    *args: str, stdin: str = "", url: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()
    env.pop("VOICECALL_DATABASE_URL", None)
    if url is not None:
        env["VOICECALL_DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_status_without_a_url_names_the_desks_own_store() -> None:
    done = voicecall("db", "status", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["store"] == "sqlite" and data["reachable"] is True


def test_password_set_then_status_then_clear(pg_server: PgServer, pg_db: str) -> None:
    url = pg_server.url(APP, pg_db)
    refused = voicecall("db", "status", "--json", url=url)
    assert refused.returncode == 2 and json.loads(refused.stdout)["reason"] == "password"
    stored = voicecall("db", "password", "set", stdin=APP_PASSWORD + "\n", url=url)
    assert stored.returncode == 0, stored.stderr
    assert APP_PASSWORD not in stored.stderr + stored.stdout
    done = voicecall("db", "status", "--json", url=url)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["store"] == "postgresql" and data["reachable"] is True
    assert data["schema_version"] == VERSION
    assert voicecall("db", "password", "clear", url=url).returncode == 0
    again = voicecall("db", "password", "clear", url=url)
    assert again.returncode == 0 and "No password" in again.stderr
    assert voicecall("db", "status", url=url).returncode == 2


def test_migrate_as_the_owner_twice_and_refused_for_a_desk(
    pg_server: PgServer, empty_db: str
) -> None:
    owner = pg_server.url(ADMIN, empty_db)
    assert voicecall("db", "password", "set", stdin=ADMIN_PASSWORD, url=owner).returncode == 0
    first = voicecall("db", "migrate", url=owner)
    assert first.returncode == 0 and f"schema {VERSION}" in first.stderr
    second = voicecall("db", "migrate", url=owner)
    assert second.returncode == 0 and "up to date" in second.stderr
    desk = pg_server.url(APP, empty_db)
    assert voicecall("db", "password", "set", stdin=APP_PASSWORD, url=desk).returncode == 0
    status = voicecall("db", "status", "--json", url=desk)
    assert status.returncode == 0, status.stderr


def test_status_says_why_in_plain_words(pg_server: PgServer, pg_db: str) -> None:
    away = f"postgresql://amy@127.0.0.1:{free_port()}/x?sslmode=disable&connect_timeout=2"
    done = voicecall("db", "status", "--json", url=away)
    assert done.returncode == 2
    assert json.loads(done.stdout)["reason"] == "unreachable"
    assert "cannot be reached" in done.stderr
    leaked = voicecall("db", "status", url="postgresql://amy:hunter2@db.example/calls")
    assert leaked.returncode == 2 and "must not contain the password" in leaked.stderr
    assert "hunter2" not in leaked.stderr + leaked.stdout
    pg_server.superuser_sql("UPDATE schema_version SET version = 99", dbname=pg_db)
    newer = voicecall("db", "status", "--json", url=pg_server.url(APP, pg_db))
    assert (
        voicecall(
            "db", "password", "set", stdin=APP_PASSWORD, url=pg_server.url(APP, pg_db)
        ).returncode
        == 0
    )
    newer = voicecall("db", "status", "--json", url=pg_server.url(APP, pg_db))
    assert newer.returncode == 2 and json.loads(newer.stdout)["reason"] == "schema-too-new"


def test_migrate_without_a_url_is_refused() -> None:
    done = voicecall("db", "migrate")
    assert done.returncode == 2 and "database_url" in done.stderr


@pytest.mark.parametrize("action", [["password", "set"]])
def test_an_empty_password_is_refused(action: list[str]) -> None:
    done = voicecall("db", *action, stdin="\n", url="postgresql://a@db.example/c")
    assert done.returncode == 2 and "password" in done.stderr
