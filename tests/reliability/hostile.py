"""A raw HTTP server on 127.0.0.1 that answers whatever bytes a test scripts.

The sandbox answers as the real API would; this one misbehaves on purpose (a body
that drips, a header the RFC forbids, a gzip bomb). Each connection reads the
request (headers and ``Content-Length`` body), then hands the socket to the test's
``answer`` function, which writes what it likes and may take its time. With ``tls``
(a server-side ``ssl.SSLContext``) it speaks HTTPS instead.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Callable, Iterator

Answer = Callable[[socket.socket], None]


def read_request(conn: socket.socket) -> bytes:
    """The request's head and body, read as far as ``Content-Length`` says."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def response(
    status: str, body: bytes, *headers: str, content_type: str = "application/json"
) -> bytes:
    """A complete HTTP/1.1 answer with ``Connection: close``."""
    lines = [
        f"HTTP/1.1 {status}",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(body)}",
        "Connection: close",
        *headers,
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def send_bytes(raw: bytes) -> Answer:
    """An answer that sends ``raw`` as it is."""

    def answer(conn: socket.socket) -> None:
        conn.sendall(raw)

    return answer


class HostileServer:
    """Serves ``answer`` to every connection from a background thread."""

    def __init__(self, answer: Answer | bytes, tls: ssl.SSLContext | None = None) -> None:
        self.tls = tls
        self.handshakes = 0
        self.failed_handshakes = 0
        self._answer: Answer = send_bytes(answer) if isinstance(answer, bytes) else answer
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = int(self.sock.getsockname()[1])
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}/"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            worker.start()
            self._workers.append(worker)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        if self.tls is not None:
            try:
                conn = self.tls.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                self.failed_handshakes += 1
                conn.close()
                return
            self.handshakes += 1
        with conn:
            try:
                self.requests.append(read_request(conn))
                self._answer(conn)
            except OSError:
                pass  # the client gave up first: that is what several tests want

    def stop(self) -> None:
        self._stop.set()
        self.sock.close()
        self._thread.join(timeout=5)
        for worker in self._workers:
            worker.join(timeout=5)


@contextlib.contextmanager
def hostile(answer: Answer | bytes, tls: ssl.SSLContext | None = None) -> Iterator[HostileServer]:
    server = HostileServer(answer, tls)
    try:
        yield server
    finally:
        server.stop()
