"""The HTTP request handler: routing, body reading, the control API and writing answers.

Every answer is HTTP/1.1 with a Content-Length and ``Connection: close``, so a client never
reuses a connection the sandbox is about to close. Request bodies are always read in full
before answering, so that closing the socket afterwards sends a clean FIN, not a reset (except
in mode ``drop``, where the reset is the point).
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import struct
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any, cast
from urllib.parse import urlsplit

from ._endpoint import voice_call
from ._responses import HTML, Answer, content_type, html_page, http_error, negotiate
from ._state import State, make_mode

_log = logging.getLogger(__name__)

ENDPOINT = "/Public/VoiceCall"
MAX_BODY = 8 * 1024 * 1024
_JSON = "application/json; charset=utf-8"


class StateServer:
    """What the handler needs from its server (the sandbox's server class provides it)."""

    state: State


class Handler(BaseHTTPRequestHandler):
    """Answers the endpoint and the ``/_sandbox/...`` control API from the server's state."""

    protocol_version = "HTTP/1.1"
    server_version = "PatientCommsSandbox/1.0"
    sys_version = ""
    # A client that connects and then sends nothing cannot hold a thread for ever.
    timeout = 30

    _headers_sent = False

    def version_string(self) -> str:
        return self.server_version

    @property
    def _state(self) -> State:
        return cast(StateServer, self.server).state

    # -- lifecycle -------------------------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        self._state.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._state.untrack(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        # Quiet by default: request lines go to logging at DEBUG, never straight to stderr.
        _log.debug("%s - " + format, self.address_string(), *args)

    # -- methods ---------------------------------------------------------------------------

    def do_POST(self) -> None:
        self._guarded(self._post)

    def do_GET(self) -> None:
        self._guarded(self._get)

    def do_PUT(self) -> None:
        self._guarded(self._other)

    def do_DELETE(self) -> None:
        self._guarded(self._other)

    def do_PATCH(self) -> None:
        self._guarded(self._other)

    def _guarded(self, action: Callable[[], None]) -> None:
        """Run `action`; a client gone away ends quietly, a sandbox bug answers a 500 page."""
        try:
            action()
        except OSError:
            _log.debug("client connection failed", exc_info=True)
            self.close_connection = True
        except Exception:
            _log.exception("sandbox failed to answer %s %s", self.command, self._path)
            self.close_connection = True
            if not self._headers_sent:
                page = html_page(500, "Internal server error.", "The sandbox failed.")
                with contextlib.suppress(OSError):
                    self._send(Answer(500, page, HTML))

    @property
    def _path(self) -> str:
        # The target as sent: http.server turns a leading "//" into "/", and the real API
        # would not route "//Public/VoiceCall" to the endpoint.
        words = self.requestline.split()
        target = words[1] if len(words) >= 2 else self.path
        if target.startswith("/"):
            return target.partition("?")[0].partition("#")[0]
        return urlsplit(target).path  # absolute-form, as sent to a proxy

    def _media(self) -> str:
        return negotiate(self.headers.get("Accept"), self.headers.get("Content-Type"))

    def _post(self) -> None:
        body = self._read_body()
        if body is None:
            return
        path = self._path
        if path == ENDPOINT:
            answer, delay = voice_call(
                self._state, body, self.headers.get("Content-Type"), self.headers.get("Accept")
            )
            if delay > 0:
                # Woken early by stop(), so that shutting down never waits out a slow answer.
                self._state.stopping.wait(delay)
            self._send(answer)
        elif path == "/_sandbox/mode":
            self._control_mode(body)
        elif path == "/_sandbox/reset":
            self._state.reset()
            self._send(Answer(204))
        elif path in ("/_sandbox/calls", "/_sandbox/state"):
            self._not_allowed("GET")
        else:
            self._not_found()

    def _get(self) -> None:
        path = self._path
        if path == "/_sandbox/calls":
            self._send_json(200, self._state.received())
        elif path == "/_sandbox/state":
            self._send_json(200, self._state.snapshot())
        elif path in (ENDPOINT, "/_sandbox/mode", "/_sandbox/reset"):
            self._not_allowed("POST")
        else:
            self._not_found()

    def _other(self) -> None:
        if self._read_body() is None:
            return
        if self._path in (ENDPOINT, "/_sandbox/mode", "/_sandbox/reset"):
            self._not_allowed("POST")
        elif self._path in ("/_sandbox/calls", "/_sandbox/state"):
            self._not_allowed("GET")
        else:
            self._not_found()

    # -- control API -----------------------------------------------------------------------

    def _control_mode(self, body: bytes) -> None:
        try:
            request = json.loads(body.decode("utf-8-sig") or "null")
            if not isinstance(request, dict) or "mode" not in request:
                raise ValueError('expected a JSON object such as {"mode": "slow", "delay": 2}')
            unknown = set(request) - {"mode", "times", "delay", "status"}
            if unknown:
                raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
            delay = request.get("delay")
            mode, times = make_mode(
                request["mode"],
                times=request.get("times"),
                delay=0.0 if delay is None else delay,
                status=request.get("status"),
            )
        except (ValueError, TypeError) as exc:
            self._send_json(400, {"error": str(exc)})
            return
        self._state.set_mode(mode, times)
        self._send(Answer(204))

    # -- reading and writing ---------------------------------------------------------------

    def _read_body(self) -> bytes | None:
        """Read the whole body; None when it was already answered or the client went away."""
        encoding = self.headers.get("Transfer-Encoding")
        if encoding is not None:
            if encoding.strip().lower() != "chunked":
                self._send_json(501, {"Message": "Only chunked transfer encoding is supported."})
                return None
            return self._read_chunked()
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            if self.command in ("GET", "DELETE"):
                return b""
            self._send_json(411, {"Message": "The request must have a Content-Length."})
            return None
        try:
            length = int(length_header)
            if length < 0:
                raise ValueError(length_header)
        except ValueError:
            self._send_json(400, {"Message": "The Content-Length header is not valid."})
            return None
        if length > MAX_BODY:
            self._send_json(413, {"Message": "The request entity is too large."})
            return None
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            return None
        return body

    def _read_chunked(self) -> bytes | None:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                self.close_connection = True
                return None
            if size == 0:
                break
            total += size
            if total > MAX_BODY:
                self._send_json(413, {"Message": "The request entity is too large."})
                return None
            chunk = self.rfile.read(size)
            self.rfile.readline(1024)  # the CRLF that ends each chunk
            if len(chunk) < size:
                self.close_connection = True
                return None
            chunks.append(chunk)
        while self.rfile.readline(1024).strip():  # trailers, up to the blank line
            pass
        return b"".join(chunks)

    def _not_found(self) -> None:
        media = self._media()
        message = f"No HTTP resource was found that matches the request URI '{self._path}'."
        self._send(Answer(404, http_error(message, media), content_type(media)))

    def _not_allowed(self, allow: str) -> None:
        media = self._media()
        message = f"The requested resource does not support http method '{self.command}'."
        answer = Answer(405, http_error(message, media), content_type(media), (("Allow", allow),))
        self._send(answer)

    def _send_json(self, status: int, data: Any) -> None:
        self._send(Answer(status, json.dumps(data).encode("utf-8"), _JSON))

    def _send(self, answer: Answer) -> None:
        """Write `answer`, or for ``status`` None reset the connection without a word."""
        self.close_connection = True
        if answer.status is None:
            self._abort()
            return
        self._headers_sent = True
        self.send_response(answer.status)
        if answer.content_type is not None:
            self.send_header("Content-Type", answer.content_type)
        if answer.status != 204:
            self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if answer.status != 204:
            self.wfile.write(answer.body)

    def _abort(self) -> None:
        """Abortive close: SO_LINGER 0 makes the kernel send RST instead of an orderly FIN."""
        self._headers_sent = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            _log.debug("SO_LINGER not available; falling back to shutdown", exc_info=True)
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
        # The socket's files still hold it open; finish() closes them and the reset goes out.
        self.connection.close()
