"""The shared store end to end through the real command line: several desks, one URL.

Each desk is its own data folder (``VOICECALL_HOME``) and its own process;
they share ``VOICECALL_DATABASE_URL`` and a PostgreSQL started by the tests.
Sending goes to the sandbox over loopback, so what reached "PatientComms" is
counted, not assumed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.days import open_day
from tests.reliability.helpers import free_port
from voicecall_desktop.sandbox import Sandbox

pytestmark = pytest.mark.slow

DAY = open_day(2).isoformat()


def desk(home: Path, *args: str, url: str | None, stdin: str | None = None) -> tuple[int, str, str]:
    env = os.environ.copy()
    env["VOICECALL_HOME"] = str(home)
    env.pop("VOICECALL_DATABASE_URL", None)
    if url is not None:
        env["VOICECALL_DATABASE_URL"] = url
    done = subprocess.run(
        [sys.executable, "-m", "voicecall_desktop.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    return done.returncode, done.stdout, done.stderr


def send(home: Path, url: str | None, base: str, number: str, *extra: str) -> tuple[int, str, str]:
    return desk(
        home,
        "send",
        "--destination",
        number,
        "--source",
        "Surgery",
        "--username",
        "reception",
        "--date",
        DAY,
        "--time",
        "10:00",
        "--base-url",
        base,
        "--json",
        *extra,
        url=url,
    )


def rung(sandbox: Sandbox) -> list[int]:
    return sorted(r["body"]["Destination"] for r in sandbox.received)


def test_two_desks_share_the_repeat_rule_the_do_not_call_list_and_the_history(
    tmp_path: Path, pg_url: str, sandbox: Sandbox, api_key: str
) -> None:
    one, two = tmp_path / "desk1", tmp_path / "desk2"
    # The do-not-call list is practice-wide: listed at one desk, refused at the other.
    code, _, err = desk(one, "do-not-call", "add", "07700 900555", url=pg_url)
    assert code == 0, err
    code, out, err = send(two, pg_url, sandbox.url, "07700 900555")
    assert code == 2 and "do-not-call" in err.lower() and not out.strip()

    code, out, err = send(one, pg_url, sandbox.url, "07700 900123")
    assert code == 0, err
    first = json.loads(out)
    assert first["state"] == "sent" and first["desk"] and first["booked_by"]
    # The same number the same day from the other desk: warned, naming the first desk's call.
    code, out, err = send(two, pg_url, sandbox.url, "07700 900123")
    assert f"#{first['id']}" in err, err
    # A call list repeating it is refused at the other desk too (batch's repeat rule).
    calls = tmp_path / "list.csv"
    calls.write_text(
        f"destination,date,times,source,username\n07700 900123,{DAY},11:00,Surgery,rec\n"
    )
    code, out, err = desk(two, "batch", str(calls), "--base-url", sandbox.url, url=pg_url)
    assert code == 2 and "07700" in err, err

    # Every desk sees every call, with the desk and the person.
    code, out, err = desk(one, "history", "--json", url=pg_url)
    assert code == 0, err
    history = json.loads(out)
    assert {r["id"] for r in history} >= {first["id"]}
    assert all(r["desk"] and r["booked_by"] for r in history)
    assert 447700900555 not in rung(sandbox)
    # Neither desk kept calls in a file of its own: the shared store holds them.
    assert desk(one, "db", "status", "--json", url=pg_url)[0] == 0


def test_unreachable_server_keeps_the_call_queued_then_it_moves_and_is_sent_once(
    tmp_path: Path, pg_url: str, sandbox: Sandbox, api_key: str
) -> None:
    home = tmp_path / "desk"
    away = f"postgresql://desk@127.0.0.1:{free_port()}/voicecall"
    code, out, err = send(home, away, sandbox.url, "07700 900777")
    assert code == 3, err
    assert "shared store cannot be reached" in err and "kept queued on this PC" in err
    assert json.loads(out)["state"] == "queued" and sandbox.received == []
    # Still away: a flush sends nothing and says so.
    code, _, err = desk(home, "outbox", "--flush", "--base-url", sandbox.url, url=away)
    assert code == 3 and "cannot be reached" in err and sandbox.received == []

    # The server is back: the next command moves the call into the shared store.
    code, out, err = desk(home, "outbox", "--json", url=pg_url)
    assert code == 0, err
    [moved] = json.loads(out)
    assert moved["state"] == "queued" and moved["destination"] == 447700900777
    code, out, err = desk(home, "outbox", "--flush", "--base-url", sandbox.url, url=pg_url)
    assert code == 0, err
    code, out, err = desk(home, "outbox", "--flush", "--base-url", sandbox.url, url=pg_url)
    assert code == 0 and "empty" in err
    assert rung(sandbox) == [447700900777]  # exactly once
    code, out, _ = desk(home, "history", "--json", "--search", "900777", url=pg_url)
    assert [r["state"] for r in json.loads(out)] == ["sent"]


def test_the_database_url_setting_picks_the_shared_store_and_refuses_a_password(
    tmp_path: Path, pg_url: str
) -> None:
    home = tmp_path / "desk"
    code, out, err = desk(
        home, "settings", "set", "database_url", "postgresql://desk:Secr3t@db/vc", url=None
    )
    assert code == 2 and "database_url" in err and "Secr3t" not in err + out
    code, _, err = desk(home, "settings", "set", "database_url", pg_url, url=None)
    assert code == 0, err
    code, out, err = desk(home, "db", "status", "--json", url=None)
    assert code == 0, err
    assert json.loads(out)["store"] == "postgresql"
    code, _, err = desk(home, "self-test", url=None)
    assert "database: shared store (postgresql)" in err, err
    # Back to this PC's own store, from the shared one.
    code, _, err = desk(home, "settings", "set", "database_url", "", url=None)
    assert code == 0, err
    code, out, _ = desk(home, "db", "status", "--json", url=None)
    assert json.loads(out)["store"] == "sqlite"


def test_without_a_url_nothing_postgresql_is_imported(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from voicecall_desktop.cli import run\n"
        "from voicecall_desktop.service import Service\n"
        "assert run(['history']) == 0\n"
        "with Service() as s:\n"
        "    s.save_draft(__import__('voicecall_desktop.core.models', fromlist=['CallForm'])"
        ".CallForm(destination='07700 900123'))\n"
        "    assert s.store_status().shared is False\n"
        # store_pg.config only reads the variable (a few lines, no driver).
        "loaded = [m for m in sys.modules if m.startswith('psycopg') or "
        "(m.startswith('voicecall_desktop.store_pg.') and not m.endswith('.config'))]\n"
        "print(loaded)\n"
        "assert not loaded, loaded\n"
    )
    env = os.environ.copy()
    env["VOICECALL_HOME"] = str(tmp_path / "desk")
    env.pop("VOICECALL_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_window_hook_moves_kept_calls_once_and_hears_other_desks(
    home: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, open_store_pg: object
) -> None:
    from voicecall_desktop.core.models import CallForm
    from voicecall_desktop.core.states import CallState
    from voicecall_desktop.service import Service

    form = CallForm(destination="07700 900888", source="Surgery", username="rec", day=None)
    monkeypatch.setenv("VOICECALL_DATABASE_URL", f"postgresql://desk@127.0.0.1:{free_port()}/vc")
    with Service(home) as service:
        assert service.store_status().reachable is False
        service.save_draft(form)
        service.submit(form)
        assert service.retry_shared_store() == 0  # still away
        monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)
        assert service.retry_shared_store() == 2
        status = service.store_status()
        assert status.shared and status.reachable and "Shared store" in status.text
        assert service.retry_shared_store() == 0
        assert service.count([CallState.QUEUED]) == 1 and service.count([CallState.DRAFT]) == 1

        heard = threading.Event()
        watching = service.watch(heard.set)
        try:
            other = open_store_pg()  # type: ignore[operator]
            booked = 0
            for _ in range(20):  # until the listener is listening: each booking notifies
                other.calls.create(form, None, CallState.DRAFT, actor="b", machine="desk2")
                booked += 1
                if heard.wait(0.5):
                    break
            assert heard.is_set()
        finally:
            watching.stop()
    with Service(home) as again:  # nothing left on this PC to move a second time
        assert again.count() == 2 + booked


def test_a_call_booked_after_the_server_stopped_is_kept_and_moved_exactly_once(
    home: Path, pg_url: str, pg_server: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voicecall_desktop.core.models import CallForm
    from voicecall_desktop.core.states import CallState
    from voicecall_desktop.service import Service

    server = pg_server
    form = CallForm(destination="07700 900444", source="Surgery", username="rec", day=open_day(2))
    monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)
    with Service(home) as service:
        assert service.store_status().reachable
        booked = service.submit(form).record
        server.halt("fast")  # type: ignore[attr-defined]
        try:
            kept = service.submit(form.model_copy(update={"destination": "07700 900445"}))
            status = service.store_status()
            assert status.shared and not status.reachable and "kept on this PC" in status.text
            assert kept.record.state is CallState.QUEUED
            assert service.retry_shared_store() == 0  # still down: kept, nothing lost
        finally:
            server.resume()  # type: ignore[attr-defined]
        assert service.retry_shared_store() == 1
        assert service.retry_shared_store() == 0
        numbers = sorted(r.destination or 0 for r in service.outbox_page().rows)
        assert numbers == [447700900444, 447700900445]
        assert service.get(booked.id) is not None


def test_a_database_url_fixed_by_it_picks_the_shared_store(tmp_path: Path, pg_url: str) -> None:
    home = tmp_path / "desk"
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"database_url": pg_url}))
    os.environ["VOICECALL_POLICY"] = str(policy)
    try:
        code, out, err = desk(home, "db", "status", "--json", url=None)
        assert code == 0 and json.loads(out)["store"] == "postgresql", err
        # IT's URL wins over the variable (as base_url does): the desk cannot step aside.
        elsewhere = f"postgresql://desk@127.0.0.1:{free_port()}/voicecall"
        code, out, err = desk(home, "history", "--json", url=elsewhere)
        assert code == 0 and json.loads(out) == [] and "unreachable" not in err, err
        code, out, err = desk(home, "self-test", url=elsewhere)
        assert "database: shared store (postgresql)" in err, err
        # A password in IT's URL stops start-up naming the file and the setting, not the password.
        policy.write_text(json.dumps({"database_url": "postgresql://desk:Secr3t@db/vc"}))
        code, out, err = desk(home, "history", url=None)
        assert code == 2 and "database_url" in err and str(policy) in err
        assert "Secr3t" not in out + err
    finally:
        del os.environ["VOICECALL_POLICY"]
