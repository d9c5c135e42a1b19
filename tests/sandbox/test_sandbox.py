"""The sandbox's endpoint: valid and invalid requests, answer formats, masking.

The modes are tested in ``test_sandbox_modes.py``, the server around the endpoint in
``test_sandbox_server.py``.
"""

from __future__ import annotations

import http.client
import json
import threading
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from voicecall_desktop.sandbox import Sandbox

from .helpers import (
    ARRAYS_NS,
    DTOS_NS,
    KEY,
    REQUEST_NS,
    RESPONSE_NS,
    SAMPLE_JSON,
    SAMPLE_RESPONSE_XML,
    SAMPLE_XML,
    Client,
)


def _shape(element: ET.Element) -> tuple[Any, ...]:
    """An element's tag and its children's shapes, repeated siblings counted once."""
    children: list[tuple[Any, ...]] = []
    for child in element:
        shape = _shape(child)
        if shape not in children:
            children.append(shape)
    return (element.tag, tuple(children))


def _response_fields(root: ET.Element) -> dict[str, Any]:
    errors = root.find(f"{{{DTOS_NS}}}Errors")
    assert errors is not None
    pairs = {
        item.findtext(f"{{{ARRAYS_NS}}}Key"): item.findtext(f"{{{ARRAYS_NS}}}Value")
        for item in errors.findall(f"{{{ARRAYS_NS}}}KeyValueOfstringstring")
    }
    return {
        "StatusId": root.findtext(f"{{{DTOS_NS}}}StatusId"),
        "Status": root.findtext(f"{{{DTOS_NS}}}Status"),
        "Success": root.findtext(f"{{{DTOS_NS}}}Success"),
        "Errors": pairs,
        "MessageId": root.findtext(f"{{{RESPONSE_NS}}}MessageId"),
        "Credits": root.findtext(f"{{{RESPONSE_NS}}}Credits"),
    }


# -- valid requests ------------------------------------------------------------------------


def test_valid_json_is_queued_and_spends_a_credit(sandbox: Sandbox, client: Client) -> None:
    first = client.post_json(SAMPLE_JSON)
    second = client.post_json(SAMPLE_JSON)

    assert first.status == 200
    assert first.headers["Content-Type"] == "application/json; charset=utf-8"
    assert first.headers["Connection"] == "close"
    assert first.json() == {
        "StatusId": 1,
        "Status": "Queued",
        "Success": True,
        "Errors": {},
        "MessageId": 1,
        "Credits": 999,
    }
    assert second.json()["MessageId"] == 2
    assert second.json()["Credits"] == 998 == sandbox.credits
    call = sandbox.received[0]
    assert call["format"] == "json"
    assert call["outcome"] == "ok"
    assert call["body"] == {**SAMPLE_JSON, "APIKey": "***"}
    assert KEY not in call["raw"]
    assert json.loads(call["raw"])["APIKey"] == "***"


def test_valid_xml_is_queued_and_answered_in_xml(sandbox: Sandbox, client: Client) -> None:
    reply = client.post_xml(SAMPLE_XML)

    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert _response_fields(reply.xml()) == {
        "StatusId": "1",
        "Status": "Queued",
        "Success": "true",
        "Errors": {},
        "MessageId": "1",
        "Credits": "999",
    }
    call = sandbox.received[0]
    assert call["format"] == "xml"
    # XML texts are read into the same values as JSON's.
    assert call["body"] == {**SAMPLE_JSON, "APIKey": "***"}
    assert KEY not in call["raw"]


def test_xml_answer_has_the_help_page_sample_shape(sandbox: Sandbox, client: Client) -> None:
    sandbox.set_mode("reject")
    reply = client.post_xml(SAMPLE_XML)

    assert _shape(reply.xml()) == _shape(ET.fromstring(SAMPLE_RESPONSE_XML))
    text = reply.body.decode()
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    assert text.startswith(f'<SingleSendResponse xmlns:i="{xsi}" xmlns="{RESPONSE_NS}">')
    assert f'<Errors xmlns:d2p1="{ARRAYS_NS}" xmlns="{DTOS_NS}">' in text
    assert "<d2p1:KeyValueOfstringstring><d2p1:Key>Destination</d2p1:Key>" in text
    assert '<MessageId i:nil="true"/>' in text


