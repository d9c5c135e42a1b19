"""Hostile or broken answers from a real socket on 127.0.0.1, row by row from issue 10.

Each test stages the answer with :mod:`tests.reliability.hostile` and checks what the
client (and, where the whole path matters, ``voicecall send``) makes of it.
"""

from __future__ import annotations

import gzip
import json
import socket
import sqlite3
import time
import tracemalloc
import zlib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.api.test_masking import plain
from tests.kit import run_here, send_argv
from tests.reliability.helpers import message_problems
from tests.reliability.hostile import hostile, response
from voicecall_desktop import cli
from voicecall_desktop.api import OutcomeUnknown, RateLimited, VoiceCallClient
from voicecall_desktop.core.models import CallSpec, VoiceRequest

KEY = "94670106-3242-43ff-96fa-475c7de2425c"
DAY = (date.today() + timedelta(days=2)).isoformat()


def request() -> VoiceRequest:
    spec, _ = CallSpec.from_input(
        destination="07700 900123", username="reception", source="Surgery"
    )
    return spec.to_request(KEY)


def send_cli(
    base_url: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, object], str]:
    code, out, err = run_here(send_argv(base_url, day=DAY, as_json=True), capsys)
    assert out.strip(), err
    return code, json.loads(out), err


# -- 429 with a Retry-After no server should send --------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("inf", None),
        ("1e20", None),
        ("-5", None),
        ("NaN", None),
        ("soon", None),
        ("99999999999", 3600.0),
        ("30", 30.0),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 3600.0),
    ],
)
def test_retry_after_is_clamped_or_ignored(value: str, expected: float | None) -> None:
    """Whole seconds or an HTTP date, at most an hour (``failures.MAX_RETRY_AFTER``)."""
    raw = response("429 Too Many Requests", b"", f"Retry-After: {value}")
    with (
        hostile(raw) as server,
        VoiceCallClient(server.url) as client,
        pytest.raises(RateLimited) as caught,
    ):
        client.send(request())
    assert caught.value.retry_after == expected


