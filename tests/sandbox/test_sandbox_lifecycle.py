"""The sandbox says plainly when its port is taken, and stops on Ctrl+C even when it was
started in the background with SIGINT ignored (as a shell script's ``&`` does)."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from voicecall_desktop.sandbox import PortInUse, Sandbox


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
    result = subprocess.run(
        [sys.executable, "-m", "voicecall_desktop.cli", "sandbox", "--port", str(taken_port)],
        capture_output=True,
        text=True,
        timeout=30,
        env=os.environ.copy(),
    )
    assert result.returncode == 2, result.stderr
    assert f"port {taken_port} is in use" in result.stderr
    assert "Traceback" not in result.stderr and "AttributeError" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT cannot be sent to a child this way")
def test_serve_stops_on_sigint_even_when_started_with_it_ignored() -> None:
    code = (
        "import signal\n"
        "assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN\n"
        "from voicecall_desktop.sandbox import serve\n"
        "serve(port=0, ready=lambda port: print(port, flush=True))\n"
        "print('stopped', flush=True)\n"
    )
    # `trap "" INT` is what `cmd &` in a non-interactive shell does: SIGINT ignored, inherited.
    shell = f"trap '' INT; exec {shlex.quote(sys.executable)} -c {shlex.quote(code)}"
    with subprocess.Popen(
        ["/bin/sh", "-c", shell], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        try:
            port = int(proc.stdout.readline())
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=5)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert (proc.returncode, out.strip(), err) == (0, "stopped", "")
