"""The sandbox server: `Sandbox` (start/stop in a background thread) and the blocking `serve`."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import logging
import selectors
import signal
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any

from ._handler import Handler
from ._state import State, make_mode

_log = logging.getLogger(__name__)

# "Address in use" as each platform says it; on Windows an exclusive bind to a port
# another program holds may also answer WSAEACCES.
_IN_USE = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}
if sys.platform == "win32":
    _IN_USE.add(getattr(errno, "WSAEACCES", 10013))


class PortInUse(OSError):
    """The port asked for is taken by another program (another sandbox, say)."""

    def __init__(self, port: int) -> None:
        super().__init__(errno.EADDRINUSE, f"port {port} is in use")
        self.port = port

    def __str__(self) -> str:
        return f"port {self.port} is in use; stop the program using it or choose another port"


class _Server(ThreadingHTTPServer):
    """The HTTP server, with an accept loop that a stop request wakes at once.

    serve_forever() only notices shutdown() at its next poll, which would make every stop
    wait; here the loop also watches one end of a socket pair that `wake` writes to.
    """

    # Handler threads are joined on close, so stop() returns with every socket closed.
    daemon_threads = False
    block_on_close = True
    # On Windows SO_REUSEADDR would let another program take over the port.
    allow_reuse_address = sys.platform != "win32"
    # Room for a burst of clients: past the backlog, connections wait a second to retry.
    request_queue_size = 128
    # handle_request() is only called once the socket is readable, so it never waits.
    timeout = 0

    def __init__(
        self, address: tuple[str, int], family: socket.AddressFamily, state: State
    ) -> None:
        self.address_family = family
        self.state = state
        # Made first: when binding fails, TCPServer.__init__ calls server_close(), which
        # closes these too (an AttributeError there used to hide "address in use").
        self._wake_reader, self._wake_writer = socket.socketpair()
        super().__init__(address, Handler)

    def run(self) -> None:
        """Accept connections until `wake` is called."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while True:
                for key, _ in selector.select():
                    if key.fileobj is self._wake_reader:
                        return
                    self.handle_request()

    def wake(self) -> None:
        """Make `run` return."""
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"\0")

    def server_close(self) -> None:
        super().server_close()
        self._wake_reader.close()
        self._wake_writer.close()

    def server_bind(self) -> None:
        if sys.platform == "win32":
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        # HTTPServer.server_bind would look the host up in DNS (getfqdn), which can be slow.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        _log.debug("sandbox connection from %s failed", client_address, exc_info=True)


def _loopback(host: str) -> tuple[str, socket.AddressFamily]:
    """The address to bind for `host` and its family; only loopback addresses are allowed."""
    if host.lower() == "localhost":
        return "127.0.0.1", socket.AF_INET
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    if address is None or not address.is_loopback:
        raise ValueError(
            f"the sandbox only listens on a loopback address (127.0.0.1, ::1), not {host!r}"
        )
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    return str(address), family


