"""Request bodies (JSON and DataContract XML) and response decoding.

Encoders reproduce the vendor's seed samples element for element. Decoders
take any bytes and either return a :class:`SingleSendResponse` or raise
:class:`Unreadable`; nothing else escapes them.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET
from xml.parsers import expat
from xml.sax.saxutils import escape

from pydantic import ValidationError

from voicecall_desktop.api.masking import MASK
from voicecall_desktop.core.models import SingleSendResponse, VoiceRequest

NS_REQUEST = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Request"
NS_DTOS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs"
NS_ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
NS_INSTANCE = "http://www.w3.org/2001/XMLSchema-instance"

CONTENT_TYPES = {"json": "application/json", "xml": "application/xml"}


class Unreadable(ValueError):
    """The body is not a response we can read."""


def encode_json(request: VoiceRequest) -> bytes:
    return json.dumps(request.wire_fields(), ensure_ascii=False, separators=(",", ":")).encode()


def encode_xml(request: VoiceRequest) -> bytes:
    """DataContract XML: APIKey/Username in the DTOs namespace, the rest alphabetical."""
    fields = request.wire_fields()
    parts = [f'<VoiceRequest xmlns:i="{NS_INSTANCE}" xmlns="{NS_REQUEST}">']
    for name in ("APIKey", "Username"):
        parts.append(f'<{name} xmlns="{NS_DTOS}">{escape(str(fields[name]))}</{name}>')
    for name in ("CustomerSiteId", "Date", "Destination", "RestrictSends", "Source", "Times"):
        if name not in fields:
            continue
        value = fields[name]
        if name == "Times":
            items = "".join(f"<d2p1:dateTime>{escape(t)}</d2p1:dateTime>" for t in value)
            parts.append(f'<Times xmlns:d2p1="{NS_ARRAYS}">{items}</Times>')
        elif isinstance(value, bool):
            parts.append(f"<{name}>{'true' if value else 'false'}</{name}>")
        else:
            parts.append(f"<{name}>{escape(str(value))}</{name}>")
    parts.append("</VoiceRequest>")
    return "".join(parts).encode()


def encode(request: VoiceRequest, fmt: str) -> bytes:
    return encode_xml(request) if fmt == "xml" else encode_json(request)


def mask_key(body: bytes | str, request: VoiceRequest) -> str:
    """The body as text with the API key blanked, for the record and the preview."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return text.replace(str(request.APIKey), MASK)


# -- responses -------------------------------------------------------------


def _from_modelstate(data: dict[str, Any]) -> SingleSendResponse:
    """ASP.NET's ``{"Message": ..., "ModelState": {"request.Destination": [...]}}``."""
    errors: dict[str, str] = {}
    state = data.get("ModelState")
    if isinstance(state, dict):
        for key, messages in state.items():
            field = str(key).split(".")[-1] or str(key)
            if isinstance(messages, list):
                text = " ".join(str(m) for m in messages if m is not None)
            else:
                text = str(messages)
            errors[field] = text
    message = data.get("Message")
    if not errors and message:
        errors["Message"] = str(message)
    return SingleSendResponse(
        Success=False, Status=str(message) if message else None, Errors=errors
    )


def _lenient(data: dict[str, Any]) -> SingleSendResponse:
    """Keep what can be read: a field of the wrong type is dropped, not fatal."""
    try:
        return SingleSendResponse.model_validate(data)
    except ValidationError as exc:
        bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
        kept = {k: v for k, v in data.items() if k not in bad}
        return SingleSendResponse.model_validate(kept)


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # {"Success": false, "Success": true}: which one the server meant is anyone's guess.
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _DuplicateKey
    return data


