"""Shared helpers for the reliability tests: queueing calls, reading the database raw,
and judging whether a message is one a receptionist can act on."""

from __future__ import annotations

import re
import socket
import sqlite3
from pathlib import Path

from tests.store_access import open_desk
from voicecall_desktop.core.models import CallSpec
from voicecall_desktop.core.states import CallState

DB_NAME = "voicecall.sqlite3"

# Words that give away that a program's insides reached the person reading.
_INSIDES = re.compile(
    r"Traceback|File \"|httpx|httpcore|\bh11\b|urllib3|(?<![.\w])sqlite3\b|pydantic|Errno|errno|"
    r"\bgaierror\b|\bNoneType\b|\bself\b\.|0x[0-9a-f]{6,}",
)
# An exception class name: CamelCase ending in Error/Exception/Timeout/Warning
# (plain "Error" as in "500 Internal Server Error" is an HTTP reason phrase, not a class).
_CLASS_NAME = re.compile(
    r"\b[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)?(?:Error|Exception|Timeout|Warning)\b"
)
_KNOWN_CLASSES = re.compile(
    r"\b(?:ConnectError|ReadError|WriteError|ReadTimeout|ConnectTimeout|PoolTimeout|"
    r"RemoteProtocolError|LocalProtocolError|ProxyError|JSONDecodeError|ParseError|"
    r"ExpatError|ValidationError|OperationalError|DatabaseError|IntegrityError|"
    r"UnicodeDecodeError|UnicodeEncodeError|SSLError|SSLCertVerificationError|"
    r"KeyError|TypeError|ValueError|OSError|RuntimeError|AttributeError|"
    r"NotDelivered|OutcomeUnknown|Rejected\(|StaleMove|StoreError)\b"
)


def message_problems(text: str) -> list[str]:
    """Why ``text`` is not a plain-English message a receptionist can act on (empty: it is)."""
    problems: list[str] = []
    if not text.strip():
        problems.append("no message at all")
    for pattern in (_INSIDES, _CLASS_NAME, _KNOWN_CLASSES):
        for match in pattern.finditer(text):
            problems.append(f"shows program insides: {match.group(0)!r}")
    if re.search(r"<(?:!doctype|html|body|\?xml)", text, re.I):
        problems.append("shows a raw markup body")
    return problems


def free_port() -> int:
    """A port nothing listens on (bound and released at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def spec_for(index: int, *, site_prefix: str = "call") -> CallSpec:
    """A valid call whose Destination and CustomerSiteId both identify ``index`` (0..999)."""
    spec, _notes = CallSpec.from_input(
        destination=f"07700 900{index:03d}",
        username="reception",
        source="Surgery",
        site=f"{site_prefix}-{index}",
    )
    return spec


def queue_calls(home: Path, count: int, *, site_prefix: str = "call") -> list[int]:
    """Queue ``count`` distinguishable calls through the store's own code; their ids."""
    items = [(s.to_form(), s) for s in (spec_for(i, site_prefix=site_prefix) for i in range(count))]
    with open_desk(home) as store:
        return store.calls.create_many(items, CallState.QUEUED, actor="test", machine="test")


def raw_rows(home: Path) -> dict[int, dict[str, object]]:
    """Every call as stored, read with a plain sqlite3 connection (no product code)."""
    conn = sqlite3.connect(home / DB_NAME)
    conn.row_factory = sqlite3.Row
    try:
        return {
            int(r["id"]): dict(r)
            for r in conn.execute("SELECT id, state, destination, site, owner, attempts FROM calls")
        }
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
