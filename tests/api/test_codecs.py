"""Request bodies and response decoding against the vendor's seed samples."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime, time
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicecall_desktop.api import Unreadable, decode, encode, encode_json, encode_xml, mask_key
from voicecall_desktop.core.models import CallSpec, SingleSendResponse, VoiceRequest

KEY = "94670106-3242-43ff-96fa-475c7de2425c"
NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
PROPERTY = settings(
    max_examples=300,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

NS_REQUEST = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Request"
NS_DTOS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs"
NS_ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
NS_INSTANCE = "http://www.w3.org/2001/XMLSchema-instance"

# The vendor's help page samples, verbatim (api/POST-Public-VoiceCall.txt).
SEED_REQUEST_XML = (
    '<VoiceRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Request"> '
    '<APIKey xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs">'
    "94670106-3242-43ff-96fa-475c7de2425c</APIKey> "
    '<Username xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs">'
    "sample string 2</Username> <CustomerSiteId>sample string 5</CustomerSiteId> "
    "<Date>2025-04-04T07:19:40.9303892+01:00</Date> <Destination>3</Destination> "
    "<RestrictSends>true</RestrictSends> <Source>sample string 4</Source> "
    '<Times xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays"> '
    "<d2p1:dateTime>2025-04-04T07:19:40.9303892+01:00</d2p1:dateTime> "
    "<d2p1:dateTime>2025-04-04T07:19:40.9303892+01:00</d2p1:dateTime> </Times> </VoiceRequest>"
)
SEED_REQUEST_JSON = (
    '{ "APIKey": "94670106-3242-43ff-96fa-475c7de2425c", "Username": "sample string 2", '
    '"Destination": 3, "Source": "sample string 4", "CustomerSiteId": "sample string 5", '
    '"RestrictSends": true, "Date": "2025-04-04T07:19:40.9303892+01:00", "Times": '
    '[ "2025-04-04T07:19:40.9303892+01:00", "2025-04-04T07:19:40.9303892+01:00" ] }'
)
SEED_RESPONSE_JSON = (
    b'{ "StatusId": 1, "Status": "sample string 2", "Success": true, "Errors": '
    b'{ "sample string 1": "sample string 2", "sample string 3": "sample string 4" }, '
    b'"MessageId": 1, "Credits": 1 }'
)
SEED_RESPONSE_XML = (
    b'<SingleSendResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
    b'xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Response"> '
    b'<Errors xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" '
    b'xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs"> '
    b"<d2p1:KeyValueOfstringstring> <d2p1:Key>sample string 1</d2p1:Key> "
    b"<d2p1:Value>sample string 2</d2p1:Value> </d2p1:KeyValueOfstringstring> "
    b"<d2p1:KeyValueOfstringstring> <d2p1:Key>sample string 3</d2p1:Key> "
    b"<d2p1:Value>sample string 4</d2p1:Value> </d2p1:KeyValueOfstringstring> </Errors> "
    b'<Status xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs">'
    b"sample string 2</Status> "
    b'<StatusId xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs">'
    b"1</StatusId> "
    b'<Success xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs">'
    b"true</Success> <Credits>1</Credits> <MessageId>1</MessageId> </SingleSendResponse>"
)
SEED_RESPONSE = SingleSendResponse(
    StatusId=1,
    Status="sample string 2",
    Success=True,
    Errors={"sample string 1": "sample string 2", "sample string 3": "sample string 4"},
    MessageId=1,
    Credits=1,
)


def _request(
    day: date, times: list[time], site: str | None, *, username: str = "reception1"
) -> VoiceRequest:
    spec, _ = CallSpec.from_input(
        destination="07700 900123",
        username=username,
        source="SurgeryA",
        site=site,
        day=day,
        times=times,
        now=NOW,
    )
    return spec.to_request(KEY, now=NOW)


WINTER = (date(2026, 12, 1), [time(14, 0), time(9, 30)])
SUMMER = (date(2027, 6, 15), [time(9, 30)])

# -- request bodies: exact strings -------------------------------------------

JSON_CASES = [
    (
        WINTER,
        "site-5",
        '{"APIKey":"94670106-3242-43ff-96fa-475c7de2425c","Username":"reception1",'
        '"Destination":447700900123,"Source":"SurgeryA","CustomerSiteId":"site-5",'
        '"RestrictSends":false,"Date":"2026-12-01T00:00:00+00:00",'
        '"Times":["2026-12-01T09:30:00+00:00","2026-12-01T14:00:00+00:00"]}',
    ),
    (
        WINTER,
        None,
        '{"APIKey":"94670106-3242-43ff-96fa-475c7de2425c","Username":"reception1",'
        '"Destination":447700900123,"Source":"SurgeryA",'
        '"RestrictSends":false,"Date":"2026-12-01T00:00:00+00:00",'
        '"Times":["2026-12-01T09:30:00+00:00","2026-12-01T14:00:00+00:00"]}',
    ),
    (
        SUMMER,
        "site-5",
        '{"APIKey":"94670106-3242-43ff-96fa-475c7de2425c","Username":"reception1",'
        '"Destination":447700900123,"Source":"SurgeryA","CustomerSiteId":"site-5",'
        '"RestrictSends":false,"Date":"2027-06-15T00:00:00+01:00",'
        '"Times":["2027-06-15T09:30:00+01:00"]}',
    ),
    (
        SUMMER,
        None,
        '{"APIKey":"94670106-3242-43ff-96fa-475c7de2425c","Username":"reception1",'
        '"Destination":447700900123,"Source":"SurgeryA",'
        '"RestrictSends":false,"Date":"2027-06-15T00:00:00+01:00",'
        '"Times":["2027-06-15T09:30:00+01:00"]}',
    ),
]

_XML_HEAD = (
    '<VoiceRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Request">'
    '<APIKey xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs">'
    "94670106-3242-43ff-96fa-475c7de2425c</APIKey>"
    '<Username xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs">'
    "reception1</Username>"
)
_TIMES_OPEN = '<Times xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays">'

XML_CASES = [
    (
        WINTER,
        "site-5",
        _XML_HEAD + "<CustomerSiteId>site-5</CustomerSiteId>"
        "<Date>2026-12-01T00:00:00+00:00</Date><Destination>447700900123</Destination>"
        "<RestrictSends>false</RestrictSends><Source>SurgeryA</Source>" + _TIMES_OPEN + ""
        "<d2p1:dateTime>2026-12-01T09:30:00+00:00</d2p1:dateTime>"
        "<d2p1:dateTime>2026-12-01T14:00:00+00:00</d2p1:dateTime></Times></VoiceRequest>",
    ),
    (
        WINTER,
        None,
        _XML_HEAD + "<Date>2026-12-01T00:00:00+00:00</Date>"
        "<Destination>447700900123</Destination>"
        "<RestrictSends>false</RestrictSends><Source>SurgeryA</Source>" + _TIMES_OPEN + ""
        "<d2p1:dateTime>2026-12-01T09:30:00+00:00</d2p1:dateTime>"
        "<d2p1:dateTime>2026-12-01T14:00:00+00:00</d2p1:dateTime></Times></VoiceRequest>",
    ),
    (
        SUMMER,
        "site-5",
        _XML_HEAD + "<CustomerSiteId>site-5</CustomerSiteId>"
        "<Date>2027-06-15T00:00:00+01:00</Date><Destination>447700900123</Destination>"
        "<RestrictSends>false</RestrictSends><Source>SurgeryA</Source>" + _TIMES_OPEN + ""
        "<d2p1:dateTime>2027-06-15T09:30:00+01:00</d2p1:dateTime></Times></VoiceRequest>",
    ),
    (
        SUMMER,
        None,
        _XML_HEAD + "<Date>2027-06-15T00:00:00+01:00</Date>"
        "<Destination>447700900123</Destination>"
        "<RestrictSends>false</RestrictSends><Source>SurgeryA</Source>" + _TIMES_OPEN + ""
        "<d2p1:dateTime>2027-06-15T09:30:00+01:00</d2p1:dateTime></Times></VoiceRequest>",
    ),
]

_IDS = ["winter-site", "winter-nosite", "summer-site", "summer-nosite"]


@pytest.mark.parametrize(("when", "site", "expected"), JSON_CASES, ids=_IDS)
def test_exact_json_body(when: tuple[date, list[time]], site: str | None, expected: str) -> None:
    request = _request(*when, site)
    assert encode_json(request).decode("utf-8") == expected
    assert encode(request, "json") == expected.encode()
    # same keys in the same order as the vendor's sample (minus absent optional ones)
    seed_keys = list(json.loads(SEED_REQUEST_JSON))
    ours = list(json.loads(expected))
    assert ours == [k for k in seed_keys if k in ours]


@pytest.mark.parametrize(("when", "site", "expected"), XML_CASES, ids=_IDS)
def test_exact_xml_body(when: tuple[date, list[time]], site: str | None, expected: str) -> None:
    request = _request(*when, site)
    assert encode_xml(request).decode("utf-8") == expected
    assert encode(request, "xml") == expected.encode()


def test_restrict_sends_true_is_written_in_lowercase() -> None:
    spec, _ = CallSpec.from_input(
        destination="07700 900123",
        username="u",
        source="abc",
        restrict_sends=True,
        now=NOW,
    )
    request = spec.to_request(KEY, now=NOW)
    assert b'"RestrictSends":true' in encode_json(request)
    assert b"<RestrictSends>true</RestrictSends>" in encode_xml(request)
    # no day and no times: neither element is written
    assert b"<Date>" not in encode_xml(request) and b"<Times" not in encode_xml(request)
    assert b'"Date"' not in encode_json(request) and b'"Times"' not in encode_json(request)


def _events(xml: str | bytes) -> list[tuple[str, ...]]:
    """Namespace declarations, tags and stripped texts in document order."""
    data = xml.encode() if isinstance(xml, str) else xml
    out: list[tuple[str, ...]] = []
    for event, item in ET.iterparse(io.BytesIO(data), events=("start-ns", "start", "end")):
        if event == "start-ns":
            prefix, uri = item
            out.append(("ns", prefix, uri))
        elif event == "start":
            out.append(("start", item.tag))
        else:
            out.append(("end", item.tag, (item.text or "").strip()))
    return out


def _substitute(seed: str, values: dict[str, list[str]]) -> str:
    """The seed sample with each element's text replaced, in order, by ours."""
    remaining = {tag: list(texts) for tag, texts in values.items()}

    def swap(match: re.Match[str]) -> str:
        tag = match.group("tag")
        return f"{match.group('open')}{remaining[tag].pop(0)}</{tag}>"

    pattern = re.compile(r"(?P<open><(?P<tag>[\w:]+)(?: [^>]*)?>)[^<]*</(?P=tag)>")
    return pattern.sub(swap, seed)


