"""The API key is found in every form a server can echo it in (property-tested)."""

from __future__ import annotations

import html
import re
import uuid
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from voicecall_desktop.api.masking import MASK, key_pattern_bytes, mask_echoes

KEY = "94670106-3242-43ff-96fa-475c7de2425c"


def plain(text: str) -> str:
    """``text`` with every escape undone, lower case, no dashes: where a key would show."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return unquote(html.unescape(text)).lower().replace("-", "")


def _spell(char: str, how: int) -> str:
    point = ord(char)
    return [
        char,
        f"\\u{point:04x}",
        f"\\u{point:04X}",
        f"&#x{point:x};",
        f"&#X{point:02X};",
        f"&#{point};",
        f"&#00{point};",
        f"%{point:02x}",
    ][how]


@st.composite
def echoed(draw: st.DrawFn) -> tuple[str, str]:
    key = str(draw(st.uuids()))
    text = draw(st.sampled_from([key, key.upper(), key.replace("-", ""), "{" + key + "}"]))
    spelt = "".join(
        _spell(c.upper() if draw(st.booleans()) else c, draw(st.integers(0, 7))) for c in text
    )
    return key, spelt


@given(echo=echoed(), before=st.text(max_size=20), after=st.text(max_size=20))
@settings(max_examples=300, deadline=None)
def test_every_spelling_of_the_key_is_masked(
    echo: tuple[str, str], before: str, after: str
) -> None:
    key, spelt = echo
    masked = mask_echoes(f"{before}'{spelt}'{after}", key)
    assert MASK in masked
    assert uuid.UUID(key).hex not in plain(masked)
    raw = key_pattern_bytes(key).sub(MASK.encode(), f"[{spelt}]".encode())
    assert MASK.encode() in raw


def test_other_guids_and_near_misses_are_left_alone() -> None:
    other = str(uuid.UUID(int=uuid.UUID(KEY).int ^ 1))
    assert mask_echoes(other, KEY) == other
    assert mask_echoes(KEY[:-1], KEY) == KEY[:-1]
    assert mask_echoes(f"x{KEY}y", KEY) == f"x{MASK}y"
