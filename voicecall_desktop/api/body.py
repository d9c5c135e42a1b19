"""Reading an answer's body within a size limit and a deadline, decompressing it ourselves.

httpx would decompress a gzip answer as it pleases: a few kilobytes on the wire can
become gigabytes in memory (a "gzip bomb"), and the size check can only see them
afterwards. Here the raw bytes are read and inflated with an output bound, so
neither a 2 GB answer nor a bomb ever takes more than the limit, and the caller
can say "the answer was too large (limit N)" rather than "not valid JSON".
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from typing import Any

MAX_BODY = 8 * 1024 * 1024
ACCEPT_ENCODING = "gzip, deflate"


class TooLarge(Exception):
    """The answer is bigger than the limit (before or after decompression)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the answer was too large (limit {describe_size(limit)})")
        self.limit = limit


class _Overflow(Exception):
    """A stage produced more than the room left; read_body names the whole limit."""


class BadEncoding(Exception):
    """The answer is compressed in a way we cannot, or could not, undo."""


class PastDeadline(Exception):
    """The attempt's overall deadline passed while the body was still arriving."""


def describe_size(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KB"
    return f"{size} bytes"


class _Inflater:
    """One content coding, undone with a bound on what it may produce."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._z: Any = None
        self._head = b""
        if coding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 16)

    def _start(self, data: bytes) -> bytes:
        """For "deflate", choose zlib-wrapped or raw from the first two bytes (both are sent)."""
        self._head += data
        if len(self._head) < 2:
            return b""
        first, second = self._head[0], self._head[1]
        wrapped = first & 0x0F == 8 and (first * 256 + second) % 31 == 0
        self._z = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        data, self._head = self._head, b""
        return data

    def feed(self, data: bytes, room: int) -> bytes:
        if self._z is None:
            data = self._start(data)
            if self._z is None:
                return b""
        try:
            out: bytes = self._z.decompress(data, room + 1)
        except zlib.error:
            raise BadEncoding(f"the answer's {self.coding} compression is damaged") from None
        if len(out) > room or self._z.unconsumed_tail:
            raise _Overflow
        return out

    def finish(self, room: int) -> bytes:
        if self._z is None:
            if self._head:
                raise BadEncoding(f"the answer's {self.coding} compression is damaged")
            return b""  # nothing at all was sent
        try:
            out: bytes = self._z.flush()
        except zlib.error:
            raise BadEncoding(f"the answer's {self.coding} compression is damaged") from None
        if not self._z.eof:
            raise BadEncoding(f"the answer's {self.coding} compression was cut short")
        if len(out) > room:
            raise _Overflow
        return out


def codings(header: str | None) -> list[str]:
    """The content codings applied, in the order they were applied (``identity`` dropped).

    Raises:
        BadEncoding: for a coding we do not read (``br``, ``zstd``, ``compress``...).
    """
    found = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
    found = [c for c in found if c != "identity"]
    for coding in found:
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise BadEncoding(
                f"the answer is compressed in a way this program cannot read ({coding})"
            )
    return found


def read_body(
    chunks: Iterable[bytes],
    *,
    content_encoding: str | None = None,
    content_length: str | None = None,
    limit: int = MAX_BODY,
    past_deadline: Callable[[], bool] = lambda: False,
) -> bytes:
    """The decoded body, at most ``limit`` bytes.

    Args:
        chunks: the raw bytes as they arrive (``httpx.Response.iter_raw``).
        past_deadline: asked after each chunk; True stops reading.

    Raises:
        TooLarge: the announced length, the raw bytes or the inflated bytes pass ``limit``.
        BadEncoding: a compression we cannot read, or damaged compressed data.
        PastDeadline: ``past_deadline`` said so before the body was complete.
    """
    if content_length and content_length.strip().isdigit() and int(content_length) > limit:
        raise TooLarge(limit)
    stages = [_Inflater(c) for c in reversed(codings(content_encoding))]
    try:
        return _read(chunks, stages, limit, past_deadline)
    except _Overflow:
        raise TooLarge(limit) from None


def _read(
    chunks: Iterable[bytes], stages: list[_Inflater], limit: int, past: Callable[[], bool]
) -> bytes:
    parts: list[bytes] = []
    size = 0
    for raw in chunks:
        data = raw
        for stage in stages:
            data = stage.feed(data, limit - size)
        size += len(data)
        if size > limit:
            raise _Overflow
        parts.append(data)
        if past():
            raise PastDeadline
    for index, stage in enumerate(stages):
        data = stage.finish(limit - size)
        for later in stages[index + 1 :]:
            data = later.feed(data, limit - size)
        size += len(data)
        if size > limit:
            raise _Overflow
        parts.append(data)
    return b"".join(parts)