def test_xml_has_the_seed_samples_structure_and_namespaces() -> None:
    request = _request(date(2026, 12, 1), [time(9, 30), time(14, 0)], "site-5")
    ours = encode_xml(request)
    expected = _substitute(
        SEED_REQUEST_XML,
        {
            "APIKey": [KEY],
            "Username": ["reception1"],
            "CustomerSiteId": ["site-5"],
            "Date": ["2026-12-01T00:00:00+00:00"],
            "Destination": ["447700900123"],
            "RestrictSends": ["false"],
            "Source": ["SurgeryA"],
            "d2p1:dateTime": ["2026-12-01T09:30:00+00:00", "2026-12-01T14:00:00+00:00"],
        },
    )
    assert _events(ours) == _events(expected)
    root = ET.fromstring(ours)
    assert root.tag == f"{{{NS_REQUEST}}}VoiceRequest"
    assert [child.tag for child in root] == [
        f"{{{NS_DTOS}}}APIKey",
        f"{{{NS_DTOS}}}Username",
        f"{{{NS_REQUEST}}}CustomerSiteId",
        f"{{{NS_REQUEST}}}Date",
        f"{{{NS_REQUEST}}}Destination",
        f"{{{NS_REQUEST}}}RestrictSends",
        f"{{{NS_REQUEST}}}Source",
        f"{{{NS_REQUEST}}}Times",
    ]
    assert [item.tag for item in root[-1]] == [f"{{{NS_ARRAYS}}}dateTime"] * 2


