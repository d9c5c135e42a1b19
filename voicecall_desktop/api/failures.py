"""How each failure of an attempt is told: httpx's exceptions to ours, in a receptionist's words.

Kept apart from the client so the wording can be read (and changed) in one place.
"""

from __future__ import annotations

import logging
import re
import ssl
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from voicecall_desktop.api.errors import ApiError, NotDelivered, OutcomeUnknown

log = logging.getLogger(__name__)

# A server asking for more than this is treated as asking for this: the call stays
# queued and is tried again the same working day, never at the end of time.
MAX_RETRY_AFTER = 3600.0
_DELAY_SECONDS = re.compile(r"\s*(\d{1,12})(?:\.\d{1,6})?\s*")


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds from now, within ``0..MAX_RETRY_AFTER``.

    RFC 9110 allows whole seconds or an HTTP date. Anything else (``inf``, ``1e20``,
    ``-5``, garbage) is ignored and the caller's own back-off applies.
    """
    if not value:
        return None
    match = _DELAY_SECONDS.fullmatch(value)
    if match:
        return min(float(match.group(1)), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        wait = (when - datetime.now(UTC)).total_seconds()
    except OverflowError:
        return None
    return min(max(0.0, wait), MAX_RETRY_AFTER)


def connect_message(exc: Exception) -> str:
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, ssl.SSLError) or "certificate" in lowered or "ssl" in lowered:
        return (
            "Could not make a secure connection to PatientComms (the certificate was not "
            "trusted or the handshake failed). Nothing was sent; ask IT to check the proxy "
            "and certificates."
        )
    if any(
        s in lowered
        for s in ("name or service", "getaddrinfo", "nodename", "resolv", "name res", "no address")
    ):
        return "Could not find the PatientComms server (no internet or DNS). Nothing was sent."
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return "PatientComms did not answer the connection in time. Nothing was sent."
    if isinstance(exc, httpx.ProxyError):
        return "The proxy refused the connection to PatientComms. Nothing was sent."
    return "Could not connect to PatientComms (connection refused or no network). Nothing was sent."


def seconds_text(value: float) -> str:
    whole = max(1, round(value))
    return "1 second" if whole == 1 else f"{whole} seconds"


def transport_failure(exc: httpx.TransportError) -> ApiError:
    if isinstance(
        exc,
        httpx.ConnectError
        | httpx.ConnectTimeout
        | httpx.PoolTimeout
        | httpx.ProxyError
        | httpx.UnsupportedProtocol
        | httpx.LocalProtocolError,
    ):
        log.warning("call not delivered: %s", type(exc).__name__)
        return NotDelivered(connect_message(exc), body=None)
    if isinstance(exc, httpx.TimeoutException):
        log.warning("no answer in time: %s", type(exc).__name__)
        return OutcomeUnknown(
            "PatientComms did not answer in time. The call may have been booked: "
            "check before sending it again.",
        )
    log.warning("connection lost after sending: %s", type(exc).__name__)
    return OutcomeUnknown(
        "The connection dropped before PatientComms answered. The call may have "
        "been booked: check before sending it again.",
    )
