"""``POST /Public/VoiceCall``: from a request's body and headers to the sandbox's answer.

Nothing here touches a socket, so the whole behaviour of the endpoint, modes included, is
decided in one place and the handler only reads and writes bytes.
"""

from __future__ import annotations

from typing import Any

from ._codec import BodyError, body_format, mask_raw, mask_value, media_type, parse_json, parse_xml
from ._responses import (
    HTML,
    Answer,
    content_type,
    encode_single_send,
    html_page,
    http_error,
    is_xml,
    negotiate,
    single_send,
    status_answer,
)
from ._state import Mode, State
from ._validate import validate

HUGE_PADDING = 5 * 1024 * 1024
_JSON = "application/json"
_XML = "application/xml"


def voice_call(
    state: State, body: bytes, request_type: str | None, accept: str | None
) -> tuple[Answer, float]:
    """Answer one fully read request to the endpoint and record it as received.

    Args:
        state: The sandbox's shared state; one credit is spent on a valid call.
        body: The request body.
        request_type: The request's Content-Type header.
        accept: The request's Accept header.

    Returns:
        The answer, and how many seconds to wait before sending it.
    """
    mode = state.take_mode()
    fmt = body_format(request_type)
    media = negotiate(accept, request_type)
    _, charset = media_type(request_type)

    fields: dict[str, Any] | None = None
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    body_error: str | None = None
    if fmt is not None:
        try:
            fields, errors = parse_json(body, charset) if fmt == "json" else parse_xml(body)
        except BodyError as exc:
            body_error = str(exc)
        else:
            values, field_errors = validate(fields, xml=fmt == "xml")
            for name, message in field_errors.items():
                errors.setdefault(name, message)

    answer = _answer(state, mode, fmt, media, request_type, fields, errors, body_error)
    sent_key = (fields or {}).get("APIKey")
    secrets = [key for key in (sent_key, state.api_key) if isinstance(key, str) and key]
    state.record(
        {
            "format": fmt,
            "body": mask_value(values, secrets),
            "raw": mask_raw(_raw_text(body, charset), secrets),
            "outcome": mode.name,
            "http_status": answer.status,
        }
    )
    return answer, mode.delay


def _raw_text(body: bytes, charset: str | None) -> str:
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _answer(
    state: State,
    mode: Mode,
    fmt: str | None,
    media: str,
    request_type: str | None,
    fields: dict[str, Any] | None,
    errors: dict[str, str],
    body_error: str | None,
) -> Answer:
    if mode.name == "html500":
        page = html_page(500, "Internal server error.", "There is a problem with the resource.")
        return Answer(500, page, HTML)
    if mode.name == "status":
        return status_answer(mode.status or 500, media)
    if mode.name == "reject":
        response = single_send(
            success=False,
            status_id=0,
            status="Rejected",
            errors={"Destination": "Number is barred"},
            credits=state.credits,
        )
        return Answer(200, encode_single_send(response, media), content_type(media))

    status, processed = _process(state, fmt, request_type, fields, errors, body_error)
    if mode.name == "drop":
        return Answer(None)
    if mode.name == "empty":
        return Answer(200, b"", content_type(media))
    if processed is None:  # not a SingleSendResponse: an unsupported media type
        message = f"The request entity's media type '{media_type(request_type)[0]}' is not "
        body = http_error(message + "supported for this resource.", media)
        if mode.name == "truncated":
            return Answer(200, body[: len(body) // 2], content_type(_JSON))
        return Answer(status, body, content_type(media))
    if mode.name == "truncated":
        whole = encode_single_send(processed, _JSON)
        return Answer(200, whole[: len(whole) // 2], content_type(_JSON))
    if mode.name == "unknown_xml":
        xml_media = media if is_xml(media) else _XML
        body = encode_single_send(processed, xml_media, unknown=True)
        return Answer(status, body, content_type(xml_media))
    if mode.name == "huge":
        body = encode_single_send(processed, _JSON, padding=HUGE_PADDING)
        return Answer(status, body, content_type(_JSON))
    return Answer(status, encode_single_send(processed, media), content_type(media))


def _process(
    state: State,
    fmt: str | None,
    request_type: str | None,
    fields: dict[str, Any] | None,
    errors: dict[str, str],
    body_error: str | None,
) -> tuple[int, dict[str, Any] | None]:
    """What the real API does with the request: check it, then book the call.

    Returns:
        The HTTP status and the SingleSendResponse, or None for an unsupported media type.
    """
    if fmt is None:
        return 415, None
    if fields is None:
        return 400, _invalid(state, {"request": body_error or "The request body is empty."})
    if errors:
        return 400, _invalid(state, errors)
    key = str(fields.get("APIKey", "")).strip().lower()
    if state.api_key is not None and key != state.api_key:
        response = single_send(
            success=False,
            status_id=0,
            status="Unauthorised",
            errors={"APIKey": "The API key is not recognised."},
            credits=state.credits,
        )
        return 401, response
    booked = state.book()
    if booked is None:
        response = single_send(
            success=False,
            status_id=0,
            status="Insufficient credits",
            errors={"Credits": "Insufficient credits"},
            credits=0,
        )
        return 200, response
    message_id, credits = booked
    response = single_send(
        success=True,
        status_id=1,
        status="Queued",
        errors={},
        message_id=message_id,
        credits=credits,
    )
    return 200, response


def _invalid(state: State, errors: dict[str, str]) -> dict[str, Any]:
    return single_send(
        success=False, status_id=0, status="Invalid request", errors=errors, credits=state.credits
    )