def test_json_body_parses_to_the_seed_samples_keys_and_types() -> None:
    request = _request(date(2026, 12, 1), [time(9, 30), time(14, 0)], "site-5")
    ours = json.loads(encode_json(request))
    seed = json.loads(SEED_REQUEST_JSON)
    assert list(ours) == list(seed)
    assert {k: type(v) for k, v in ours.items()} == {k: type(v) for k, v in seed.items()}


@pytest.mark.parametrize(
    ("username", "source", "site"),
    [
        ("Smith & Jones <GP>", "A&B<C>", "x > y & z"),
        ("a&amp;b", "]]>abc", "<![CDATA[x]]>"),
        ('Ó\'Brien "quoted"', "Café ☎", "ünïcödé"),
    ],
)
def test_xml_escapes_text(username: str, source: str, site: str) -> None:
    spec, _ = CallSpec.from_input(
        destination="07700 900123", username=username, source=source, site=site, now=NOW
    )
    request = spec.to_request(KEY, now=NOW)
    body = encode_xml(request)
    root = ET.fromstring(body)
    assert root.find(f"{{{NS_DTOS}}}Username").text == username  # type: ignore[union-attr]
    assert root.find(f"{{{NS_REQUEST}}}Source").text == source  # type: ignore[union-attr]
    assert root.find(f"{{{NS_REQUEST}}}CustomerSiteId").text == site  # type: ignore[union-attr]
    decoded_json = json.loads(encode_json(request))
    assert (decoded_json["Username"], decoded_json["Source"]) == (username, source)


