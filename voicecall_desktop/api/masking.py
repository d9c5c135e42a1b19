"""Find the API key in whatever form a server echoes it, so that it can be blanked.

A server may repeat the key in an error ("The value '…' is not valid for APIKey"),
and not always as sent: JSON may escape every character (``\\u0039``), XML may use
character references (``&#x39;`` or ``&#57;``), a URL in the answer may
percent-encode it, and the letters may come back in either case, with or without
the dashes and braces of a GUID. The pattern here matches all of those, in the
raw body (before any decoding) and again in the decoded text.
"""

from __future__ import annotations

import re
import uuid

MASK = "********-****-****-****-************"
_GROUPS = (8, 4, 4, 4, 12)


def _char(char: str) -> str:
    """Every spelling of one character of the key: itself, or escaped, in either case."""
    forms = {re.escape(char)}
    for variant in {char.lower(), char.upper()}:
        point = ord(variant)
        forms.add(rf"\\u00{point:02x}")  # JSON
        forms.add(rf"&\#x0*{point:x};")  # XML/HTML, hexadecimal
        forms.add(rf"&\#0*{point};")  # XML/HTML, decimal
        forms.add(rf"%{point:02x}")  # a URL
    return "(?:" + "|".join(sorted(forms)) + ")"


def _pattern_source(key: str) -> str:
    digits = uuid.UUID(str(key)).hex  # 32 hex digits, whatever the key's own spelling
    dash = "(?:" + _char("-") + ")?"
    groups, start = [], 0
    for size in _GROUPS:
        groups.append("".join(_char(c) for c in digits[start : start + size]))
        start += size
    return dash.join(groups)


def key_pattern(key: str | uuid.UUID) -> re.Pattern[str]:
    """A pattern for ``key`` in text, in any of the forms above."""
    return re.compile(_pattern_source(str(key)), re.IGNORECASE)


def key_pattern_bytes(key: str | uuid.UUID) -> re.Pattern[bytes]:
    """The same pattern, for a raw body (every form above is plain ASCII)."""
    return re.compile(_pattern_source(str(key)).encode("ascii"), re.IGNORECASE)


def mask_echoes(text: str, key: str | uuid.UUID) -> str:
    """``text`` with every form of ``key`` replaced by :data:`MASK`."""
    return key_pattern(key).sub(MASK, text)
