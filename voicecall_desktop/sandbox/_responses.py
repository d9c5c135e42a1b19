"""Answers the sandbox writes: SingleSendResponse (JSON or XML), ASP.NET errors and HTML pages.

The XML is written by hand rather than by ElementTree so that prefixes and namespace
declarations come out exactly as on the vendor's help page (``d2p1`` for the Arrays namespace,
the DTOs namespace re-declared on ``Errors``, ``Status``, ``StatusId`` and ``Success``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from ._codec import ARRAYS_NS, DTOS_NS, JSON_TYPES, RESPONSE_NS, XML_TYPES, XSI_NS, media_type

RESPONSE_TYPES = JSON_TYPES + XML_TYPES


@dataclass(frozen=True)
class Answer:
    """One HTTP answer; ``status`` None means: close the connection without answering."""

    status: int | None
    body: bytes = b""
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


def negotiate(accept: str | None, request_type: str | None) -> str:
    """Pick the answer's media type the way ASP.NET Web API does.

    The Accept header decides (literal types before ``type/*`` before ``*/*``, then by
    quality); without a usable Accept the request's own Content-Type decides; JSON otherwise.
    """
    best: tuple[float, int, int] | None = None
    chosen = ""
    for position, entry in enumerate((accept or "").split(",")):
        media, *params = (part.strip() for part in entry.split(";"))
        media = media.lower()
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media in RESPONSE_TYPES:
            candidate, rank = media, 3
        elif media in ("application/*", "text/*"):
            prefix = media[:-1]
            candidate, rank = next(t for t in RESPONSE_TYPES if t.startswith(prefix)), 2
        elif media == "*/*":
            candidate, rank = JSON_TYPES[0], 1
        else:
            continue
        score = (quality, rank, -position)
        if best is None or score > best:
            best, chosen = score, candidate
    if chosen:
        return chosen
    request_media, _ = media_type(request_type)
    return request_media if request_media in RESPONSE_TYPES else JSON_TYPES[0]


def is_xml(media: str) -> bool:
    return media in XML_TYPES


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8"


# -- SingleSendResponse ----------------------------------------------------------------------


def single_send(
    *,
    success: bool,
    status_id: int,
    status: str,
    errors: Mapping[str, str] | None = None,
    message_id: int | None = None,
    credits: int | None = None,
) -> dict[str, Any]:
    """A SingleSendResponse with its members in the help page's order."""
    return {
        "StatusId": status_id,
        "Status": status,
        "Success": success,
        "Errors": dict(errors or {}),
        "MessageId": message_id,
        "Credits": credits,
    }


def _xml_value(name: str, value: Any, ns: str | None = None) -> str:
    xmlns = f' xmlns="{ns}"' if ns else ""
    if value is None:
        return f'<{name} i:nil="true"{xmlns}/>'
    text = ("true" if value else "false") if isinstance(value, bool) else escape(str(value))
    return f"<{name}{xmlns}>{text}</{name}>"


def single_send_xml(response: Mapping[str, Any], *, unknown: bool = False) -> str:
    """The DataContract XML form of a SingleSendResponse.

    Args:
        response: The members, as built by `single_send`.
        unknown: Add elements and an attribute that no version of the contract knows, as a
            newer server might; a tolerant client ignores them.
    """
    errors = response.get("Errors")
    if errors is None:
        errors_xml = f'<Errors i:nil="true" xmlns="{DTOS_NS}"/>'
    else:
        items = "".join(
            "<d2p1:KeyValueOfstringstring>"
            f"<d2p1:Key>{escape(str(key))}</d2p1:Key>"
            f"<d2p1:Value>{escape(str(value))}</d2p1:Value>"
            "</d2p1:KeyValueOfstringstring>"
            for key, value in errors.items()
        )
        if unknown:
            items += "<d2p1:Severity>none</d2p1:Severity>"
        open_tag = f'<Errors xmlns:d2p1="{ARRAYS_NS}" xmlns="{DTOS_NS}"'
        errors_xml = f"{open_tag}>{items}</Errors>" if items else f"{open_tag}/>"
    parts = [
        errors_xml,
        _xml_value("Status", response.get("Status"), DTOS_NS),
        _xml_value("StatusId", response.get("StatusId"), DTOS_NS),
        _xml_value("Success", response.get("Success"), DTOS_NS),
        _xml_value("Credits", response.get("Credits")),
        _xml_value("MessageId", response.get("MessageId")),
    ]
    extra_attribute = ""
    if unknown:
        parts.insert(0, '<Region xmlns="urn:patientcomms:future">eu-west-2</Region>')
        parts.insert(4, "<Channel>voice</Channel>")
        parts.append('<Diagnostics><TraceId>7f0c2a9e</TraceId><Node i:nil="true"/></Diagnostics>')
        extra_attribute = ' ApiVersion="2"'
    return (
        f'<SingleSendResponse xmlns:i="{XSI_NS}" xmlns="{RESPONSE_NS}"{extra_attribute}>'
        + "".join(parts)
        + "</SingleSendResponse>"
    )