@pytest.mark.parametrize(
    ("accept", "content_type", "expected"),
    [
        ("application/xml", "application/json", "application/xml"),
        ("text/xml", "application/json", "text/xml"),
        ("application/json", "application/xml", "application/json"),
        ("application/xml;q=0.5, application/json", "application/xml", "application/json"),
        ("*/*", "application/xml", "application/json"),
        (None, "application/xml", "application/xml"),
        (None, "text/json", "text/json"),
    ],
)
def test_answer_format_follows_accept(
    client: Client, accept: str | None, content_type: str, expected: str
) -> None:
    body = SAMPLE_XML if "xml" in content_type else json.dumps(SAMPLE_JSON)
    reply = client.post(body, content_type, accept)

    assert reply.status == 200
    assert reply.headers["Content-Type"] == f"{expected}; charset=utf-8"
    if "xml" in expected:
        assert _response_fields(reply.xml())["Success"] == "true"
    else:
        assert reply.json()["Success"] is True


@pytest.mark.parametrize(
    "changes",
    [
        {"Source": "abc"},
        {"Source": "a" * 14},
        {"CustomerSiteId": "s" * 100},
        {"CustomerSiteId": None},
        {"Date": "2025-04-04T00:00:00Z", "Times": ["2025-04-04T09:30:00+00:00"]},
        {"Date": None, "Times": ["2025-06-01T09:30:00+01:00", "2025-06-02T09:30:00+01:00"]},
        {"Date": "2026-12-01T00:00:00+00:00", "Times": []},
        {"Destination": 447700900123},
    ],
)
def test_edges_of_the_rules_are_valid(client: Client, sample: dict[str, Any], changes: Any) -> None:
    sample.update(changes)
    reply = client.post_json(sample)
    assert (reply.status, reply.json()["Errors"]) == (200, {})


def test_optional_fields_may_be_left_out(client: Client, sample: dict[str, Any]) -> None:
    for name in ("CustomerSiteId", "RestrictSends", "Date", "Times"):
        del sample[name]
    assert client.post_json(sample).json()["Success"] is True


# -- invalid requests ----------------------------------------------------------------------

_MISSING = object()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("APIKey", _MISSING),
        ("APIKey", "not-a-guid"),
        ("APIKey", ""),
        ("Username", _MISSING),
        ("Username", "   "),
        ("Username", 42),
        ("Destination", _MISSING),
        ("Destination", "447700900123"),
        ("Destination", 0),
        ("Destination", -447700900123),
        ("Destination", 3.5),
        ("Destination", True),
        ("Destination", 2**63),
        ("Source", _MISSING),
        ("Source", "ab"),
        ("Source", "s" * 15),
        ("Source", 12345),
        ("CustomerSiteId", "s" * 101),
        ("RestrictSends", "true"),
        ("RestrictSends", None),
        ("Date", "2025-04-04T07:19:40"),
        ("Date", "2025-04-04"),
        ("Date", "2025-02-30T00:00:00+00:00"),
        ("Date", "2025-04-04T07:19+01:00"),
        ("Times", ["2025-04-04T07:19:40"]),
        ("Times", ["2025-04-05T07:19:40+01:00"]),
        ("Times", "2025-04-04T07:19:40+01:00"),
        ("Times", [20250404]),
    ],
)
def test_each_bad_field_gives_400_naming_it(
    sandbox: Sandbox, client: Client, sample: dict[str, Any], field: str, value: Any
) -> None:
    if value is _MISSING:
        del sample[field]
    else:
        sample[field] = value
    reply = client.post_json(sample)

    assert reply.status == 400
    answer = reply.json()
    assert set(answer["Errors"]) == {field}
    assert answer["StatusId"] == 0
    assert answer["Status"] == "Invalid request"
    assert answer["Success"] is False
    assert answer["MessageId"] is None
    assert answer["Credits"] == 1000 == sandbox.credits
    assert KEY not in json.dumps(answer)


def test_every_bad_field_is_named(client: Client) -> None:
    body = {"apikey": KEY, "username": "u", "Source": "x", "Date": "tomorrow", "Times": [1]}
    reply = client.post_json(body)

    assert reply.status == 400
    assert set(reply.json()["Errors"]) == {
        "APIKey",
        "Username",
        "Destination",
        "Source",
        "Date",
        "Times",
    }
    assert reply.json()["Errors"]["Destination"] == "The Destination field is required."


_DESTINATION = "<Destination>3</Destination> <RestrictSends>true</RestrictSends>"
_IN_ORDER = f"{_DESTINATION} <Source>sample str 4</Source>"
_OUT_OF_ORDER = f"<Source>sample str 4</Source> {_DESTINATION}"


