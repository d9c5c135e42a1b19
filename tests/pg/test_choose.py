"""Which store a desk opens, holding calls while the server is away and moving them after."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.pg.server import PgServer, free_port
from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store_pg import SharedStoreError, open_for_desk

FORM = CallForm(destination="07700 900123", source="Surgery", username="reception")


def test_without_a_url_the_desk_keeps_its_own_store_and_never_loads_psycopg(
    tmp_path: Path,
) -> None:
    code = (
        "import sys, pathlib\n"
        "from voicecall_desktop.store_pg import open_for_desk\n"
        f"choice = open_for_desk(pathlib.Path({str(tmp_path / 'h')!r}), None, actor='a')\n"
        "assert choice.store.info().kind == 'sqlite' and not choice.shared\n"
        "choice.store.close()\n"
        "assert 'psycopg' not in sys.modules, 'psycopg was imported'\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def test_calls_kept_while_unreachable_are_never_sent_there_and_move_when_back(
    tmp_path: Path, pg_server: PgServer, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "desk"
    monkeypatch.delenv("VOICECALL_DATABASE_URL", raising=False)
    away = f"postgresql://nobody@127.0.0.1:{free_port()}/x?sslmode=disable&connect_timeout=2"
    held = open_for_desk(home, away, actor="amy@DESK")
    assert held.shared and not held.reachable and "unreachable" in held.status
    record = held.store.calls.create(
        FORM, CallSpec.from_form(FORM)[0], CallState.QUEUED, actor="amy", machine="DESK"
    )
    assert held.store.calls.claim(held.store.lease.token) is None  # nothing leaves from here
    assert held.store.calls.get(record.id).state is CallState.QUEUED  # type: ignore[union-attr]
    held.store.close()

    monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)  # the variable wins over the setting
    back = open_for_desk(home, away, actor="amy@DESK")
    try:
        assert back.reachable and back.moved == 1 and back.store.info().kind == "postgresql"
        [shared] = back.store.calls.page().rows
        assert shared.state is CallState.QUEUED and shared.booked_on == "DESK"
        again = open_for_desk(home, None, actor="amy@DESK")
        assert again.moved == 0
        again.store.close()
    finally:
        back.store.close()


def test_a_refused_password_is_raised_not_hidden_behind_the_desks_store(
    tmp_path: Path, pg_server: PgServer, pg_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VOICECALL_DATABASE_URL", raising=False)
    monkeypatch.setenv("PGPASSWORD", "wrong")
    with pytest.raises(SharedStoreError) as caught:
        open_for_desk(tmp_path / "desk", pg_server.url("vc_app", pg_db), actor="a")
    assert caught.value.reason == "password"


def test_a_call_booked_when_the_server_went_away_is_held_then_moved(
    tmp_path: Path, pg_server: PgServer, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voicecall_desktop.store.errors import StoreUnavailable
    from voicecall_desktop.store_pg import open_holding_store

    monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)
    home = tmp_path / "desk"
    desk = open_for_desk(home, None, actor="amy@DESK")
    spec = CallSpec.from_form(FORM)[0]
    pg_server.halt("fast")
    try:
        with pytest.raises(StoreUnavailable):
            desk.store.calls.create(FORM, spec, CallState.QUEUED, actor="amy", machine="DESK")
        held = open_holding_store(home, "server stopped")
        kept = held.calls.create(FORM, spec, CallState.QUEUED, actor="amy", machine="DESK")
        assert held.calls.claim(held.lease.token) is None
        held.close()
    finally:
        pg_server.resume()
    desk.store.close()
    back = open_for_desk(home, None, actor="amy@DESK")
    try:
        assert back.moved == 1
        [shared] = back.store.calls.page().rows
        assert (shared.state, shared.destination) == (CallState.QUEUED, kept.destination)
    finally:
        back.store.close()