def encode_single_send(
    response: Mapping[str, Any], media: str, *, unknown: bool = False, padding: int = 0
) -> bytes:
    """A SingleSendResponse as the bytes of a `media` body.

    Args:
        response: The members, as built by `single_send`.
        media: The negotiated media type.
        unknown: See `single_send_xml` (XML only).
        padding: Length of a giant extra ``Padding`` member to add (JSON only).
    """
    if is_xml(media):
        return single_send_xml(response, unknown=unknown).encode("utf-8")
    data = dict(response)
    if padding:
        data["Padding"] = "x" * padding
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- ASP.NET HttpError and HTML pages -----------------------------------------------------------


def http_error(
    message: str, media: str, model_state: Mapping[str, list[str]] | None = None
) -> bytes:
    """An ASP.NET Web API ``HttpError`` body: ``{"Message": ..., "ModelState": {...}}``."""
    if is_xml(media):
        state = ""
        if model_state is not None:
            state = (
                "<ModelState>"
                + "".join(
                    f"<{key}>{escape(' '.join(values))}</{key}>"
                    for key, values in model_state.items()
                )
                + "</ModelState>"
            )
        return f"<Error><Message>{escape(message)}</Message>{state}</Error>".encode()
    data: dict[str, Any] = {"Message": message}
    if model_state is not None:
        data["ModelState"] = {key: list(values) for key, values in model_state.items()}
    return json.dumps(data, separators=(",", ":")).encode("utf-8")


def html_page(status: int, title: str, text: str) -> bytes:
    """A small IIS-style HTML error page."""
    return (
        "<!DOCTYPE html>\r\n<html><head>"
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>'
        f"<title>{status} - {escape(title)}</title></head>"
        f'<body><div id="header"><h1>Server Error</h1></div><div id="content">'
        f"<h2>{status} - {escape(title)}</h2><h3>{escape(text)}</h3></div></body></html>\r\n"
    ).encode()


HTML = "text/html; charset=utf-8"

_HTML_STATUSES = {
    500: ("Internal server error.", "There is a problem with the resource you are looking for."),
    502: (
        "Web server received an invalid response while acting as a gateway or proxy server.",
        "There is a problem with the page you are looking for.",
    ),
    503: ("Service Unavailable", "The service is unavailable."),
    504: ("Gateway Timeout", "The server did not respond in time."),
}

_MESSAGES = {
    401: "Authorization has been denied for this request.",
    403: "Access to this resource is forbidden for this API key.",
    404: "No HTTP resource was found that matches the request URI.",
    405: "The requested resource does not support this HTTP method.",
    408: "The request timed out.",
    409: "The request conflicts with another request.",
    413: "The request entity is too large.",
    429: "Too many requests. Please retry after 5 seconds.",
}


def status_answer(status: int, media: str) -> Answer:
    """The plausible answer of a server that fails with `status` (the ``status`` mode)."""
    if status in _HTML_STATUSES or status >= 500:
        title, text = _HTML_STATUSES.get(status, ("Server Error", "The server failed."))
        headers: tuple[tuple[str, str], ...] = (("Retry-After", "30"),) if status == 503 else ()
        return Answer(status, html_page(status, title, text), HTML, headers)
    if status == 400:
        state = {"request.Destination": ["The Destination field is required."]}
        body = http_error("The request is invalid.", media, state)
        return Answer(status, body, content_type(media))
    message = _MESSAGES.get(status, f"The request failed with status {status}.")
    headers = (("Retry-After", "5"),) if status == 429 else ()
    if status == 405:
        headers = (("Allow", "POST"),)
    return Answer(status, http_error(message, media), content_type(media), headers)