def test_xml_escaping_exact_text() -> None:
    spec, _ = CallSpec.from_input(
        destination="07700 900123", username="Smith & Jones <GP>", source="A&B<C>", now=NOW
    )
    body = encode_xml(spec.to_request(KEY, now=NOW)).decode()
    assert ">Smith &amp; Jones &lt;GP&gt;</Username>" in body
    assert "<Source>A&amp;B&lt;C&gt;</Source>" in body


def test_json_body_is_utf8_not_escaped() -> None:
    spec, _ = CallSpec.from_input(
        destination="07700 900123", username="Zoë", source="Café", now=NOW
    )
    body = encode_json(spec.to_request(KEY, now=NOW))
    assert "Zoë".encode() in body and "Café".encode() in body


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_mask_key_blanks_the_key(fmt: str) -> None:
    request = _request(*WINTER, "site-5")
    body = encode(request, fmt)
    masked = mask_key(body, request)
    assert KEY not in masked
    assert "********-****-****-****-************" in masked
    assert masked.replace("********-****-****-****-************", KEY) == body.decode()
    assert KEY not in mask_key(body.decode(), request)


# -- responses --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (SEED_RESPONSE_JSON, "application/json; charset=utf-8"),
        (SEED_RESPONSE_JSON, "text/json"),
        (SEED_RESPONSE_JSON, None),
        (SEED_RESPONSE_XML, "application/xml; charset=utf-8"),
        (SEED_RESPONSE_XML, "text/xml"),
        (SEED_RESPONSE_XML, None),
    ],
)
def test_seed_responses_decode_to_the_same_thing(body: bytes, content_type: str | None) -> None:
    response = decode(body, content_type)
    assert response == SEED_RESPONSE
    assert len(response.Errors) == 2
    assert list(response.Errors) == ["sample string 1", "sample string 3"]


def test_seed_xml_with_declaration_and_bom_decodes() -> None:
    body = b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>' + SEED_RESPONSE_XML
    assert decode(body, "application/xml") == SEED_RESPONSE


def test_model_state_becomes_errors_keyed_by_field() -> None:
    body = json.dumps(
        {
            "Message": "The request is invalid.",
            "ModelState": {
                "request.Destination": ["The Destination field is required."],
                "request.Source": ["Too long.", "Must be 3 to 14 characters."],
            },
        }
    ).encode()
    response = decode(body, "application/json")
    assert response.Success is False
    assert response.Status == "The request is invalid."
    assert response.Errors == {
        "Destination": "The Destination field is required.",
        "Source": "Too long. Must be 3 to 14 characters.",
    }
    assert not any(key.startswith("request.") for key in response.Errors)


