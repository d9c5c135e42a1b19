"""The selected call's details as HTML: a plain summary, then the technical details.

The summary says who, when, what happened and what to do, in a receptionist's
words (:mod:`voicecall_desktop.core.outcome_words`); the technical part (shown on
request) holds the vendor's own Status, the request and response and the audit
trail. No widget is needed; the API key in a stored request body is always masked.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Sequence
from datetime import datetime
from xml.dom import minidom
from xml.parsers.expat import ExpatError

from voicecall_desktop.core.outcome_words import refusal_reasons
from voicecall_desktop.core.schedule import LONDON
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import CallEvent, CallRecord
from voicecall_desktop.ui.calls.cells import (
    actor_text,
    booked_text,
    destination_text,
    number_text,
    result_words,
    sent_again,
    state_colour,
)
from voicecall_desktop.ui.common.formats import show_when

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


def reviewed_by(events: Sequence[CallEvent]) -> tuple[datetime, str] | None:
    """When, and by whom, an unknown call was last marked as reviewed."""
    found = None
    for event in events:
        if (
            event.to_state is CallState.UNKNOWN
            and event.from_state is CallState.UNKNOWN
            and event.note == "reviewed"
        ):
            found = (event.at, event.actor)
    return found


def person(actor: str) -> str:
    """``reception on PC-12`` for a person; the app itself for a sending process.

    A claim's actor is the process's lease token (host, process id, random hex):
    meaningless to a receptionist, so it is never shown.
    """
    if "@" in actor:
        return actor_text(actor)
    return "VoiceCall Desktop" if actor else "?"


def summary_html(record: CallRecord, events: Sequence[CallEvent] = ()) -> str:
    """The plain summary first: who, when, what happened, what to do (all values escaped)."""
    e = html.escape
    words = result_words(record)
    colour = state_colour(record.state).name()
    parts = [
        f"<h3 style='margin:0'><span style='color:{colour}'>{e(words.short)}</span>"
        f" · {e(destination_text(record))}</h3>",
    ]
    rows = [
        ("Who", e(destination_text(record))),
        ("When", e(_when_text(record))),
        ("What happened", e(words.summary)),
    ]
    review = reviewed_by(events) if record.state is CallState.UNKNOWN else None
    if record.state is CallState.UNKNOWN and review is None:
        rows.append(("Reviewed", "yes" if record.reviewed else "not yet"))
    reasons = refusal_reasons(record.errors) if record.state is CallState.REJECTED else []
    parts.append(_table(rows, pairs=1))
    if reasons:
        items = "".join(
            f"<li>{e(meaning)} <i>(PatientComms said “{e(said)}”)</i></li>"
            if meaning
            else f"<li>PatientComms said “{e(said)}”.</li>"
            for said, meaning in reasons
        )
        parts.append(f"<p style='margin-bottom:0'><b>Why</b></p><ul>{items}</ul>")
    if words.advice:
        parts.append(f"<p><b>What to do:</b> {e(words.advice)}</p>")
    if review is not None:
        at, actor = review
        parts.append(f"<p><b>Reviewed by {e(person(actor))} at {e(_local(at))}.</b></p>")
    again = [f"{_local(at)} by {person(actor)}" for at, actor in sent_again(events)]
    booked = [("Booked", e(booked_by_text(record)))]
    if again:
        booked.append(("Sent again", e("; ".join(again))))
    parts.append("<p style='margin-bottom:0'></p>" + _table(booked, pairs=1))
    return "".join(parts)


def _when_text(record: CallRecord) -> str:
    if record.day is None and not record.times:
        return "As soon as it is sent"
    return show_when(record.day, record.times)


def technical_html(record: CallRecord, events: Sequence[CallEvent] = ()) -> str:
    """For IT: the vendor's own answer, the request and response, the audit trail.

    The API key in a stored request body is masked again; a sending process's
    lease token is never shown.
    """
    e = html.escape
    parts = []
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
        ("Call", f"#{record.id}"),
        ("State", e(record.state.label)),
        ("Status (PatientComms)", e(status.strip())),
        ("Success", success or ""),
        ("Message ID", "" if record.message_id is None else str(record.message_id)),
        ("Credits left", e(number_text(record.credits))),
        ("Username", e(record.username)),
        ("Source", e(record.source)),
        ("Site", e(record.site)),
        ("Restrict sends", "yes" if record.restrict_sends else "no"),
        ("Attempts", str(record.attempts)),
        ("Last attempt", e(_local(record.attempt_at))),
        ("Answered", e(_local(record.answered_at))),
    ]
    if record.state is CallState.QUEUED and record.next_attempt_at:
        rows.append(("Next try", e(_local(record.next_attempt_at))))
    parts.append(_table(rows))
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
            f"<td>{e(person(ev.actor))}&nbsp;&nbsp;</td><td>{e(ev.note)}</td></tr>"
            for ev in events
        )
        parts.append(f"<h4>Audit trail</h4><table cellspacing='0' cellpadding='2'>{trail}</table>")
    return "".join(parts)


def detail_html(record: CallRecord, events: Sequence[CallEvent] = ()) -> str:
    """The summary and the technical details together (for a copy or a test)."""
    return summary_html(record, events) + technical_html(record, events)


def booked_by_text(record: CallRecord) -> str:
    """``29/11/2026 09:30 by reception on PC-12`` (who booked it, from which PC)."""
    text = f"{booked_text(record)} by {record.booked_by or '?'}"
    return text + (f" on {record.booked_on}" if record.booked_on else "")


def _move(source: CallState | None, target: CallState) -> str:
    return f"{source.label} → {target.label}" if source else target.label
