"""Text and numbers that come from the server, made safe to store, show and print.

Anything the API (or whatever answers in its place) says may end up on a terminal,
in the window or in SQLite. An escape sequence could clear the screen; a newline
could forge a line of ``voicecall history``; a 30-digit number would overflow
SQLite's 64-bit integers after the call was already booked. These helpers are
applied where answers are parsed, so nothing further along has to think about it.
"""

from __future__ import annotations

import re
import unicodedata

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_TEXT = 2000  # characters kept of one server string; the raw body keeps the rest

# Whitespace controls become a space so that words stay apart; the rest are dropped.
_SPACES = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")


def _shown(char: str) -> bool:
    # Cc: C0/C1 controls, ESC and DEL. Cf: bidi overrides and zero-width characters,
    # which can make a line read differently from what it holds. Cs: lone surrogates.
    return unicodedata.category(char) not in ("Cc", "Cf", "Cs")


def clean_text(value: str) -> str:
    """``value`` without control or format characters, on one line, at most ``MAX_TEXT``."""
    text = _SPACES.sub(" ", value)
    if any(not _shown(c) for c in text):
        text = "".join(c for c in text if _shown(c))
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return text


def fits_int64(value: int) -> bool:
    """Whether SQLite (and PostgreSQL's bigint) can store ``value``."""
    return INT64_MIN <= value <= INT64_MAX