def test_message_only_error_is_kept() -> None:
    response = decode(b'{"Message": "An error has occurred."}', "application/json")
    assert response.Success is False
    assert response.Errors == {"Message": "An error has occurred."}


def test_null_fields_and_null_errors_decode() -> None:
    body = (
        b'{"StatusId": null, "Status": null, "Success": false, "Errors": null,'
        b' "MessageId": null, "Credits": null}'
    )
    assert decode(body, "application/json") == SingleSendResponse(Success=False)


def test_wrongly_typed_fields_are_dropped_not_fatal() -> None:
    body = b'{"Success": true, "StatusId": "many", "Errors": 12, "Credits": {"a": 1}}'
    assert decode(body, "application/json") == SingleSendResponse(Success=True)


def test_errors_as_a_list_or_string_are_kept_as_text() -> None:
    body = b'{"Success": false, "Errors": ["Number is barred", 2]}'
    assert decode(body, "application/json").error_lines() == ["Number is barred", "2"]
    body = b'{"Success": false, "Errors": "Number is barred"}'
    assert decode(body, "application/json").error_lines() == ["Number is barred"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"Success": false, "Success": true}',
        b'{"Success": true, "Errors": {"a": "1", "a": "2"}}',
        b'{"Success": "yes"}',
        b'{"Success": "true"}',
        b'{"Success": 1}',
        b'{"Success": []}',
        b"<SingleSendResponse><Success>false</Success><Success>true</Success></SingleSendResponse>",
        b"<SingleSendResponse><Success>yes</Success></SingleSendResponse>",
        b"<SingleSendResponse><Success>True</Success></SingleSendResponse>",
    ],
)
def test_duplicate_fields_or_a_success_that_is_not_a_boolean_are_unreadable(body: bytes) -> None:
    with pytest.raises(Unreadable):
        decode(body, None)


@pytest.mark.parametrize(("text", "flag"), [("true", True), ("1", True), ("0", False)])
def test_xml_success_takes_the_xsd_boolean_words(text: str, flag: bool) -> None:
    body = f"<SingleSendResponse><Success>{text}</Success></SingleSendResponse>".encode()
    assert decode(body, None).Success is flag


def test_thirty_digit_numbers_are_left_out_with_a_note() -> None:
    digits = "9" * 30
    for body, kind in (
        (f'{{"Success": true, "MessageId": {digits}, "Credits": 4}}'.encode(), "json"),
        (
            f"<SingleSendResponse><Success>true</Success><MessageId>{digits}</MessageId>"
            "<Credits>4</Credits></SingleSendResponse>".encode(),
            "xml",
        ),
    ):
        response = decode(body, f"application/{kind}")
        assert (response.Success, response.MessageId, response.Credits) == (True, None, 4)
        assert response.notes and "MessageId" in response.notes[0]


def test_xml_nil_and_empty_elements_are_none() -> None:
    body = (
        f'<SingleSendResponse xmlns:i="{NS_INSTANCE}"><Success>false</Success>'
        '<Status i:nil="true"/><StatusId></StatusId><Errors i:nil="true"/>'
        "</SingleSendResponse>"
    ).encode()
    assert decode(body, "application/xml") == SingleSendResponse(Success=False)