class Sandbox:
    """A loopback imitation of ``POST /Public/VoiceCall``, served from a background thread.

    Args:
        host: A loopback address to listen on.
        port: The port; 0 picks a free one (read `port` after `start`).
        credits: The starting credit balance; each accepted call spends one.
        api_key: The only API key accepted (others get 401), or None to accept any GUID.

    Raises:
        ValueError: if `host` is not a loopback address, or `port` or `credits` is out of range.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        credits: int = 1000,
        api_key: str | None = None,
    ) -> None:
        self._host, self._family = _loopback(host)
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError("port must be a whole number from 0 to 65535")
        self._port = port
        self._state = State(credits, api_key)
        self._lifecycle = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        running = "running" if self._server is not None else "stopped"
        return f"<Sandbox {self.url} {running}>"

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Listen and serve in a daemon thread; does nothing if already started.

        Returns:
            This sandbox, so that ``sandbox = Sandbox().start()`` reads naturally.

        Raises:
            PortInUse: if another program listens on the port (an `OSError`).
            OSError: if the port cannot be bound for another reason.
        """
        with self._lifecycle:
            if self._server is None:
                self._state.stopping.clear()
                try:
                    server = _Server((self._host, self._port), self._family, self._state)
                except OSError as exc:
                    if exc.errno in _IN_USE or getattr(exc, "winerror", None) in _IN_USE:
                        raise PortInUse(self._port) from None
                    raise
                self._port = server.server_port
                thread = threading.Thread(
                    target=server.run, name=f"voicecall-sandbox-{self._port}", daemon=True
                )
                thread.start()
                self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving, end open connections and close the socket; safe to call twice."""
        with self._lifecycle:
            server, thread = self._server, self._thread
            if server is None or thread is None:
                return
            self._server = self._thread = None
            self._state.stopping.set()
            server.wake()
            thread.join()
            self._state.abort_all()
            server.server_close()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- where it listens ------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port listened on (the real one once started, even when 0 was asked for)."""
        return self._port

    @property
    def url(self) -> str:
        """The base URL to give a client, e.g. ``http://127.0.0.1:8765/``."""
        host = f"[{self._host}]" if self._family == socket.AF_INET6 else self._host
        return f"http://{host}:{self._port}/"

    # -- behaviour and inspection ----------------------------------------------------------

    def set_mode(
        self,
        mode: str,
        *,
        times: int | None = None,
        delay: float = 0.0,
        status: int | None = None,
    ) -> None:
        """Change how the endpoint answers.

        Args:
            mode: One of `MODES`.
            times: Apply `mode` to the next `times` requests, then go back to ``ok``;
                None applies it until changed.
            delay: Seconds to wait before each answer (any mode; ``slow`` is ``ok`` with it).
            status: The HTTP status (400-599) answered by mode ``status``.

        Raises:
            ValueError: if `mode` is unknown or a setting is out of range.
        """
        new_mode, count = make_mode(mode, times=times, delay=delay, status=status)
        self._state.set_mode(new_mode, count)

    def reset(self) -> None:
        """Forget the calls received and go back to mode ``ok`` (credits are kept)."""
        self._state.reset()

    @property
    def received(self) -> list[dict[str, Any]]:
        """A copy of every request to the endpoint whose body was fully read, oldest first.

        Each item is ``{"format": "json" | "xml" | None, "body": {...}, "raw": "...",
        "outcome": <mode>, "http_status": <int, or None when dropped>}``; the API key is
        masked as ``***`` in both ``body`` and ``raw``. ``format`` is None for a media type
        the API does not read.
        """
        return self._state.received()

    @property
    def credits(self) -> int:
        """The credit balance; set it to test running out."""
        return self._state.credits

    @credits.setter
    def credits(self, value: int) -> None:
        self._state.credits = value


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    mode: str = "ok",
    delay: float = 0.0,
    credits: int = 1000,
    ready: Callable[[int], None] | None = None,
) -> None:
    """Serve the sandbox in the foreground until interrupted (Ctrl+C).

    Args:
        host: A loopback address to listen on.
        port: The port; 0 picks a free one, which `ready` receives.
        mode: The starting mode (``status`` cannot be chosen here: it needs a status code;
            use the control API instead).
        delay: Seconds to wait before each answer.
        credits: The starting credit balance.
        ready: Called once with the port, as soon as the sandbox is listening.

    Raises:
        ValueError: if an argument is out of range.
        PortInUse: if the port is taken.
        OSError: if the port cannot be bound for another reason.
    """
    sandbox = Sandbox(host, port, credits=credits)
    sandbox.set_mode(mode, delay=delay)
    _interruptible()
    sandbox.start()
    try:
        if ready is not None:
            ready(sandbox.port)
        # Short naps, not one long sleep: the kernel may hand SIGINT to a server thread,
        # and then only the main thread's next wake-up runs Python's handler.
        while True:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()


def _interruptible() -> None:
    """Make Ctrl+C (SIGINT) stop `serve`, even when it was started with SIGINT ignored.

    A shell starts a background job (``voicecall sandbox &`` in a script) with SIGINT
    ignored, and Python then leaves it ignored: the sandbox could not be stopped with
    Ctrl+C or ``kill -INT``. Only the main thread may change a signal's handler.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    with contextlib.suppress(ValueError, OSError):
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
