"""Hostile or broken answers from a real socket on 127.0.0.1, row by row from issue 10.

Each test stages the answer with :mod:`tests.reliability.hostile` and checks what the
client (and, where the whole path matters, ``voicecall send``) makes of it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.reliability.hostile import hostile, response
from voicecall_desktop import cli
from voicecall_desktop.api import RateLimited, VoiceCallClient
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
    capsys.readouterr()
    code = cli.run(
        [
            "send",
            "--destination",
            "07700 900123",
            "--source",
            "Surgery",
            "--username",
            "reception",
            "--date",
            DAY,
            "--time",
            "09:30",
            "--base-url",
            base_url,
            "--json",
        ]
    )
    out, err = capsys.readouterr()
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
    """Whole seconds or an HTTP date, at most an hour (``client.MAX_RETRY_AFTER``)."""
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