def test_xml_unknown_elements_are_ignored() -> None:
    body = SEED_RESPONSE_XML.replace(
        b"<Credits>1</Credits>",
        b"<Surprise>x</Surprise><Credits>1</Credits><Nested><Success>false</Success></Nested>",
    )
    assert decode(body, "application/xml") == SEED_RESPONSE


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"<!DOCTYPE html><html><body>Bad Gateway</body></html>", "text/html"),
        (b"<html><body>Error</body></html>", None),
        (b"  <!doctype HTML><html></html>", "application/json"),
        (b'{"Success": true}', "text/html; charset=utf-8"),
        (b"", "application/json"),
        (b"", None),
        (b"  \r\n\t ", "application/xml"),
        (b'{"StatusId": 1, "Success": tr', "application/json"),
        (b'{"StatusId": 1, "Success": true', None),
        (b"[]", "application/json"),
        (b'[{"Success": true}]', None),
        (b'"Success"', "application/json"),
        (b"null", "application/json"),
        (b"42", "application/json"),
        (b'{"unexpected": 1}', "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        (b"<SingleSendResponse><Success>true</Success>", "application/xml"),
        (b"<SingleSendResponse/>", "application/xml"),
        (b"<Other><Success>true</Success></Other>", "application/xml"),
        (b"Service Unavailable", "text/plain"),
        (b"Service Unavailable", None),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]>'
            b"<SingleSendResponse><Status>&e;</Status></SingleSendResponse>",
            "application/xml",
        ),
        (
            b'<!DOCTYPE SingleSendResponse SYSTEM "http://example.com/x.dtd">'
            b"<SingleSendResponse><Success>true</Success></SingleSendResponse>",
            None,
        ),
        (
            b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b"<SingleSendResponse><Status>&b;</Status></SingleSendResponse>",
            "text/xml",
        ),
    ],
)
def test_unreadable_bodies(body: bytes, content_type: str | None) -> None:
    with pytest.raises(Unreadable) as caught:
        decode(body, content_type)
    assert str(caught.value)


def test_html_message_says_web_page() -> None:
    with pytest.raises(Unreadable, match="web page"):
        decode(b"<html><body>Proxy login</body></html>", "text/html")


def test_empty_message_says_empty() -> None:
    with pytest.raises(Unreadable, match="empty"):
        decode(b"", "application/json")


@pytest.mark.parametrize("content_type", ["application/json", None])
def test_huge_json_number_is_unreadable(content_type: str | None) -> None:
    body = b'{"Success": true, "StatusId": ' + b"9" * 5000 + b"}"
    with pytest.raises(Unreadable):
        decode(body, content_type)


def test_xml_with_unknown_encoding_is_unreadable() -> None:
    body = b'<?xml version="1.0" encoding="x-nonsense"?><SingleSendResponse/>'
    with pytest.raises(Unreadable):
        decode(body, "application/xml")


def test_utf16_xml_with_doctype_is_refused() -> None:
    text = (
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY e "injected">]>'
        "<SingleSendResponse><Status>&e;</Status><Success>true</Success></SingleSendResponse>"
    )
    with pytest.raises(Unreadable):
        decode(text.encode("utf-16"), "application/xml")


# -- properties -----------------------------------------------------------

CONTENT_TYPES = st.sampled_from(
    [
        None,
        "application/json",
        "application/json; charset=utf-8",
        "text/json",
        "application/xml",
        "text/xml; charset=utf-8",
        "text/html",
        "text/plain",
        "",
    ]
)

_json_leaf = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
_json_value = st.recursive(
    _json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)
_field_names = st.sampled_from(
    ["StatusId", "Status", "Success", "Errors", "MessageId", "Credits", "Message", "ModelState"]
)
_json_objects = st.dictionaries(_field_names | st.text(max_size=8), _json_value, max_size=7)
_xml_words = st.sampled_from(
    [
        b"<SingleSendResponse>",
        b"</SingleSendResponse>",
        b"<Success>",
        b"</Success>",
        b"<Errors>",
        b"</Errors>",
        b"<KeyValueOfstringstring>",
        b"</KeyValueOfstringstring>",
        b"<Key>",
        b"</Key>",
        b"<Value>",
        b"</Value>",
        b"<StatusId>",
        b"</StatusId>",
        b"true",
        b"false",
        b"1",
        b"-7",
        b"x",
        b"&amp;",
        b"&bogus;",
        b"<![CDATA[",
        b"]]>",
        b'<Status i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/>',
        b"<?xml version='1.0'?>",
        b"<!--",
        b"-->",
    ]
)
BODIES = (
    st.binary(max_size=300)
    | _json_objects.map(lambda d: json.dumps(d).encode())
    | _json_value.map(lambda v: json.dumps(v).encode())
    | st.lists(_xml_words, max_size=14).map(b"".join)
    | st.text(max_size=200).map(lambda t: t.encode("utf-8"))
)