@pytest.mark.parametrize(
    ("old", "new", "fields"),
    [
        ("<Destination>3</Destination>", "<Destination>3a</Destination>", {"Destination"}),
        ("<RestrictSends>true</RestrictSends>", "<RestrictSends>yes</RestrictSends>",
         {"RestrictSends"}),
        (f'<APIKey xmlns="{DTOS_NS}">', "<APIKey>", {"APIKey"}),
        ("<Destination>3</Destination> ", "", {"Destination"}),
        # Source moved before Destination: the two members after it are out of order.
        (_IN_ORDER, _OUT_OF_ORDER, {"Destination", "RestrictSends"}),
        ("<d2p1:dateTime>2025-04-04T07:19:40.9303892+01:00</d2p1:dateTime> </Times>",
         "<dateTime>2025-04-04T07:19:40.9303892+01:00</dateTime> </Times>", {"Times"}),
        ("<Date>2025-04-04T07:19:40.9303892+01:00</Date>", "<Date>2025-04-04</Date>", {"Date"}),
    ],
)  # fmt: skip
def test_bad_xml_field_gives_400_naming_it(
    client: Client, old: str, new: str, fields: set[str]
) -> None:
    assert old in SAMPLE_XML
    reply = client.post_xml(SAMPLE_XML.replace(old, new))

    assert reply.status == 400
    assert set(_response_fields(reply.xml())["Errors"]) == fields


def test_xml_nil_optional_field_is_accepted(client: Client) -> None:
    text = SAMPLE_XML.replace(
        "<CustomerSiteId>sample string 5</CustomerSiteId>", '<CustomerSiteId i:nil="true"/>'
    )
    assert client.post_xml(text).status == 200


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{", "application/json"),
        ("[1, 2]", "application/json"),
        ("", "application/json"),
        ('{"Destination": NaN}', "application/json"),
        ("<VoiceRequest>", "application/xml"),
        (f'<VoiceCall xmlns="{REQUEST_NS}"/>', "text/xml"),
        ("", "application/xml"),
    ],
)
def test_unreadable_body_gives_400_with_a_request_error(
    sandbox: Sandbox, client: Client, body: str, content_type: str
) -> None:
    reply = client.post(body, content_type, "application/json")

    assert reply.status == 400
    assert list(reply.json()["Errors"]) == ["request"]
    assert sandbox.received[0]["body"] == {}


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_unsupported_content_type_gives_415(
    sandbox: Sandbox, client: Client, content_type: str
) -> None:
    reply = client.post(json.dumps(SAMPLE_JSON), content_type)

    assert reply.status == 415
    assert "not supported" in reply.json()["Message"]
    assert sandbox.received[0]["format"] is None
    assert KEY not in sandbox.received[0]["raw"]


def test_configured_key_must_match() -> None:
    with Sandbox(api_key=KEY.upper()) as sandbox:
        client = Client(sandbox)
        wrong = client.post_json({**SAMPLE_JSON, "APIKey": "00000000-0000-0000-0000-000000000001"})
        right = client.post_json(SAMPLE_JSON)

        assert wrong.status == 401
        assert list(wrong.json()["Errors"]) == ["APIKey"]
        assert wrong.json()["Success"] is False
        assert right.status == 200
        assert sandbox.credits == 999
        assert KEY not in json.dumps(sandbox.received)


def test_no_credit_left_is_a_failure_answer(sandbox: Sandbox, client: Client) -> None:
    sandbox.credits = 1
    assert client.post_json(SAMPLE_JSON).json()["Credits"] == 0
    reply = client.post_json(SAMPLE_JSON)

    assert reply.status == 200
    assert reply.json()["Success"] is False
    assert reply.json()["Errors"] == {"Credits": "Insufficient credits"}
    assert reply.json()["MessageId"] is None


def test_key_in_the_wrong_place_is_masked_everywhere(sandbox: Sandbox, client: Client) -> None:
    client.post_json({**SAMPLE_JSON, "apikey": KEY, "Username": KEY})

    calls = client.request("GET", "/_sandbox/calls").body.decode()
    assert KEY not in calls
    assert KEY not in json.dumps(sandbox.received)


def test_chunked_body_is_read(client: Client) -> None:
    text = json.dumps(SAMPLE_JSON).encode()
    conn_body = iter([text[:40], text[40:]])
    conn = http.client.HTTPConnection("127.0.0.1", client.sandbox.port, timeout=5)
    try:
        conn.request(
            "POST",
            "/Public/VoiceCall",
            body=conn_body,
            headers={"Content-Type": "application/json"},
            encode_chunked=True,
        )
        response = conn.getresponse()
        assert (response.status, json.loads(response.read())["Success"]) == (200, True)
    finally:
        conn.close()


def test_concurrent_calls_get_distinct_message_ids(sandbox: Sandbox, client: Client) -> None:
    ids: list[int] = []
    lock = threading.Lock()

    def send() -> None:
        message_id = client.post_json(SAMPLE_JSON).json()["MessageId"]
        with lock:
            ids.append(message_id)

    threads = [threading.Thread(target=send) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(ids) == list(range(1, 17))
    assert sandbox.credits == 1000 - 16
    assert len(sandbox.received) == 16
