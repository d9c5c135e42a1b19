"""The sandbox says plainly when its port is taken, and stops on Ctrl+C even when it was
started in the background with SIGINT ignored (as a shell script's ``&`` does)."""

from __future__ import annotations

import shlex
import socket
import sys
from collections.abc import Iterator

import pytest

from tests.kit import run_cli, serving_child
from voicecall_desktop.sandbox import PortInUse, Sandbox

from .helpers import needs_sigint, serve_script


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.create_server(("127.0.0.1", 0)) as holder:
        yield int(holder.getsockname()[1])


def test_a_port_in_use_is_named(taken_port: int) -> None:
    sandbox = Sandbox(port=taken_port)
    with pytest.raises(PortInUse) as caught:
        sandbox.start()
    assert isinstance(caught.value, OSError)
    assert caught.value.strerror == f"port {taken_port} is in use"
    assert f"port {taken_port} is in use" in str(caught.value)
    sandbox.stop()  # nothing was started: still safe


def test_voicecall_sandbox_on_a_port_in_use_exits_2_naming_it(taken_port: int) -> None:
    result = run_cli("sandbox", "--port", str(taken_port), timeout=30)
    assert result.returncode == 2, result.stderr
    assert f"port {taken_port} is in use" in result.stderr
    assert "Traceback" not in result.stderr and "AttributeError" not in result.stderr


@needs_sigint
def test_serve_stops_on_sigint_even_when_started_with_it_ignored() -> None:
    code = serve_script("import signal", "assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN")
    # `trap "" INT` is what `cmd &` in a non-interactive shell does: SIGINT ignored, inherited.
    shell = f"trap '' INT; exec {shlex.quote(sys.executable)} -c {shlex.quote(code)}"
    with serving_child(["/bin/sh", "-c", shell]) as child:
        port = int(child.first_line)
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        returncode, out, err = child.interrupt()
    assert (returncode, out.strip(), err) == (0, "stopped", "")