@given(body=BODIES, content_type=CONTENT_TYPES)
@PROPERTY
def test_decode_returns_a_response_or_raises_unreadable(
    body: bytes, content_type: str | None
) -> None:
    try:
        result = decode(body, content_type)
    except Unreadable:
        return
    assert isinstance(result, SingleSendResponse)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.Errors.items())


_ints = st.none() | st.integers(min_value=-(2**63), max_value=2**63 - 1)


def _shown_text(max_size: int) -> st.SearchStrategy[str]:
    """Text as the model keeps it: control and format characters are taken out on parsing."""
    return st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")),
        max_size=max_size,
    )


RESPONSES = st.builds(
    SingleSendResponse,
    StatusId=_ints,
    Status=st.none() | _shown_text(40),
    Success=st.none() | st.booleans(),
    Errors=st.dictionaries(_shown_text(20), _shown_text(40), max_size=5),
    MessageId=_ints,
    Credits=_ints,
)


@given(response=RESPONSES, compact=st.booleans())
@PROPERTY
def test_json_round_trip(response: SingleSendResponse, compact: bool) -> None:
    data = response.model_dump()
    body = (json.dumps(data, separators=(",", ":")) if compact else json.dumps(data)).encode()
    assert decode(body, "application/json") == response
    assert decode(body, None) == response


_xml_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S"]),
    min_size=1,
    max_size=30,
).filter(lambda s: s == s.strip())


def _response_xml(response: SingleSendResponse) -> bytes:
    """The shape of the seed XML response, filled in from ``response``."""

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def field(name: str, value: object, ns: str | None) -> str:
        attr = f' xmlns="{ns}"' if ns else ""
        if value is None:
            return f'<{name}{attr} i:nil="true"/>'
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return f"<{name}{attr}>{esc(text)}</{name}>"

    items = "".join(
        "<d2p1:KeyValueOfstringstring>"
        f"<d2p1:Key>{esc(k)}</d2p1:Key><d2p1:Value>{esc(v)}</d2p1:Value>"
        "</d2p1:KeyValueOfstringstring>"
        for k, v in response.Errors.items()
    )
    return (
        f'<SingleSendResponse xmlns:i="{NS_INSTANCE}" '
        'xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Response">'
        f'<Errors xmlns:d2p1="{NS_ARRAYS}" xmlns="{NS_DTOS}">{items}</Errors>'
        + field("Status", response.Status, NS_DTOS)
        + field("StatusId", response.StatusId, NS_DTOS)
        + field("Success", response.Success, NS_DTOS)
        + field("Credits", response.Credits, None)
        + field("MessageId", response.MessageId, None)
        + "</SingleSendResponse>"
    ).encode()


XML_RESPONSES = st.builds(
    SingleSendResponse,
    StatusId=_ints,
    Status=st.none() | _xml_text,
    Success=st.none() | st.booleans(),
    Errors=st.dictionaries(_xml_text, _xml_text, max_size=5),
    MessageId=_ints,
    Credits=_ints,
)


def test_response_xml_helper_reproduces_the_seed() -> None:
    assert _events(_response_xml(SEED_RESPONSE)) == [e for e in _events(SEED_RESPONSE_XML)]


@given(response=XML_RESPONSES)
@PROPERTY
def test_xml_round_trip(response: SingleSendResponse) -> None:
    assert decode(_response_xml(response), "application/xml") == response


def test_model_state_and_xml_text_lose_control_characters() -> None:
    body = json.dumps(
        {
            "Message": "Invalid\x1b[2J",
            "ModelState": {"request.Dest\x1bination": ["bad\n#99 Sent", "again\x07"]},
        }
    ).encode()
    response = decode(body, "application/json")
    assert response.Status == "Invalid[2J"
    assert response.Errors == {"Destination": "bad #99 Sent again"}
    xml = (
        b"<SingleSendResponse><Success>false</Success><Status>a&#9;b&#10;#99&#x202e;x</Status>"
        b"</SingleSendResponse>"
    )
    assert decode(xml, "application/xml").Status == "a b #99x"  # (ESC cannot be in XML 1.0)
