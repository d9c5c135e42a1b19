"""A loopback imitation of the PatientComms ``POST /Public/VoiceCall`` API.

Used by training mode (``voicecall-desktop --demo``, ``voicecall sandbox``) and by tests. It
uses only the standard library and shares no code with ``voicecall_desktop.core``: it checks
requests on its own, so a client bug shows up as a rejection, as it would against the real API.

    with Sandbox() as sandbox:          # 127.0.0.1, a free port
        ...  # point the client at sandbox.url
        assert sandbox.received[-1]["body"]["Destination"] == 447700900123

The endpoint reads JSON (``application/json``, ``text/json``) or DataContract XML
(``application/xml``, ``text/xml``); any other Content-Type gets 415. It answers in the format
the Accept header asks for (then the request's own format, then JSON), as ASP.NET Web API does.
A valid call spends one credit and gets ``200`` with ``Success: true``, ``Status: "Queued"`` and
a new ``MessageId``; a bad field gets ``400`` with ``Errors`` naming every bad field; a body that
cannot be read gets ``400`` with an ``Errors["request"]`` entry; a wrong key, when the sandbox
was given one, gets ``401``; no credit left gets ``200`` with ``Success: false``.

Modes (`Sandbox.set_mode`, ``serve(mode=...)`` or ``POST /_sandbox/mode``). Each applies to
the next ``times`` requests to the endpoint (or until changed), then the sandbox returns to
``ok``; ``delay`` seconds are waited before any answer:

==============  ================================================================================
``ok``          answer as the real API does
``reject``      200, ``Success: false``, ``Errors: {"Destination": "Number is barred"}``;
                nothing is booked
``slow``        ``ok``, after ``delay`` seconds (the call is booked and recorded at once)
``drop``        book the call, then reset the connection without any answer (SO_LINGER 0)
``html500``     500 with an IIS-style HTML page; nothing is booked
``status``      the given HTTP ``status`` (400-599) with a plausible body: ASP.NET's ModelState
                shape for 400, ``Retry-After: 5`` with 429, HTML pages for 5xx; nothing booked
``empty``       book the call, answer 200 with an empty body
``truncated``   book the call, answer 200 ``application/json`` with the first half of the body
                (a complete HTTP message whose JSON is cut off)
``unknown_xml`` answer as ``ok`` but always in XML, with elements and an attribute the contract
                does not know
``huge``        answer as ``ok`` in JSON, with a ~5 MB extra ``Padding`` member
==============  ================================================================================

Control API, on the same server, for other processes:

- ``POST /_sandbox/mode`` ``{"mode": "...", "times": N, "delay": S, "status": C}`` → 204
  (400 with ``{"error": ...}`` if a setting is wrong);
- ``GET /_sandbox/calls`` → the JSON list `Sandbox.received`;
- ``GET /_sandbox/state`` → ``{"mode", "times", "delay", "status", "credits", "calls"}``;
- ``POST /_sandbox/reset`` → 204: forgets the calls received and returns to ``ok``.

Every answer is HTTP/1.1 with ``Connection: close``. Nothing is logged to stderr: request lines
go to the ``voicecall_desktop.sandbox`` loggers at DEBUG. The API key is never kept: it is
masked as ``***`` in everything recorded.
"""

from __future__ import annotations

import logging

from ._server import PortInUse, Sandbox, serve
from ._state import MODES

# A library's loggers stay silent unless the application configures logging.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["MODES", "PortInUse", "Sandbox", "serve"]
