"""Every way a send can fail, classified, with httpx.MockTransport (no sockets)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import httpx
import pytest

from voicecall_desktop.api import (
    Answer,
    ApiError,
    ConfigurationError,
    NotDelivered,
    OutcomeUnknown,
    RateLimited,
    Rejected,
    VoiceCallClient,
    check_base_url,
    encode,
    endpoint_url,
)
from voicecall_desktop.core.models import CallSpec, SingleSendResponse, VoiceRequest
from voicecall_desktop.core.states import Outcome

KEY = "94670106-3242-43ff-96fa-475c7de2425c"
BASE = "http://127.0.0.1:1/"
URL = "http://127.0.0.1:1/Public/VoiceCall"
NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
MASK = "********-****-****-****-************"

Handler = Callable[[httpx.Request], httpx.Response]


def _request() -> VoiceRequest:
    spec, _ = CallSpec.from_input(
        destination="07700 900123",
        username="reception1",
        source="SurgeryA",
        site="site-5",
        day=date(2026, 12, 1),
        times=[time(9, 30)],
        now=NOW,
    )
    return spec.to_request(KEY, now=NOW)


def _raises(exc: Exception) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


def _answer(status: int, body: bytes | str = b"", **headers: str) -> Handler:
    content = body.encode() if isinstance(body, str) else body

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers=headers)

    return handler


def _json(status: int, data: object, **headers: str) -> Handler:
    return _answer(
        status, json.dumps(data), **{"content-type": "application/json; charset=utf-8"}, **headers
    )


def _send(handler: Handler, fmt: str = "json", base: str = BASE) -> Answer:
    with VoiceCallClient(base, transport=httpx.MockTransport(handler)) as client:
        return client.send(_request(), fmt)


HTML_PAGE = "<!DOCTYPE html><html><head><title>Error</title></head><body>Oops</body></html>"
ACCEPTED = {
    "StatusId": 1,
    "Status": "Queued",
    "Success": True,
    "Errors": {},
    "MessageId": 991,
    "Credits": 41,
}


@dataclass(frozen=True)
class Fault:
    name: str
    handler: Handler
    error: type[ApiError]
    outcome: Outcome
    says: tuple[str, ...] = ()
    status_code: int | None = None
    errors: dict[str, str] | None = None
    extra: dict[str, object] = field(default_factory=dict)


FAULTS = [
    Fault(
        "connect refused",
        _raises(httpx.ConnectError("[Errno 111] Connection refused")),
        NotDelivered,
        Outcome.NOT_DELIVERED,
        ("Could not connect", "Nothing was sent"),
    ),
    Fault(
        "dns",
        _raises(httpx.ConnectError("[Errno -2] Name or service not known")),
        NotDelivered,
        Outcome.NOT_DELIVERED,
        ("Could not find the PatientComms server", "DNS", "Nothing was sent"),
    ),
    Fault(
        "tls",
        _raises(
            httpx.ConnectError(
                "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                "unable to get local issuer certificate (_ssl.c:1006)"
            )
        ),
        NotDelivered,
        Outcome.NOT_DELIVERED,
        ("secure connection", "certificate", "Nothing was sent", "IT"),
    ),
    Fault(
        "connect timeout",
        _raises(httpx.ConnectTimeout("timed out")),
        NotDelivered,
        Outcome.NOT_DELIVERED,
        ("did not answer the connection in time", "Nothing was sent"),
    ),
    Fault(
        "pool timeout",
        _raises(httpx.PoolTimeout("timed out")),
        NotDelivered,
        Outcome.NOT_DELIVERED,
        ("Nothing was sent",),
    ),
    Fault(
        "proxy refused",
        _raises(httpx.ProxyError("407 Proxy Authentication Required")),
        NotDelivered,
        Outcome.NOT_DELIVERED,
        ("proxy", "Nothing was sent"),
    ),
    Fault(
        "read timeout",
        _raises(httpx.ReadTimeout("timed out")),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("did not answer in time", "may have been booked", "check before sending it again"),
    ),
    Fault(
        "write timeout",
        _raises(httpx.WriteTimeout("timed out")),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("may have been booked",),
    ),
    Fault(
        "remote protocol error",
        _raises(httpx.RemoteProtocolError("Server disconnected without sending a response.")),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("connection dropped", "may have been booked"),
    ),
    Fault(
        "read error",
        _raises(httpx.ReadError("[Errno 104] Connection reset by peer")),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("connection dropped", "may have been booked"),
    ),
    Fault(
        "200 success false",
        _json(
            200,
            {
                "StatusId": 4,
                "Status": "Failed",
                "Success": False,
                "Errors": {"Destination": "Number is barred"},
            },
        ),
        Rejected,
        Outcome.REJECTED,
        ("refused the call", "Destination: Number is barred"),
        status_code=200,
        errors={"Destination": "Number is barred"},
    ),
    Fault(
        "200 success false without errors",
        _json(200, {"Success": False, "Status": "Insufficient credits"}),
        Rejected,
        Outcome.REJECTED,
        ("refused the call", "Insufficient credits"),
        status_code=200,
        errors={},
    ),
    Fault(
        "200 no success field",
        _json(200, {"StatusId": 1, "Status": "Queued"}),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("without saying whether the call was booked",),
        status_code=200,
    ),
    Fault(
        "200 null success",
        _json(200, {"Success": None, "MessageId": 3}),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("without saying whether",),
        status_code=200,
    ),
    Fault(
        "200 empty body",
        _answer(200, b"", **{"content-type": "application/json"}),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("empty", "may have been booked"),
        status_code=200,
    ),
    Fault(
        "200 html",
        _answer(200, HTML_PAGE, **{"content-type": "text/html"}),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("web page", "may have been booked"),
        status_code=200,
    ),
    Fault(
        "200 truncated json",
        _answer(200, b'{"Success": tr', **{"content-type": "application/json"}),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("not valid JSON", "may have been booked"),
        status_code=200,
    ),
    Fault(
        "400 with errors",
        _json(400, {"Success": False, "Errors": {"Source": "must be 3 to 14 characters"}}),
        Rejected,
        Outcome.REJECTED,
        ("refused the call", "Source: must be 3 to 14 characters", "400"),
        status_code=400,
        errors={"Source": "must be 3 to 14 characters"},
    ),
    Fault(
        "400 model state",
        _json(
            400,
            {
                "Message": "The request is invalid.",
                "ModelState": {"request.Destination": ["The Destination field is required."]},
            },
        ),
        Rejected,
        Outcome.REJECTED,
        ("Destination: The Destination field is required.", "400"),
        status_code=400,
        errors={"Destination": "The Destination field is required."},
    ),
    Fault(
        "400 html",
        _answer(400, HTML_PAGE, **{"content-type": "text/html"}),
        Rejected,
        Outcome.REJECTED,
        ("400 Bad Request",),
        status_code=400,
        errors={"HTTP": "400 Bad Request"},
    ),
    Fault(
        "401",
        _json(401, {"Message": "Authorization has been denied for this request."}),
        Rejected,
        Outcome.REJECTED,
        ("API key or user name", "401", "Settings", "Nothing was booked"),
        status_code=401,
    ),
    Fault(
        "403",
        _answer(403, b""),
        Rejected,
        Outcome.REJECTED,
        ("API key or user name", "403", "Settings"),
        status_code=403,
        errors={"HTTP": "403 Forbidden"},
    ),
    Fault(
        "404",
        _answer(404, HTML_PAGE, **{"content-type": "text/html"}),
        Rejected,
        Outcome.REJECTED,
        ("not found", "404", "base URL"),
        status_code=404,
    ),
    Fault(
        "429 retry-after",
        _json(429, {"Message": "Too many requests"}, **{"retry-after": "120"}),
        RateLimited,
        Outcome.NOT_DELIVERED,
        ("busy", "120 seconds", "Nothing was booked", "queued"),
        status_code=429,
        extra={"retry_after": 120.0},
    ),
    Fault(
        "429 no retry-after",
        _answer(429, b""),
        RateLimited,
        Outcome.NOT_DELIVERED,
        ("busy", "Nothing was booked"),
        status_code=429,
        extra={"retry_after": None},
    ),
    Fault(
        "429 retry-after http date in the past",
        _answer(429, b"", **{"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        RateLimited,
        Outcome.NOT_DELIVERED,
        ("busy",),
        status_code=429,
        extra={"retry_after": 0.0},
    ),
    Fault(
        "429 retry-after nonsense",
        _answer(429, b"", **{"retry-after": "soon"}),
        RateLimited,
        Outcome.NOT_DELIVERED,
        ("busy",),
        status_code=429,
        extra={"retry_after": None},
    ),
    Fault(
        "500 html",
        _answer(500, HTML_PAGE, **{"content-type": "text/html"}),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("had an error", "500 Internal Server Error", "may have been booked"),
        status_code=500,
    ),
    Fault(
        "500 with success true body",
        _json(500, ACCEPTED),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("500",),
        status_code=500,
    ),
    Fault(
        "502",
        _answer(502, b"Bad Gateway", **{"content-type": "text/plain"}),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("502 Bad Gateway", "may have been booked"),
        status_code=502,
    ),
    Fault(
        "503",
        _answer(503, b"", **{"retry-after": "30"}),
        OutcomeUnknown,
        Outcome.UNKNOWN,
        ("503 Service Unavailable", "may have been booked"),
        status_code=503,
    ),
    Fault(
        "302 redirect",
        _answer(302, b"", location="https://login.example.com/"),
        Rejected,
        Outcome.REJECTED,
        ("302", "not a booking", "base URL"),
        status_code=302,
    ),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_fault_is_classified(fault: Fault, fmt: str) -> None:
    with pytest.raises(ApiError) as caught:
        _send(fault.handler, fmt)
    exc = caught.value
    assert type(exc) is fault.error
    assert exc.outcome is fault.outcome
    for phrase in fault.says:
        assert phrase in exc.message, (phrase, exc.message)
    _assert_plain_english(exc)
    assert exc.status_code == fault.status_code
    if fault.status_code is None:
        assert exc.response is None
    if fault.errors is not None:
        assert exc.response is not None
        assert exc.response.Errors == fault.errors
    for name, value in fault.extra.items():
        assert getattr(exc, name) == value


def _assert_plain_english(exc: ApiError) -> None:
    message = exc.message
    assert str(exc) == message
    assert message and message[0].isupper()
    assert "\n" not in message
    for technical in ("Traceback", 'File "', "httpx", "Exception", "Errno", "_ssl.c", "SSL:"):
        assert technical not in message, (technical, message)
    assert KEY not in message
    assert KEY not in repr(exc)


@pytest.mark.parametrize(
    "text",
    [
        "[Errno -2] Name or service not known",
        "[Errno 11001] getaddrinfo failed",
        "[Errno 8] nodename nor servname provided, or not known",
        "[Errno -3] Temporary failure in name resolution",
    ],
)
def test_dns_failures_say_the_server_could_not_be_found(text: str) -> None:
    with pytest.raises(NotDelivered) as caught:
        _send(_raises(httpx.ConnectError(text)))
    assert caught.value.message.startswith("Could not find the PatientComms server")


def test_transport_failures_hide_the_httpx_exception() -> None:
    with pytest.raises(NotDelivered) as caught:
        _send(_raises(httpx.ConnectError("boom")))
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ is True


def test_rate_limited_is_a_kind_of_not_delivered() -> None:
    with pytest.raises(NotDelivered) as caught:
        _send(_answer(429, b"", **{"retry-after": "5"}))
    assert isinstance(caught.value, RateLimited)
    assert caught.value.retry_after == 5.0


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_success_true_returns_the_answer(fmt: str) -> None:
    answer = _send(_json(200, ACCEPTED), fmt)
    assert isinstance(answer, Answer)
    assert answer.status_code == 200
    assert answer.response == SingleSendResponse.model_validate(ACCEPTED)
    assert answer.response.MessageId == 991
    assert json.loads(answer.body) == ACCEPTED
    assert KEY not in answer.request_body
    assert MASK in answer.request_body
    assert answer.request_body == encode(_request(), fmt).decode().replace(KEY, MASK)


def test_success_true_in_xml_returns_the_answer() -> None:
    body = (
        '<SingleSendResponse xmlns="http://schemas.datacontract.org/2004/07/'
        'PatientComms.API.Public.DTOs.Response"><Success xmlns="http://schemas.datacontract.org'
        '/2004/07/PatientComms.API.Public.DTOs">true</Success><MessageId>5</MessageId>'
        "</SingleSendResponse>"
    )
    answer = _send(_answer(200, body, **{"content-type": "application/xml"}), "xml")
    assert answer.response.Success is True
    assert answer.response.MessageId == 5


def test_201_with_success_true_is_accepted() -> None:
    assert _send(_json(201, ACCEPTED)).status_code == 201


def test_rejected_keeps_the_response_body() -> None:
    with pytest.raises(Rejected) as caught:
        _send(_json(200, {"Success": False, "Errors": {"a": "b"}}))
    assert caught.value.body is not None
    assert json.loads(caught.value.body)["Errors"] == {"a": "b"}


@dataclass
class Seen:
    requests: list[httpx.Request] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=ACCEPTED)


@pytest.mark.parametrize(
    ("fmt", "content_type"), [("json", "application/json"), ("xml", "application/xml")]
)
def test_request_headers_and_body_match_the_format(fmt: str, content_type: str) -> None:
    seen = Seen()
    _send(seen.handler, fmt)
    assert len(seen.requests) == 1
    sent = seen.requests[0]
    assert sent.method == "POST"
    assert str(sent.url) == URL
    assert sent.headers["Content-Type"] == content_type
    assert sent.headers["Accept"] == content_type
    assert sent.headers["User-Agent"].startswith("VoiceCallDesktop/")
    assert sent.content == encode(_request(), fmt)


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("http://127.0.0.1:1/", "http://127.0.0.1:1/Public/VoiceCall"),
        ("http://127.0.0.1:1", "http://127.0.0.1:1/Public/VoiceCall"),
        ("http://127.0.0.1:1//", "http://127.0.0.1:1/Public/VoiceCall"),
        ("http://localhost:8080/api/", "http://localhost:8080/api/Public/VoiceCall"),
        ("http://localhost:8080/api", "http://localhost:8080/api/Public/VoiceCall"),
    ],
)
def test_endpoint_has_exactly_one_slash(base: str, url: str) -> None:
    assert endpoint_url(base) == url
    seen = Seen()
    _send(seen.handler, base=base)
    assert str(seen.requests[0].url) == url


def test_default_base_url_endpoint() -> None:
    assert (
        endpoint_url("https://customerapi.patientcomms.co.uk/")
        == "https://customerapi.patientcomms.co.uk/Public/VoiceCall"
    )


def test_redirect_is_not_followed() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(307, headers={"location": "http://127.0.0.1:1/elsewhere"})

    with pytest.raises(Rejected):
        _send(handler)
    assert len(seen) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/",
        "http://customerapi.patientcomms.co.uk/",
        "http://127.0.0.1.example.com/",
        "http://localhost.example.com/",
        "http://127.0.0.1@example.com/",
        "http://10.0.0.5/",
    ],
)
def test_plain_http_off_loopback_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        check_base_url(url)
    if "@" in url:  # the part before "@" is never repeated
        assert "user name or password" in caught.value.message
        assert "127.0.0.1@" not in caught.value.message
    else:
        assert url in caught.value.message
        assert "https://" in caught.value.message
    assert "base URL" in caught.value.message
    assert caught.value.outcome is Outcome.NOT_DELIVERED
    with pytest.raises(ConfigurationError):
        VoiceCallClient(url, transport=httpx.MockTransport(Seen().handler))


@pytest.mark.parametrize("url", ["ftp://example.com/", "example.com", "https://", ""])
def test_not_a_web_address_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        check_base_url(url)
    assert "base URL" in caught.value.message


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8/",
        "http://localhost/",
        "http://LOCALHOST:9000",
        "http://127.0.0.2/",
        "http://[::1]:8080/",
        "https://customerapi.patientcomms.co.uk/",
        "https://example.com/",
    ],
)
def test_https_or_loopback_is_allowed(url: str) -> None:
    assert check_base_url(url) == url
    assert check_base_url(f"  {url}  ") == url


def test_api_key_echoed_by_the_server_is_not_in_the_message() -> None:
    handler = _json(
        400,
        {
            "Message": "The request is invalid.",
            "ModelState": {"request.APIKey": [f"The value '{KEY}' is not valid for APIKey."]},
        },
    )
    with pytest.raises(Rejected) as caught:
        _send(handler)
    assert KEY not in caught.value.message


def test_body_with_a_huge_number_is_outcome_unknown() -> None:
    body = b'{"Success": true, "MessageId": ' + b"9" * 5000 + b"}"
    with pytest.raises(OutcomeUnknown):
        _send(_answer(200, body, **{"content-type": "application/json"}))


def test_xml_with_unknown_encoding_is_outcome_unknown() -> None:
    body = b'<?xml version="1.0" encoding="x-nonsense"?><SingleSendResponse/>'
    with pytest.raises(OutcomeUnknown):
        _send(_answer(200, body, **{"content-type": "application/xml"}), "xml")


def test_oversized_body_is_outcome_unknown() -> None:
    from voicecall_desktop.api.body import MAX_BODY  # the limit the client reads up to

    body = b" " * (MAX_BODY + 1)
    with pytest.raises(OutcomeUnknown):
        _send(_answer(200, body, **{"content-type": "application/json"}))
