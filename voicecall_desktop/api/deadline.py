"""An overall deadline for one attempt, however the server spends it.

httpx's timeouts bound each wait: a server that sends its headers and then one
byte every two seconds never trips a three-second read timeout, and holds the call
in ``sending`` for as long as it likes. The watchdog here learns the attempt's
socket from httpcore's trace hook and, when the deadline passes, shuts it down:
the blocked read returns at once, on any platform, and the attempt ends as
"outcome unknown" (the request may have been received).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from types import TracebackType
from typing import Any

DEFAULT_DEADLINE = 60.0


class Watchdog:
    """Ends one attempt at ``seconds`` after it starts.

    Pass :meth:`trace` as httpx's ``extensions={"trace": ...}``. Use as a context
    manager around the request; :attr:`expired` says whether it fired.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self.request_started = False
        self._end = 0.0
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def __enter__(self) -> Watchdog:
        self._end = time.monotonic() + self.seconds
        self._timer = threading.Timer(self.seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._sock = None

    def past(self) -> bool:
        """Whether the deadline has passed (checked between chunks of the body)."""
        return self.expired or time.monotonic() >= self._end

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: remember the socket, note when the request starts."""
        if event.endswith(("connect_tcp.complete", "start_tls.complete")):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                with self._lock:
                    self._sock = sock
                    if self.expired:
                        self._shut()
        elif event.endswith("send_request_headers.started"):
            self.request_started = True

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        if self._sock is None:
            return
        # socket.socket's own shutdown, also for an SSLSocket: the TLS layer must not be
        # touched from this thread, only the descriptor under it.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(self._sock, socket.SHUT_RDWR)
