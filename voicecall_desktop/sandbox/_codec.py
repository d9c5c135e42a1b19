"""Reading VoiceRequest bodies (JSON or DataContract XML) and masking the API key in them.

The XML reader follows the DataContract serializer: the root must be ``VoiceRequest`` in the
Request namespace, ``APIKey`` and ``Username`` belong to the base DTOs namespace, the other
members to the Request namespace, and members must come in DataContract order (base members
first, then alphabetical). Unknown elements are skipped, as the serializer skips them. Where the
real serializer would silently ignore a known member in the wrong namespace or out of order,
the sandbox names it in an error instead, because that is exactly the client bug it is here
to catch.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

REQUEST_NS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Request"
RESPONSE_NS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Response"
DTOS_NS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs"
ARRAYS_NS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

JSON_TYPES = ("application/json", "text/json")
XML_TYPES = ("application/xml", "text/xml")

#: The members of VoiceRequest in DataContract order, with their namespaces.
MEMBER_ORDER: tuple[tuple[str, str], ...] = (
    (DTOS_NS, "APIKey"),
    (DTOS_NS, "Username"),
    (REQUEST_NS, "CustomerSiteId"),
    (REQUEST_NS, "Date"),
    (REQUEST_NS, "Destination"),
    (REQUEST_NS, "RestrictSends"),
    (REQUEST_NS, "Source"),
    (REQUEST_NS, "Times"),
)
_MEMBER_INDEX = {member: index for index, member in enumerate(MEMBER_ORDER)}
_MEMBER_NS = {name: ns for ns, name in MEMBER_ORDER}
_ORDER_TEXT = ", ".join(name for _, name in MEMBER_ORDER)
MASK = "***"


class BodyError(ValueError):
    """The body cannot be read as a VoiceRequest at all (answered with 400)."""


def media_type(header: str | None) -> tuple[str, str | None]:
    """Split a Content-Type header into its lower-case media type and its charset."""
    if not header:
        return "", None
    parts = header.split(";")
    charset = None
    for param in parts[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"') or None
    return parts[0].strip().lower(), charset


def body_format(content_type: str | None) -> str | None:
    """``"json"``, ``"xml"``, or None for a media type the API does not read."""
    media, _ = media_type(content_type)
    if media in JSON_TYPES:
        return "json"
    if media in XML_TYPES:
        return "xml"
    return None


def decode_text(body: bytes, charset: str | None) -> str:
    """The body as text, in its declared charset (UTF-8 by default, BOM allowed)."""
    encoding = (charset or "utf-8").lower()
    if encoding in ("utf-8", "utf8"):
        encoding = "utf-8-sig"
    try:
        return body.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise BodyError(f"The request body is not valid {charset or 'UTF-8'} text.") from exc


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def parse_json(body: bytes, charset: str | None) -> tuple[dict[str, Any], dict[str, str]]:
    """Decode a JSON VoiceRequest.

    Returns:
        The members as decoded (names exactly as sent) and no structural errors.

    Raises:
        BodyError: if the body is empty, not JSON, or not a JSON object.
    """
    text = decode_text(body, charset)
    if not text.strip():
        raise BodyError("The request body is empty.")
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise BodyError(f"The request body is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise BodyError("The request body must be a JSON object.")
    return value, {}


def _split_tag(tag: Any) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _is_nil(element: ET.Element) -> bool:
    return element.get(f"{{{XSI_NS}}}nil", "").strip() in ("true", "1")


def _scalar(element: ET.Element, name: str, errors: dict[str, str]) -> str | None:
    if _is_nil(element):
        return None
    if len(element):
        errors.setdefault(name, f"The {name} element must contain text only.")
    return "".join(element.itertext())


def _times(element: ET.Element, errors: dict[str, str]) -> list[Any] | None:
    if _is_nil(element):
        return None
    items: list[Any] = []
    for item in element:
        if item.tag != f"{{{ARRAYS_NS}}}dateTime":
            ns, local = _split_tag(item.tag)
            errors.setdefault(
                "Times",
                f"Times items must be 'dateTime' elements in namespace '{ARRAYS_NS}'; "
                f"found '{local}' in namespace '{ns}'.",
            )
            continue
        items.append(None if _is_nil(item) else "".join(item.itertext()))
    return items


def parse_xml(body: bytes) -> tuple[dict[str, Any], dict[str, str]]:
    """Decode a DataContract XML VoiceRequest.

    Returns:
        The members read (texts; None for ``i:nil``; a list of texts for ``Times``) and the
        structural errors (a member in the wrong namespace, repeated or out of order).

    Raises:
        BodyError: if the body is not XML or its root is not a VoiceRequest.
    """
    if not body.strip():
        raise BodyError("The request body is empty.")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise BodyError(f"The request body is not well-formed XML: {exc}") from None
    ns, local = _split_tag(root.tag)
    if (ns, local) != (REQUEST_NS, "VoiceRequest"):
        raise BodyError(
            f"Expecting element 'VoiceRequest' from namespace '{REQUEST_NS}'. "
            f"Encountered element '{local}' from namespace '{ns}'."
        )
    fields: dict[str, Any] = {}
    errors: dict[str, str] = {}
    last = -1
    for child in root:
        ns, local = _split_tag(child.tag)
        index = _MEMBER_INDEX.get((ns, local))
        if index is None:
            if local in _MEMBER_NS:
                errors.setdefault(
                    local,
                    f"The {local} element must be in namespace '{_MEMBER_NS[local]}', not '{ns}'.",
                )
            continue
        if index <= last:
            errors.setdefault(
                local,
                f"The {local} element is repeated or out of order; "
                f"DataContract order is {_ORDER_TEXT}.",
            )
            continue
        last = index
        fields[local] = _times(child, errors) if local == "Times" else _scalar(child, local, errors)
    return fields, errors


# -- masking -------------------------------------------------------------------------------

_JSON_KEY = re.compile(r'("apikey"\s*:\s*)"(?:[^"\\]|\\.)*"', re.I)
_XML_KEY = re.compile(
    r"(<(?:[\w.-]+:)?apikey\b[^>]*>)(.*?)(</(?:[\w.-]+:)?apikey\s*>)", re.I | re.S
)


def _mask_secrets(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        # Very short values cannot be keys; masking them would garble the text for nothing.
        if len(secret) >= 8:
            text = re.sub(re.escape(secret), MASK, text, flags=re.I)
    return text


def mask_value(value: Any, secrets: list[str]) -> Any:
    """A copy of decoded `value` with API keys masked as ``***``.

    Members named APIKey (in any case) are masked whatever their value, and each of `secrets`
    is masked wherever it appears in a string, in case a key was put in the wrong field.
    """
    if isinstance(value, str):
        return _mask_secrets(value, secrets)
    if isinstance(value, list):
        return [mask_value(item, secrets) for item in value]
    if isinstance(value, dict):
        return {
            name: MASK
            if str(name).lower() == "apikey" and item is not None
            else mask_value(item, secrets)
            for name, item in value.items()
        }
    return value


def mask_raw(raw: str, secrets: list[str]) -> str:
    """`raw` with every API key value masked: members named APIKey, and each of `secrets`."""
    raw = _JSON_KEY.sub(rf'\1"{MASK}"', raw)
    raw = _XML_KEY.sub(rf"\1{MASK}\3", raw)
    return _mask_secrets(raw, secrets)
