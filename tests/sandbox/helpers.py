"""Helpers for the sandbox tests: the seed samples and a plain http.client client.

The seed samples are the vendor help page's, with ``Source`` shortened to 12 characters because
the page's own ``"sample string 4"`` (15) breaks its 3-14 rule.
"""

from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from voicecall_desktop.sandbox import Sandbox

KEY = "94670106-3242-43ff-96fa-475c7de2425c"
REQUEST_NS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Request"
RESPONSE_NS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Response"
DTOS_NS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs"
ARRAYS_NS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"

SAMPLE_JSON: dict[str, Any] = {
    "APIKey": KEY,
    "Username": "sample string 2",
    "Destination": 3,
    "Source": "sample str 4",
    "CustomerSiteId": "sample string 5",
    "RestrictSends": True,
    "Date": "2025-04-04T07:19:40.9303892+01:00",
    "Times": ["2025-04-04T07:19:40.9303892+01:00", "2025-04-04T07:19:40.9303892+01:00"],
}

SAMPLE_XML = (
    '<VoiceRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
    f'xmlns="{REQUEST_NS}"> '
    f'<APIKey xmlns="{DTOS_NS}">{KEY}</APIKey> '
    f'<Username xmlns="{DTOS_NS}">sample string 2</Username> '
    "<CustomerSiteId>sample string 5</CustomerSiteId> "
    "<Date>2025-04-04T07:19:40.9303892+01:00</Date> "
    "<Destination>3</Destination> "
    "<RestrictSends>true</RestrictSends> "
    "<Source>sample str 4</Source> "
    f'<Times xmlns:d2p1="{ARRAYS_NS}"> '
    "<d2p1:dateTime>2025-04-04T07:19:40.9303892+01:00</d2p1:dateTime> "
    "<d2p1:dateTime>2025-04-04T07:19:40.9303892+01:00</d2p1:dateTime> "
    "</Times> </VoiceRequest>"
)

SAMPLE_RESPONSE_XML = (
    '<SingleSendResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
    f'xmlns="{RESPONSE_NS}"> '
    f'<Errors xmlns:d2p1="{ARRAYS_NS}" xmlns="{DTOS_NS}"> '
    "<d2p1:KeyValueOfstringstring> <d2p1:Key>sample string 1</d2p1:Key> "
    "<d2p1:Value>sample string 2</d2p1:Value> </d2p1:KeyValueOfstringstring> "
    "<d2p1:KeyValueOfstringstring> <d2p1:Key>sample string 3</d2p1:Key> "
    "<d2p1:Value>sample string 4</d2p1:Value> </d2p1:KeyValueOfstringstring> </Errors> "
    f'<Status xmlns="{DTOS_NS}">sample string 2</Status> '
    f'<StatusId xmlns="{DTOS_NS}">1</StatusId> '
    f'<Success xmlns="{DTOS_NS}">true</Success> '
    "<Credits>1</Credits> <MessageId>1</MessageId> </SingleSendResponse>"
)


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def xml(self) -> ET.Element:
        return ET.fromstring(self.body)


class Client:
    """A minimal http.client client: one connection per request, always closed."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 5.0,
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.sandbox.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            conn.close()

    def post(
        self,
        body: bytes | str,
        content_type: str = "application/json",
        accept: str | None = "application/json",
        path: str = "/Public/VoiceCall",
        timeout: float = 5.0,
    ) -> Reply:
        headers = {"Content-Type": content_type}
        if accept is not None:
            headers["Accept"] = accept
        return self.request("POST", path, body, headers, timeout)

    def post_json(self, fields: dict[str, Any], accept: str | None = "application/json") -> Reply:
        return self.post(json.dumps(fields), "application/json", accept)

    def post_xml(self, text: str, accept: str | None = "application/xml") -> Reply:
        return self.post(text, "application/xml", accept)
