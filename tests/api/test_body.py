"""Reading a body within a bound: decompression round trips, and every way past the limit."""

from __future__ import annotations

import gzip
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecall_desktop.api.body import BadEncoding, PastDeadline, TooLarge, codings, read_body


def _split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)] or [b""]


def _raw_deflate(data: bytes) -> bytes:
    squeeze = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return squeeze.compress(data) + squeeze.flush()


@given(data=st.binary(max_size=5000), chunk=st.integers(1, 700))
@settings(max_examples=100, deadline=None)
def test_every_coding_round_trips_whatever_the_chunking(data: bytes, chunk: int) -> None:
    for header, wire in (
        (None, data),
        ("identity", data),
        ("gzip", gzip.compress(data)),
        ("x-gzip", gzip.compress(data)),
        ("deflate", zlib.compress(data)),
        ("deflate", _raw_deflate(data)),
        ("gzip, deflate", zlib.compress(gzip.compress(data))),
    ):
        assert read_body(_split(wire, chunk), content_encoding=header, limit=5000) == data


@pytest.mark.parametrize("size", [1001, 5000])
def test_past_the_limit_in_any_form_is_too_large(size: int) -> None:
    data = b"x" * size
    with pytest.raises(TooLarge, match=r"too large \(limit 1000 bytes\)"):
        read_body([data], limit=1000)
    with pytest.raises(TooLarge):
        read_body(_split(gzip.compress(data), 7), content_encoding="gzip", limit=1000)
    with pytest.raises(TooLarge):
        read_body([b"{}"], content_length=str(size), limit=1000)
    assert read_body([b"x" * 1000], limit=1000) == b"x" * 1000


def test_limit_is_named_in_megabytes() -> None:
    with pytest.raises(TooLarge) as caught:
        read_body([b"x"], content_length=str(2**31), limit=8 * 1024 * 1024)
    assert str(caught.value) == "the answer was too large (limit 8 MB)"


@pytest.mark.parametrize("header", ["br", "zstd", "compress", "gzip, br"])
def test_codings_we_do_not_read_are_named(header: str) -> None:
    with pytest.raises(BadEncoding, match="cannot read"):
        codings(header)


def test_the_limit_named_is_the_whole_limit_not_what_was_left() -> None:
    chunks = _split(gzip.compress(b"a" * 900 + b" " * 5000), 40)
    with pytest.raises(TooLarge, match=r"limit 1000 bytes"):
        read_body(chunks, content_encoding="gzip", limit=1000)


def test_cut_short_compression_is_bad_encoding() -> None:
    with pytest.raises(BadEncoding, match="cut short"):
        read_body([gzip.compress(b"x" * 100)[:-12]], content_encoding="gzip")


def test_damaged_compression_is_bad_encoding() -> None:
    with pytest.raises(BadEncoding, match="damaged"):
        read_body([b"not gzip at all"], content_encoding="gzip")
    with pytest.raises(BadEncoding, match="damaged"):
        read_body([b"\x00\x01 not deflate"], content_encoding="deflate")


def test_the_deadline_is_asked_after_each_chunk() -> None:
    asked: list[int] = []

    def past() -> bool:
        asked.append(1)
        return len(asked) >= 3

    with pytest.raises(PastDeadline):
        read_body([b"a"] * 10, past_deadline=past)
    assert len(asked) == 3
