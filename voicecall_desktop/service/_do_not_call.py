"""The do-not-call list: numbers patients asked never to be called.

Checked by every booking and again just before each call is sent
(:mod:`voicecall_desktop.service._sending`); added to, imported from CSV and
exported by a person, whose name goes in the log.
"""

from __future__ import annotations

import csv
import io
import logging
from typing import TYPE_CHECKING

from voicecall_desktop.core.csv_safe import safe_row
from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.phone import format_destination, parse_destination
from voicecall_desktop.core.schedule import LONDON, fmt_date
from voicecall_desktop.store.protocol import BlockedNumber, DoNotCallStore

if TYPE_CHECKING:
    from voicecall_desktop.core.batch import RowProblem
    from voicecall_desktop.service._desk import Desk
    from voicecall_desktop.service._store import StoreInUse

log = logging.getLogger(__name__)


class DoNotCallList:
    """Numbers patients asked never to be called."""

    def __init__(self, desk: Desk, in_use: StoreInUse) -> None:
        self._desk = desk
        self._in_use = in_use

    @property
    def _store(self) -> DoNotCallStore:
        return self._in_use.store.do_not_call

    def all(self) -> list[BlockedNumber]:
        """Every number on the list, oldest first."""
        return self._store.all()

    def blocked_reason(self, destination: int) -> str | None:
        """Why this number must not be called, or None."""
        entry = self._store.get(destination)
        if entry is None:
            return None
        added = entry.added_at.astimezone(LONDON)
        return (
            f"{format_destination(destination)} is on the do-not-call list "
            f"(added {fmt_date(added.date())}); the patient asked not to be called"
        )

    def block(self, number: str, note: str = "") -> tuple[int, bool]:
        """Put a number on the list; returns it and whether it was new."""
        destination = parse_destination(number)
        added = self._store.add(destination, actor=self._desk.actor, note=note)
        log.info("number added to the do-not-call list by %s", self._desk.actor)
        return destination, added

    def unblock(self, number: str) -> tuple[int, bool]:
        destination = parse_destination(number)
        removed = self._store.remove(destination)
        log.info("number removed from the do-not-call list by %s", self._desk.actor)
        return destination, removed

    def import_csv(self, data: bytes) -> tuple[int, list[RowProblem]]:
        """Add the numbers of a CSV file (first column, or a ``destination`` column).

        Returns how many were new, and the rows that were not numbers.
        """
        from voicecall_desktop.core.batch import RowProblem, decode_text

        text = decode_text(data)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                text[:4096], delimiters=",;\t"
            )
        except csv.Error:
            dialect = csv.excel
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
        column = 0
        start = 0
        if rows and rows[0]:
            names = [c.strip().lower() for c in rows[0]]
            if "destination" in names:
                column, start = names.index("destination"), 1
            else:
                try:
                    parse_destination(rows[0][0])
                except FieldError:
                    start = 1  # a header of some other name
        numbers: list[int] = []
        problems: list[RowProblem] = []
        for number, cells in enumerate(rows[start:], start=start + 1):
            if column >= len(cells) or not cells[column].strip():
                continue
            try:
                numbers.append(parse_destination(cells[column]))
            except FieldError as exc:
                problems.append(RowProblem(number, "destination", exc.message))
        added = self._store.add_many(numbers, actor=self._desk.actor, note="imported")
        log.info("%d number(s) imported to the do-not-call list by %s", added, self._desk.actor)
        return added, problems

    def export_csv(self) -> str:
        """The list as CSV text (``destination,added_at,added_by,note``)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["destination", "added_at", "added_by", "note"])
        for entry in self._store.all():
            # A note typed as =HYPERLINK(...) must stay text when the file is opened in Excel.
            writer.writerow(
                safe_row(
                    [
                        format_destination(entry.destination),
                        entry.added_at.isoformat(),
                        entry.added_by,
                        entry.note,
                    ]
                )
            )
        return out.getvalue()