@pytest.mark.parametrize("value", ["inf", "1e20"])
def test_retry_after_overflow_leaves_the_call_queued(
    value: str, api_key: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = response("429 Too Many Requests", b"", f"Retry-After: {value}")
    with hostile(raw) as server:
        code, record, err = send_cli(server.url, capsys)
    assert (record["state"], code) == ("queued", 3), err
    assert "busy" in err.lower()


# -- answers whose content is hostile ------------------------------------------------------

HUGE = "9" * 30


@pytest.mark.parametrize("field", ["MessageId", "Credits", "StatusId"])
def test_thirty_digit_numbers_do_not_stop_a_booked_call_being_recorded(
    field: str, api_key: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = {"StatusId": 1, "MessageId": 77, "Credits": 5}
    values[field] = HUGE  # type: ignore[assignment]
    body = (
        '{"Success":true,"Status":"Queued",'
        + ",".join(f'"{k}":{v}' for k, v in values.items())
        + "}"
    ).encode()
    with hostile(response("200 OK", body)) as server:
        code, record, err = send_cli(server.url, capsys)
    assert (record["state"], code) == ("sent", 0), err
    key = {"StatusId": "status_id", "MessageId": "message_id", "Credits": "credits"}[field]
    assert record[key] is None
    assert HUGE not in str(record.get(key))


@pytest.mark.parametrize(
    "body",
    [
        b'{"Success":false,"Success":true,"MessageId":1}',
        b'{"Success":"yes","MessageId":1}',
    ],
    ids=["duplicate Success", "Success yes"],
)
def test_an_ambiguous_success_leaves_the_outcome_unknown(
    body: bytes, api_key: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with hostile(response("200 OK", body)) as server:
        code, record, err = send_cli(server.url, capsys)
    assert (record["state"], code) == ("unknown", 4), err


def test_control_characters_from_the_server_never_reach_the_terminal(
    api_key: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = "Queued\x1b[2J\n#99 Sent 07700 900999 \x1b]0;owned\x07"
    body = json.dumps(
        {"Success": False, "Status": status, "Errors": {"Dest\x1bination": "barred\r\n#98 Sent"}}
    ).encode()
    with hostile(response("200 OK", body)) as server:
        code, record, err = send_cli(server.url, capsys)
    assert (record["state"], code) == ("rejected", 1), err
    capsys.readouterr()
    assert cli.run(["history"]) == 0
    shown, shown_err = capsys.readouterr()
    for text in (err, shown, shown_err, json.dumps(record, ensure_ascii=False)):
        assert "\x1b" not in text and "\x07" not in text
        assert not any(line.lstrip().startswith(("#99", "#98")) for line in text.splitlines())


# -- the API key echoed back -----------------------------------------------------------


def _escaped_json(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


def _char_refs(text: str) -> str:
    return "".join(f"&#x{ord(c):x};" if i % 2 else f"&#{ord(c)};" for i, c in enumerate(text))


@pytest.mark.parametrize("kind", ["json escaped", "json braces upper", "xml refs"])
def test_an_echoed_key_is_masked_in_every_form(
    kind: str, api_key: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "xml refs":
        body = (
            "<SingleSendResponse><Success>false</Success><Status>"
            f"Key {_char_refs(api_key.upper())} refused</Status><Errors>"
            "<KeyValueOfstringstring><Key>APIKey</Key><Value>"
            f"&#x7b;{_char_refs(api_key.replace('-', ''))}&#x7d; is not valid"
            "</Value></KeyValueOfstringstring></Errors></SingleSendResponse>"
        ).encode()
        answer = response("400 Bad Request", body, content_type="application/xml")
    else:
        echo = api_key if kind == "json escaped" else "{" + api_key.upper() + "}"
        body = (
            '{"Success":false,"Status":"Key ' + _escaped_json(echo) + ' refused",'
            '"Errors":{"APIKey":"The value \'' + _escaped_json(echo) + "' is not valid\"}}"
        ).encode()
        answer = response("400 Bad Request", body)
    with hostile(answer) as server:
        code, record, err = send_cli(server.url, capsys)
    assert (record["state"], code) == ("rejected", 1), err
    secret = plain(api_key)
    assert secret not in plain(err)
    assert secret not in plain(json.dumps(record))
    conn = sqlite3.connect(home / "voicecall.sqlite3")
    try:
        stored = json.dumps(conn.execute("SELECT * FROM calls").fetchall())
    finally:
        conn.close()
    assert secret not in plain(stored)
    errors = record["errors"]
    assert isinstance(errors, dict) and "APIKey" in errors  # the reason is kept, the key blanked


# -- answers that never end, or never stop growing --------------------------------------


def _drip(head: bytes, every: float, count: int) -> Callable[[socket.socket], None]:
    def answer(conn: socket.socket) -> None:
        conn.sendall(head)
        for _ in range(count):
            time.sleep(every)
            conn.sendall(b" ")

    return answer


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{",
        b"HTTP/1.1 200 OK\r\nX-Slow: ",
    ],
    ids=["body drips", "headers drip"],
)
def test_a_dripping_answer_ends_at_the_attempts_deadline(head: bytes) -> None:
    # Each byte comes well inside the read timeout, so only the overall deadline can end it.
    with hostile(_drip(head, 0.25, 200)) as server:
        started = time.monotonic()
        with (
            VoiceCallClient(server.url, read_timeout=0.7, deadline=1.0) as client,
            pytest.raises(OutcomeUnknown) as caught,
        ):
            client.send(request())
        took = time.monotonic() - started
    assert 0.9 < took < 2.0, f"took {took:.1f} s"
    assert "within 1 second." in caught.value.message
    assert "may have been booked" in caught.value.message
    assert message_problems(caught.value.message) == []


def test_the_default_deadline_is_a_minute_or_the_sum_of_the_timeouts() -> None:
    with VoiceCallClient("http://127.0.0.1:1/") as client:
        assert client.deadline == 60.0
    with VoiceCallClient("http://127.0.0.1:1/", connect_timeout=30, read_timeout=120) as client:
        assert client.deadline == 150.0


def _endless_zeros(head: bytes) -> Callable[[socket.socket], None]:
    def answer(conn: socket.socket) -> None:
        conn.sendall(head)
        block = b"0" * 65536
        for _ in range(2**15):  # 2 GB, unless the client hangs up first (it must)
            conn.sendall(block)

    return answer


def _gzip_bomb(size: int) -> bytes:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * (1024 * 1024)
    parts = [squeeze.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + squeeze.flush()


BOMB = _gzip_bomb(64 * 1024 * 1024)  # 64 MB of spaces in about 64 KB


@pytest.mark.parametrize(
    "answer",
    [
        _endless_zeros(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"),
        _endless_zeros(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2147483648"
            b"\r\n\r\n"
        ),
        response("200 OK", BOMB, "Content-Encoding: gzip"),
        response("200 OK", zlib.compress(BOMB), "Content-Encoding: gzip, deflate"),
    ],
    ids=["2 GB without a length", "2 GB with its length", "gzip bomb", "bomb in two layers"],
)
def test_a_huge_answer_says_it_was_too_large_and_the_limit(
    answer: Callable[[socket.socket], None] | bytes,
) -> None:
    with hostile(answer) as server, VoiceCallClient(server.url) as client:
        tracemalloc.start()
        try:
            with pytest.raises(OutcomeUnknown) as caught:
                client.send(request())
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert "the answer was too large (limit 8 MB)" in caught.value.message
    assert peak < 48 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB while reading"


def test_a_compressed_answer_within_the_limit_is_read() -> None:
    body = gzip.compress(b'{"Success":true,"Status":"Queued","MessageId":5}')
    with (
        hostile(response("200 OK", body, "Content-Encoding: gzip")) as server,
        VoiceCallClient(server.url) as client,
    ):
        answer = client.send(request())
    assert (answer.response.Success, answer.response.MessageId) == (True, 5)
    assert b"accept-encoding: gzip, deflate" in server.requests[0].lower()


def test_a_gzip_bomb_leaves_the_call_unknown_with_the_reason(
    api_key: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with hostile(response("200 OK", BOMB, "Content-Encoding: gzip")) as server:
        code, record, err = send_cli(server.url, capsys)
    assert (record["state"], code) == ("unknown", 4), err
    assert "too large (limit 8 MB)" in err
