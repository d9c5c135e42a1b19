"""The sandbox's shared state: the current mode, credits, message ids and the calls received.

Every handler thread reads and changes this state, so each access goes through one lock.
"""

from __future__ import annotations

import contextlib
import copy
import socket
import threading
from dataclasses import dataclass
from typing import Any

MODES: tuple[str, ...] = (
    "ok",
    "reject",
    "slow",
    "drop",
    "html500",
    "status",
    "empty",
    "truncated",
    "unknown_xml",
    "huge",
)


@dataclass(frozen=True)
class Mode:
    """How the sandbox answers one request.

    Attributes:
        name: One of `MODES`.
        delay: Seconds to wait before answering (used by ``slow``).
        status: The HTTP status answered by the ``status`` mode.
    """

    name: str = "ok"
    delay: float = 0.0
    status: int | None = None


OK = Mode()


def make_mode(
    mode: str, *, times: int | None = None, delay: float = 0.0, status: int | None = None
) -> tuple[Mode, int | None]:
    """Check a mode request and build it.

    Returns:
        The mode and how many requests it applies to (None: until changed).

    Raises:
        ValueError: if the mode is unknown or one of its settings is out of range.
    """
    if mode not in MODES:
        raise ValueError(f"unknown sandbox mode {mode!r}; expected one of {', '.join(MODES)}")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError("times must be a whole number of at least 1, or None")
    if isinstance(delay, bool) or not isinstance(delay, int | float) or not 0 <= delay <= 3600:
        raise ValueError("delay must be a number of seconds between 0 and 3600")
    if mode == "status":
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError("mode 'status' needs status, an HTTP status code from 400 to 599")
    elif status is not None:
        raise ValueError("status is only used with mode 'status'")
    return Mode(mode, float(delay), status), times


class State:
    """Thread-safe state shared by the sandbox's handler threads.

    Args:
        credits: The starting credit balance.
        api_key: The only API key accepted, or None to accept any GUID.
    """

    def __init__(self, credits: int, api_key: str | None) -> None:
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.api_key = api_key.strip().lower() if api_key is not None else None
        self._mode = OK
        self._remaining: int | None = None
        self._credits = _check_credits(credits)
        self._next_message_id = 1
        self._received: list[dict[str, Any]] = []
        self._connections: set[socket.socket] = set()

    # -- mode ------------------------------------------------------------------------------

    def set_mode(self, mode: Mode, times: int | None) -> None:
        """Use `mode` for the next `times` requests (None: until changed)."""
        with self.lock:
            self._mode, self._remaining = mode, times

    def take_mode(self) -> Mode:
        """Return the mode for one request to the endpoint, counting it against ``times``."""
        with self.lock:
            mode = self._mode
            if self._remaining is not None:
                self._remaining -= 1
                if self._remaining <= 0:
                    self._mode, self._remaining = OK, None
            return mode

    # -- credits and bookings --------------------------------------------------------------

    @property
    def credits(self) -> int:
        with self.lock:
            return self._credits

    @credits.setter
    def credits(self, value: int) -> None:
        value = _check_credits(value)
        with self.lock:
            self._credits = value

    def book(self) -> tuple[int, int] | None:
        """Spend one credit on a call.

        Returns:
            The new message id and the balance left, or None when no credit is left.
        """
        with self.lock:
            if self._credits <= 0:
                return None
            self._credits -= 1
            message_id = self._next_message_id
            self._next_message_id += 1
            return message_id, self._credits

    # -- received calls --------------------------------------------------------------------

    def record(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self._received.append(entry)

    def received(self) -> list[dict[str, Any]]:
        """A deep copy of the calls received, oldest first."""
        with self.lock:
            return copy.deepcopy(self._received)

    def reset(self) -> None:
        """Forget the calls received and go back to mode ``ok``."""
        with self.lock:
            self._received.clear()
            self._mode, self._remaining = OK, None

    def snapshot(self) -> dict[str, Any]:
        """The state as plain JSON-ready data, for ``GET /_sandbox/state``."""
        with self.lock:
            return {
                "mode": self._mode.name,
                "times": self._remaining,
                "delay": self._mode.delay,
                "status": self._mode.status,
                "credits": self._credits,
                "calls": len(self._received),
            }

    # -- open connections, so that stop() never waits on an idle client --------------------

    def track(self, conn: socket.socket) -> None:
        with self.lock:
            self._connections.add(conn)
        # Checked after adding, so that a stop racing with this connection sees one or the other.
        if self.stopping.is_set():
            _shutdown_quietly(conn)

    def untrack(self, conn: socket.socket) -> None:
        with self.lock:
            self._connections.discard(conn)

    def abort_all(self) -> None:
        """Shut down every open connection; the handler threads then finish on their own."""
        with self.lock:
            conns = list(self._connections)
        for conn in conns:
            _shutdown_quietly(conn)


def _check_credits(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("credits must be a whole number, 0 or more")
    return value


def _shutdown_quietly(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_RDWR)
