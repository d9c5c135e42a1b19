"""The sandbox server: routing, the control API over HTTP, start/stop, and `serve`."""

from __future__ import annotations

import http.client
import json
import socket
import sys
import threading
from typing import Any

import pytest

from tests.kit import serving_child
from voicecall_desktop.sandbox import MODES, Sandbox, serve

from .helpers import SAMPLE_JSON, Client, needs_sigint, serve_script

# -- routing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/Public/VoiceCall/", "//Public/VoiceCall", "/public/voicecall", "/", "/Public"]
)
def test_other_paths_are_404(sandbox: Sandbox, client: Client, path: str) -> None:
    reply = client.post(json.dumps(SAMPLE_JSON), path=path)

    assert reply.status == 404
    assert "No HTTP resource" in reply.json()["Message"]
    assert sandbox.received == []
    assert sandbox.credits == 1000


def test_get_on_the_endpoint_is_405(client: Client) -> None:
    reply = client.request("GET", "/Public/VoiceCall")
    assert (reply.status, reply.headers["Allow"]) == (405, "POST")


def test_a_sandbox_bug_answers_a_500_page_quietly(
    client: Client, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("voicecall_desktop.sandbox._handler.voice_call", broken)
    reply = client.post_json(SAMPLE_JSON)

    assert reply.status == 500
    assert reply.headers["Content-Type"].startswith("text/html")
    assert capfd.readouterr().err == ""


# -- control API ---------------------------------------------------------------------------


def test_control_api_sets_mode_lists_calls_and_resets(sandbox: Sandbox, client: Client) -> None:
    control = {"Content-Type": "application/json"}
    mode = json.dumps({"mode": "reject", "times": 1})
    assert client.request("POST", "/_sandbox/mode", mode, control).status == 204

    assert client.post_json(SAMPLE_JSON).json()["Errors"] == {"Destination": "Number is barred"}
    assert client.post_json(SAMPLE_JSON).json()["Success"] is True
    calls = client.request("GET", "/_sandbox/calls").json()
    assert [call["outcome"] for call in calls] == ["reject", "ok"]
    assert calls == sandbox.received

    client.request("POST", "/_sandbox/mode", json.dumps({"mode": "slow", "delay": 0.01}), control)
    assert client.request("GET", "/_sandbox/state").json() == {
        "mode": "slow",
        "times": None,
        "delay": 0.01,
        "status": None,
        "credits": 999,
        "calls": 2,
    }
    assert client.request("POST", "/_sandbox/reset", "", control).status == 204
    assert client.request("GET", "/_sandbox/calls").json() == []
    assert client.request("GET", "/_sandbox/state").json()["mode"] == "ok"


@pytest.mark.parametrize(
    "body",
    [
        {"mode": "nonsense"},
        {"mode": "status"},
        {"mode": "status", "status": 200},
        {"mode": "ok", "times": 0},
        {"mode": "slow", "delay": -1},
        {"mode": "ok", "colour": "red"},
        {"times": 2},
        [],
    ],
)
def test_control_api_rejects_bad_settings(client: Client, body: Any) -> None:
    reply = client.request("POST", "/_sandbox/mode", json.dumps(body))
    assert reply.status == 400
    assert reply.json()["error"]
    assert client.request("GET", "/_sandbox/state").json()["mode"] == "ok"


def test_set_mode_rejects_bad_settings(sandbox: Sandbox) -> None:
    assert "ok" in MODES
    for kwargs in ({"mode": "bogus"}, {"mode": "status"}, {"mode": "ok", "times": -1}):
        with pytest.raises(ValueError):
            sandbox.set_mode(**kwargs)


# -- lifecycle -----------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "", "::"])
def test_only_loopback_binds_are_allowed(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        Sandbox(host=host)


def test_localhost_binds_127_0_0_1() -> None:
    with Sandbox(host="localhost") as sandbox:
        assert sandbox.url == f"http://127.0.0.1:{sandbox.port}/"
        assert Client(sandbox).post_json(SAMPLE_JSON).status == 200


def test_stop_frees_the_port_and_is_idempotent() -> None:
    sandbox = Sandbox().start()
    port = sandbox.port
    assert port > 0
    assert sandbox.url == f"http://127.0.0.1:{port}/"
    sandbox.stop()
    sandbox.stop()

    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    with Sandbox(port=port) as again:  # the port can be bound again at once
        assert Client(again).post_json(SAMPLE_JSON).status == 200


def test_stop_does_not_wait_for_idle_or_slow_clients() -> None:
    sandbox = Sandbox().start()
    sandbox.set_mode("slow", delay=30)
    errors: list[BaseException] = []

    def slow_call() -> None:
        try:
            Client(sandbox).post_json(SAMPLE_JSON)
        except (OSError, http.client.HTTPException) as exc:  # cut off by the stop
            errors.append(exc)

    idle = socket.create_connection(("127.0.0.1", sandbox.port))
    caller = threading.Thread(target=slow_call)
    try:
        caller.start()
        for _ in range(1000):
            if sandbox.received:
                break
            threading.Event().wait(0.01)
        assert sandbox.received  # recorded before the wait
        stop = threading.Thread(target=sandbox.stop)
        stop.start()
        stop.join(timeout=5)
        assert not stop.is_alive()
    finally:
        idle.close()
        caller.join(timeout=5)
    assert not caller.is_alive()


# -- serve ---------------------------------------------------------------------------------


def test_serve_rejects_bad_arguments_before_listening() -> None:
    with pytest.raises(ValueError):
        serve(host="0.0.0.0", port=0)
    with pytest.raises(ValueError):
        serve(port=0, mode="status")


@needs_sigint
def test_serve_runs_until_interrupted() -> None:
    code = serve_script(mode="reject")
    with serving_child([sys.executable, "-c", code]) as child:
        port = int(child.first_line)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("POST", "/Public/VoiceCall", json.dumps(SAMPLE_JSON),
                         {"Content-Type": "application/json"})  # fmt: skip
            assert json.loads(conn.getresponse().read())["Success"] is False
        finally:
            conn.close()
        returncode, out, err = child.interrupt()
    assert (returncode, out.strip(), err) == (0, "stopped", "")
