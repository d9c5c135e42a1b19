"""What the command line prints: messages to standard error, data to standard output."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, TextIO

from voicecall_desktop.core.states import Outcome

if TYPE_CHECKING:
    from voicecall_desktop.service import AttemptResult, CallRecord, FlushReport


def say(message: str, stream: TextIO | None = None) -> None:
    print(message, file=stream or sys.stderr)


def emit_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def shown(text: object) -> str:
    """Text from the server or a file as it may be printed: no control characters, one line."""
    from voicecall_desktop.core.untrusted import clean_text

    return clean_text("" if text is None else str(text))


def describe(record: CallRecord) -> str:
    """One line for a call: ``#12 Sent            07700 900123 on 01/12/2026 at 09:30``.

    Every text that came from outside (the server's Status, a number as typed in
    a file) is cleaned, so no escape sequence reaches the terminal and no newline
    forges a second line.
    """
    from voicecall_desktop.core.phone import format_destination
    from voicecall_desktop.core.schedule import fmt_date

    number = (
        format_destination(record.destination)
        if record.destination
        else shown(record.destination_text)
    )
    when = ""
    if record.day:
        when = " on " + fmt_date(record.day)
        if record.times:
            when += " at " + ", ".join(t.strftime("%H:%M") for t in record.times)
    line = f"#{record.id} {record.state.label:<15} {number}{when}"
    if record.status:
        line += f" · {shown(record.status)}"
    if record.message_id is not None:
        line += f" · message {record.message_id}"
    return line


def report_attempt(result: AttemptResult) -> None:
    record = result.record
    if result.outcome is Outcome.ACCEPTED:
        say(f"Booked: call #{record.id}, message {record.message_id}, credits {record.credits}.")
    elif result.outcome is Outcome.REJECTED:
        say(f"Rejected: call #{record.id}. {shown(result.message)}")
    elif result.outcome is Outcome.NOT_DELIVERED:
        say(f"Not sent: call #{record.id} is queued in the outbox. {shown(result.message)}")
    else:
        say(f"Outcome unknown: call #{record.id} is held for review. {shown(result.message)}")


def summarise_flush(report: FlushReport) -> int:
    """Tell the person what a flush did; its exit code."""
    if report.stopped:
        say(f"Stopped: {shown(report.stopped)}")
    say(
        f"Sent {report.count(Outcome.ACCEPTED)}, rejected {report.count(Outcome.REJECTED)}, "
        f"unknown {report.count(Outcome.UNKNOWN)}; {report.still_queued} still queued."
    )
    return report.exit_code
