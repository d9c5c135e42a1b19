"""The selected call's details as HTML: request, response, errors and audit trail.

No widget is needed; the API key in a stored request body is always masked."""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Sequence
from datetime import datetime
from xml.dom import minidom
from xml.parsers.expat import ExpatError

from voicecall_desktop.core.schedule import LONDON
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import CallEvent, CallRecord
from voicecall_desktop.ui.calls.cells import (
    STATE_HINTS,
    actor_text,
    booked_text,
    destination_text,
    schedule_text,
    sent_again,
    state_colour,
)

log = logging.getLogger(__name__)


MASK = "********-****-****-****-************"


_KEY_JSON = re.compile(r'("APIKey"\s*:\s*")([^"]*)(")')
_KEY_XML = re.compile(r"(<(?:[\w.-]+:)?APIKey\b[^>]*>)([^<]*)(<)")


# -- the detail panel's text (no widget needed) ------------------------------


def mask_api_key(text: str) -> str:
    """Blank any APIKey value still in a body (they are stored masked; this is a second lock)."""
    text = _KEY_JSON.sub(lambda m: m.group(1) + MASK + m.group(3), text)
    return _KEY_XML.sub(lambda m: m.group(1) + MASK + m.group(3), text)


def pretty_body(text: str) -> str:
    """JSON or XML laid out one field a line; anything else as it came."""
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            return json.dumps(json.loads(stripped), indent=2, ensure_ascii=False)
        except ValueError:
            return text
    if stripped.startswith("<"):
        try:
            pretty = minidom.parseString(stripped.encode()).toprettyxml(indent="  ")
        except (ExpatError, ValueError):
            return text
        lines = [line for line in pretty.splitlines() if line.strip()]
        if lines and lines[0].startswith("<?xml") and not stripped.startswith("<?xml"):
            lines = lines[1:]
        return "\n".join(lines)
    return text


def _local(moment: datetime | str | None, seconds: bool = False) -> str:
    if not moment:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(LONDON).strftime("%d/%m/%Y %H:%M" + (":%S" if seconds else ""))


def _table(rows: Sequence[tuple[str, str]], pairs: int = 2) -> str:
    """Label/value pairs, ``pairs`` to a line (values are HTML already)."""
    cells = [f"<td><b>{html.escape(k)}</b></td><td>{v}&nbsp;&nbsp;</td>" for k, v in rows if v]
    lines = ("".join(cells[i : i + pairs]) for i in range(0, len(cells), pairs))
    return (
        "<table cellspacing='0' cellpadding='2'>"
        + "".join(f"<tr>{x}</tr>" for x in lines)
        + ("</table>")
    )


def _code(title: str, body: str, empty: str) -> str:
    shown = f"<p style='white-space:pre-wrap'><code>{html.escape(body)}</code></p>"
    return f"<h4>{html.escape(title)}</h4>" + (shown if body else f"<p><i>{empty}</i></p>")


def detail_html(record: CallRecord, events: Sequence[CallEvent] = ()) -> str:
    """Everything known about one call, as HTML for a QTextBrowser (all values escaped).

    What went wrong comes first (``Errors`` as a list, then the last error), then
    the call, the request and response side by side, and the audit trail.
    """
    e = html.escape
    colour = state_colour(record.state).name()
    parts = [
        f"<h3 style='margin:0'><span style='color:{colour}'>{e(record.state.label)}</span>"
        f" · {e(destination_text(record))}</h3>",
        f"<p style='margin-top:2px'>{e(STATE_HINTS[record.state])}</p>",
    ]
    if record.errors:
        items = "".join(f"<li><b>{e(k)}</b>: {e(v)}</li>" for k, v in record.errors.items())
        parts.append(f"<h4 style='margin-bottom:0'>Errors</h4><ul>{items}</ul>")
    if record.last_error:
        parts.append(f"<h4 style='margin-bottom:0'>Last error</h4><p>{e(record.last_error)}</p>")
    status = record.status or ""
    if record.status_id is not None:
        status += f" (StatusId {record.status_id})"
    success = None if record.success is None else ("yes" if record.success else "no")
    rows = [
        ("Date and times", e(schedule_text(record))),
        ("Call", f"#{record.id}"),
        ("Username", e(record.username)),
        ("Source", e(record.source)),
        ("Site", e(record.site)),
        ("Restrict sends", "yes" if record.restrict_sends else "no"),
        ("Booked", e(booked_by_text(record))),
        ("Attempts", str(record.attempts)),
        ("Last attempt", e(_local(record.attempt_at))),
        ("Answered", e(_local(record.answered_at))),
        ("Status", e(status.strip())),
        ("Success", success or ""),
        ("Message ID", "" if record.message_id is None else str(record.message_id)),
        ("Credits", "" if record.credits is None else str(record.credits)),
    ]
    for at, actor in sent_again(events):
        rows.append(("Sent again", e(f"{_local(at)} by {actor_text(actor) or '?'}")))
    if record.state is CallState.UNKNOWN:
        rows.append(("Reviewed", "yes" if record.reviewed else "not yet"))
    if record.state is CallState.QUEUED and record.next_attempt_at:
        rows.append(("Next try", e(_local(record.next_attempt_at))))
    parts.append("<h4 style='margin-bottom:0'>Booking</h4>" + _table(rows))
    fmt = f" ({record.request_format.upper()})" if record.request_format else ""
    request = pretty_body(mask_api_key(record.request_body)) if record.request_body else ""
    response = pretty_body(record.response_body) if record.response_body else ""
    parts.append(
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td width='50%'>{_code(f'Request{fmt}, API key hidden', request, 'Not sent yet.')}</td>"
        f"<td width='50%'>{_code('Response', response, 'No answer recorded.')}</td></tr></table>"
    )
    if events:
        trail = "".join(
            f"<tr><td>{e(_local(ev.at, seconds=True))}&nbsp;&nbsp;</td>"
            f"<td>{e(_move(ev.from_state, ev.to_state))}&nbsp;&nbsp;</td>"
            f"<td>{e(ev.actor)}&nbsp;&nbsp;</td><td>{e(ev.note)}</td></tr>"
            for ev in events
        )
        parts.append(f"<h4>Audit trail</h4><table cellspacing='0' cellpadding='2'>{trail}</table>")
    return "".join(parts)


def booked_by_text(record: CallRecord) -> str:
    """``29/11/2026 09:30 by reception on PC-12`` (who booked it, from which PC)."""
    text = f"{booked_text(record)} by {record.booked_by or '?'}"
    return text + (f" on {record.booked_on}" if record.booked_on else "")


def _move(source: CallState | None, target: CallState) -> str:
    return f"{source.label} → {target.label}" if source else target.label
