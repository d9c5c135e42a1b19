"""The sandbox's modes and `times=`."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from voicecall_desktop.sandbox import MODES, Sandbox

from .helpers import RESPONSE_NS, SAMPLE_JSON, SAMPLE_XML, Client


def test_modes_are_the_documented_ones() -> None:
    assert set(MODES) == {
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
    }


def test_reject_answers_success_false_and_books_nothing(sandbox: Sandbox, client: Client) -> None:
    sandbox.set_mode("reject")
    reply = client.post_json(SAMPLE_JSON)

    assert reply.status == 200
    assert reply.json() == {
        "StatusId": 0,
        "Status": "Rejected",
        "Success": False,
        "Errors": {"Destination": "Number is barred"},
        "MessageId": None,
        "Credits": 1000,
    }
    assert sandbox.received[0]["outcome"] == "reject"


def test_slow_outlasts_a_short_read_timeout_but_counts_as_received(
    sandbox: Sandbox, client: Client
) -> None:
    sandbox.set_mode("slow", delay=0.4, times=1)
    with pytest.raises(TimeoutError):
        client.post(json.dumps(SAMPLE_JSON), timeout=0.1)
    assert [call["outcome"] for call in sandbox.received] == ["slow"]
    assert sandbox.credits == 999

    sandbox.set_mode("slow", delay=0.05)
    started = time.monotonic()
    reply = client.post_json(SAMPLE_JSON)
    assert reply.json()["Success"] is True
    assert time.monotonic() - started >= 0.05


def test_drop_resets_the_connection_after_reading_the_body(
    sandbox: Sandbox, client: Client
) -> None:
    sandbox.set_mode("drop")
    # http.client.RemoteDisconnected is a ConnectionResetError too.
    with pytest.raises(ConnectionResetError):
        client.post_json(SAMPLE_JSON)

    call = sandbox.received[0]
    assert (call["outcome"], call["http_status"]) == ("drop", None)
    assert call["body"]["Destination"] == 3
    assert sandbox.credits == 999  # the call went through; only the answer was lost


def test_html500_answers_an_html_page(sandbox: Sandbox, client: Client) -> None:
    sandbox.set_mode("html500")
    reply = client.post_json(SAMPLE_JSON)

    assert reply.status == 500
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<html>" in reply.body
    assert sandbox.credits == 1000


@pytest.mark.parametrize(
    ("status", "content_type", "check"),
    [
        (400, "application/json", {"Message": "The request is invalid."}),
        (401, "application/json", {"Message": "Authorization has been denied for this request."}),
        (403, "application/json", None),
        (404, "application/json", None),
        (429, "application/json", None),
        (502, "text/html", None),
        (503, "text/html", None),
    ],
)
def test_status_answers_the_given_status(
    sandbox: Sandbox, client: Client, status: int, content_type: str, check: Any
) -> None:
    sandbox.set_mode("status", status=status)
    reply = client.post_json(SAMPLE_JSON)

    assert reply.status == status
    assert reply.headers["Content-Type"] == f"{content_type}; charset=utf-8"
    assert int(reply.headers["Content-Length"]) == len(reply.body) > 0
    if content_type == "application/json":
        answer = reply.json()
        assert answer["Message"]
        if check is not None:
            assert check.items() <= answer.items()
    if status == 400:
        assert reply.json()["ModelState"] == {
            "request.Destination": ["The Destination field is required."]
        }
    if status == 429:
        assert reply.headers["Retry-After"] == "5"
    assert sandbox.received[0]["http_status"] == status
    assert sandbox.credits == 1000


def test_status_400_in_xml_carries_model_state(sandbox: Sandbox, client: Client) -> None:
    sandbox.set_mode("status", status=400)
    root = client.post_xml(SAMPLE_XML).xml()

    assert root.tag == "Error"
    assert root.findtext("Message") == "The request is invalid."
    assert root.findtext("ModelState/request.Destination") == "The Destination field is required."


def test_empty_answers_200_with_no_body(sandbox: Sandbox, client: Client) -> None:
    sandbox.set_mode("empty")
    reply = client.post_json(SAMPLE_JSON)

    assert (reply.status, reply.body, reply.headers["Content-Length"]) == (200, b"", "0")
    assert sandbox.credits == 999


def test_truncated_answers_cut_off_json(sandbox: Sandbox, client: Client) -> None:
    sandbox.set_mode("truncated")
    reply = client.post_json(SAMPLE_JSON)

    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
    assert int(reply.headers["Content-Length"]) == len(reply.body) > 0
    assert reply.body.startswith(b'{"StatusId":1,')
    with pytest.raises(ValueError):
        json.loads(reply.body)


def test_unknown_xml_is_a_success_in_xml_with_unknown_elements(
    sandbox: Sandbox, client: Client
) -> None:
    sandbox.set_mode("unknown_xml")
    reply = client.post_json(SAMPLE_JSON, accept="application/json")

    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/xml; charset=utf-8"
    root = reply.xml()
    assert root.tag == f"{{{RESPONSE_NS}}}SingleSendResponse"
    dtos = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs"
    assert root.findtext(f"{{{dtos}}}Success") == "true"
    assert root.findtext(f"{{{RESPONSE_NS}}}MessageId") == "1"
    known = {"Errors", "Status", "StatusId", "Success", "Credits", "MessageId"}
    assert {child.tag.rpartition("}")[2] for child in root} - known


def test_huge_answers_a_valid_5mb_json_success(sandbox: Sandbox, client: Client) -> None:
    sandbox.set_mode("huge")
    reply = client.post_json(SAMPLE_JSON)

    assert reply.status == 200
    assert len(reply.body) > 5_000_000
    answer = reply.json()
    assert (answer["Success"], answer["MessageId"], answer["Credits"]) == (True, 1, 999)


def test_times_reverts_to_ok(sandbox: Sandbox, client: Client) -> None:
    sandbox.set_mode("html500", times=2)
    statuses = [client.post_json(SAMPLE_JSON).status for _ in range(3)]

    assert statuses == [500, 500, 200]
    assert [call["outcome"] for call in sandbox.received] == ["html500", "html500", "ok"]


def test_mode_without_times_stays_until_changed(sandbox: Sandbox, client: Client) -> None:
    sandbox.set_mode("reject")
    assert [client.post_json(SAMPLE_JSON).json()["Success"] for _ in range(3)] == [False] * 3
    sandbox.set_mode("ok")
    assert client.post_json(SAMPLE_JSON).json()["Success"] is True


def test_control_requests_do_not_use_up_times(sandbox: Sandbox, client: Client) -> None:
    sandbox.set_mode("reject", times=1)
    client.request("GET", "/_sandbox/calls")
    client.request("GET", "/_sandbox/state")
    assert client.post_json(SAMPLE_JSON).json()["Success"] is False