def _check_success(value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise Unreadable("the answer's Success is neither true nor false")


def decode_json(body: bytes) -> SingleSendResponse:
    try:
        data = json.loads(body.decode("utf-8-sig"), object_pairs_hook=_no_duplicates)
    except _DuplicateKey:
        raise Unreadable("the answer names the same field twice") from None
    except (ValueError, RecursionError):  # JSONDecodeError, bad UTF-8, a 5000-digit number
        raise Unreadable("the answer is not valid JSON") from None
    if not isinstance(data, dict):
        raise Unreadable("the answer is JSON but not an object")
    _check_success(data.get("Success"))
    if "ModelState" in data and "Success" not in data:
        return _from_modelstate(data)
    if not any(k in data for k in SingleSendResponse.model_fields):
        if "Message" in data:
            return _from_modelstate(data)
        raise Unreadable("the answer has none of the expected fields")
    return _lenient(data)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _DocumentType(Exception):
    pass


def _refuse_doctype(*_: object) -> None:
    raise _DocumentType


def _check_no_doctype(body: bytes) -> None:
    """Refuse DTDs and entities inside the parser, whatever the body's encoding."""
    probe = expat.ParserCreate()
    probe.StartDoctypeDeclHandler = _refuse_doctype
    probe.EntityDeclHandler = _refuse_doctype
    try:
        probe.Parse(body, True)
    except _DocumentType:
        raise Unreadable("the answer is XML with a document type, which is not expected") from None
    except (expat.ExpatError, ValueError, LookupError, RecursionError):
        raise Unreadable("the answer is not valid XML") from None


def decode_xml(body: bytes) -> SingleSendResponse:
    _check_no_doctype(body)
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, ValueError, LookupError, RecursionError):
        raise Unreadable("the answer is not valid XML") from None
    if _local(root.tag) not in ("SingleSendResponse", "Error"):
        raise Unreadable(f"the answer is XML but not a SingleSendResponse ({_local(root.tag)})")
    data: dict[str, Any] = {}
    seen: set[str] = set()
    for child in root:
        name = _local(child.tag)
        if name in seen and name in SingleSendResponse.model_fields:
            raise Unreadable("the answer names the same field twice")
        seen.add(name)
        nil = child.get(f"{{{NS_INSTANCE}}}nil") == "true"
        if name == "Errors":
            errors: dict[str, str] = {}
            for item in child:
                key = value = ""
                for part in item:
                    if _local(part.tag) == "Key":
                        key = part.text or ""
                    elif _local(part.tag) == "Value":
                        value = part.text or ""
                if key or value:
                    errors[key] = value
            data["Errors"] = errors
        elif name in SingleSendResponse.model_fields:
            text = (child.text or "").strip()
            data[name] = None if nil or text == "" else text
        elif name == "Message":
            data.setdefault("Status", (child.text or "").strip())
        elif name == "ModelState":  # ASP.NET's validation answer, as XML
            state = {
                _local(item.tag).split(".")[-1]: (item.text or "").strip()
                for item in child
                if (item.text or "").strip()
            }
            if state:
                data["Errors"] = state
                data.setdefault("Success", "false")
    if not data:
        raise Unreadable("the XML answer has none of the expected fields")
    if isinstance(data.get("Success"), str):
        # xsd:boolean: "true", "false", "1" or "0", nothing else.
        flag = _XSD_BOOLEAN.get(data["Success"])
        if flag is None:
            raise Unreadable("the answer's Success is neither true nor false")
        data["Success"] = flag
    return _lenient(data)


_XSD_BOOLEAN = {"true": True, "false": False, "1": True, "0": False}


def decode(body: bytes, content_type: str | None) -> SingleSendResponse:
    """Decode a response by its Content-Type, sniffing when that is missing or wrong."""
    if not body.strip():
        raise Unreadable("the answer was empty")
    kind = (content_type or "").lower()
    head = body.lstrip()[:1]
    if "html" in kind or body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise Unreadable("the answer was a web page, not an API response")
    if "json" in kind or head in (b"{", b"["):
        return decode_json(body)
    if "xml" in kind or head == b"<":
        return decode_xml(body)
    raise Unreadable(f"the answer has an unexpected type ({content_type or 'none'})")
