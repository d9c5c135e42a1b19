"""The call history as a CSV file that Excel opens cleanly; no widget needed."""

from __future__ import annotations

import csv
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from voicecall_desktop.core.csv_safe import safe_row
from voicecall_desktop.core.schedule import fmt_date
from voicecall_desktop.service import CallRecord
from voicecall_desktop.ui.calls.cells import (
    EventsOf,
    booked_text,
    destination_text,
    result_words,
    sent_again_text,
    times_text,
)

log = logging.getLogger(__name__)


CSV_HEADER = (
    "Call ID",
    "Booked at",
    "Destination",
    "Date",
    "Times",
    "Result",
    "State",
    "Status",
    "Message ID",
    "Credits",
    "Errors",
    "Last error",
    "Attempts",
    "Username",
    "Source",
    "Site",
    "Restrict sends",
    "Booked by",
    "Booked on",
    "Sent again",
)


def csv_row(record: CallRecord, again: str = "") -> list[object]:
    """One call as a CSV row (never the request body, where a key could have been).

    Every cell goes through the shared formula guard (:mod:`voicecall_desktop.core.csv_safe`):
    a number, a note or a reason the server sent never runs as a spreadsheet formula.

    ``again`` is :func:`sent_again_text` of the call's audit trail (the "Sent again" cell).
    """
    values: list[object] = [
        record.id,
        booked_text(record),
        destination_text(record),
        fmt_date(record.day) if record.day else "",
        times_text(record, "; "),
        result_words(record).short,
        record.state.label,
        record.status,
        record.message_id,
        record.credits,
        "; ".join(f"{k}: {v}" for k, v in record.errors.items()),
        record.last_error,
        record.attempts,
        record.username,
        record.source,
        record.site,
        "yes" if record.restrict_sends else "no",
        record.booked_by,
        record.booked_on,
        again,
    ]
    return safe_row(values)


def export_csv(
    records: Iterable[CallRecord],
    path: str | os.PathLike[str],
    *,
    events: EventsOf | None = None,
) -> int:
    """Write ``records`` to ``path`` as CSV that Excel opens cleanly (UTF-8 with BOM).

    The file is written beside the target and moved into place, so a failed
    export never leaves half a file where a good one was. With ``events`` (e.g.
    ``Service.events``) the "Sent again" column lists who sent a call again
    and when; only calls a person has reviewed can have been, so only theirs
    are read.

    Returns:
        The number of calls written.

    Raises:
        OSError: the file could not be written (e.g. it is open in Excel).
    """
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    count = 0
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, dialect="excel")
            writer.writerow(CSV_HEADER)
            for record in records:
                again = ""
                if events is not None and record.reviewed:
                    again = sent_again_text(events(record.id))
                writer.writerow(csv_row(record, again))
                count += 1
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


class ExportFailed(Exception):
    """An export that could not be written; the message is for the person."""


def export_error(exc: Exception, path: str) -> str:
    """What to tell a person whose export could not be written."""
    if isinstance(exc, PermissionError):
        return (
            f"Could not write {path}: it is open in another program (Excel?) or the "
            "folder is read-only. Close it or pick another name, then export again."
        )
    return f"Could not export the call history to {path}: {exc}"
