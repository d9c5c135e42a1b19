"""Helpers for the sandbox tests: the seed samples and a plain http.client client.

The seed samples are the vendor help page's, with ``Source`` shortened to 12 characters because
the page's own ``"sample string 4"`` (15) breaks its 3-14 rule.
"""

from __future__ import annotations

import http.client
import json
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import pytest

from tests.kit import fixture_text
from voicecall_desktop.sandbox import Sandbox

KEY = "94670106-3242-43ff-96fa-475c7de2425c"
REQUEST_NS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Request"
RESPONSE_NS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Response"
DTOS_NS = "http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs"
ARRAYS_NS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"

# The vendor help page's samples, kept as files in tests/fixtures/api/.
SAMPLE_JSON: dict[str, Any] = json.loads(fixture_text("api/voice_request.json"))
SAMPLE_XML = fixture_text("api/voice_request.xml").strip()
SAMPLE_RESPONSE_XML = fixture_text("api/single_send_response.xml").strip()


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


needs_sigint = pytest.mark.skipif(
    sys.platform == "win32", reason="SIGINT cannot be sent to a child this way"
)


def serve_script(*prelude: str, mode: str | None = None) -> str:
    """Python source for a child: ``serve`` on a free port, print it, then ``stopped`` at SIGINT."""
    options = "port=0, " if mode is None else f"port=0, mode={mode!r}, "
    return "".join(line + "\n" for line in prelude) + (
        "from voicecall_desktop.sandbox import serve\n"
        f"serve({options}ready=lambda port: print(port, flush=True))\n"
        "print('stopped', flush=True)\n"
    )
