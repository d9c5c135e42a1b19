"""Use cases beyond the single call: the do-not-call list, CSV call lists,
presets and retention. Mixed into :class:`voicecall_desktop.service.Service`,
whose stores and identity they use.
"""

from __future__ import annotations

import csv
import io
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from voicecall_desktop.core.batch import BatchFile, RowProblem, decode_text, parse_batch
from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.phone import format_destination, parse_destination
from voicecall_desktop.core.presets import Preset
from voicecall_desktop.core.schedule import LONDON, fmt_date
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.core.states import CallState

if TYPE_CHECKING:
    from voicecall_desktop.store import CallStore, DoNotCallStore, PresetStore

log = logging.getLogger(__name__)


class ListsMixin:
    calls: CallStore
    do_not_call: DoNotCallStore
    presets: PresetStore
    user: str
    machine: str

    @property
    def actor(self) -> str:
        return f"{self.user}@{self.machine}"

    def settings(self) -> Settings:
        raise NotImplementedError

    # -- do-not-call list -------------------------------------------------

    def blocked_reason(self, destination: int) -> str | None:
        """Why this number must not be called, or None."""
        row = self.do_not_call.get(destination)
        if row is None:
            return None
        added = datetime.fromisoformat(row["added_at"]).astimezone(LONDON)
        return (
            f"{format_destination(destination)} is on the do-not-call list "
            f"(added {fmt_date(added.date())}); the patient asked not to be called"
        )

    def block(self, number: str, note: str = "") -> tuple[int, bool]:
        """Put a number on the do-not-call list; returns it and whether it was new."""
        destination = parse_destination(number)
        added = self.do_not_call.add(destination, actor=self.actor, note=note)
        log.info("number added to the do-not-call list by %s", self.actor)
        return destination, added

    def unblock(self, number: str) -> tuple[int, bool]:
        destination = parse_destination(number)
        removed = self.do_not_call.remove(destination)
        log.info("number removed from the do-not-call list by %s", self.actor)
        return destination, removed

    def import_do_not_call(self, data: bytes) -> tuple[int, list[RowProblem]]:
        """Add the numbers of a CSV file (first column, or a ``destination`` column).

        Returns how many were new, and the rows that were not numbers.
        """
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
        added = self.do_not_call.add_many(numbers, actor=self.actor, note="imported")
        log.info("%d number(s) imported to the do-not-call list by %s", added, self.actor)
        return added, problems

    def export_do_not_call(self) -> str:
        """The list as CSV text (``destination,added_at,added_by,note``)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["destination", "added_at", "added_by", "note"])
        for row in self.do_not_call.all():
            writer.writerow(
                [
                    format_destination(row["destination"]),
                    row["added_at"],
                    row["added_by"],
                    row["note"],
                ]
            )
        return out.getvalue()

    # -- presets ---------------------------------------------------------

    def preset_names(self) -> list[str]:
        return self.presets.names()

    def get_preset(self, name: str) -> Preset | None:
        value = self.presets.get(name)
        return None if value is None else Preset.model_validate(value)

    def save_preset(self, preset: Preset) -> None:
        self.presets.save(preset.name, preset.model_dump(mode="json"))

    def rename_preset(self, old: str, new: str) -> bool:
        new = Preset.check_name(new)
        preset = self.get_preset(old)
        if preset is None:
            return False
        if new.lower() != old.lower() and self.get_preset(new) is not None:
            raise FieldError("name", f"a preset called '{new}' already exists")
        renamed = self.presets.rename(old, new)
        if renamed:
            self.save_preset(preset.model_copy(update={"name": new}))
        return renamed

    def delete_preset(self, name: str) -> bool:
        return self.presets.delete(name)

    # -- call lists (CSV) ------------------------------------------------

    def read_batch(self, data: bytes, *, now: datetime | None = None) -> BatchFile:
        """Validate every row of a CSV call list; nothing is recorded."""
        return parse_batch(data, self.settings(), blocked=self.blocked_reason, now=now)

    def queue_batch(self, batch: BatchFile) -> list[int]:
        """Queue the valid rows, all in one transaction (none if anything fails)."""
        items = [(row.form, row.spec) for row in batch.valid_rows if row.form is not None]
        return self.calls.create_many(
            items, CallState.QUEUED, actor=self.user, machine=self.machine, note="from a call list"
        )

    # -- retention -------------------------------------------------------

    def purge(self, *, now: datetime | None = None, days: int | None = None) -> int:
        """Delete finished calls older than the retention setting; an explicit, logged act.

        ``unknown`` calls are kept until a person has reviewed them (sent them
        again); drafts and the outbox are never purged.
        """
        keep = days if days is not None else self.settings().retention_days
        cutoff = (now or datetime.now(UTC)) - timedelta(days=keep)
        removed = self.calls.purge_before(cutoff)
        log.info("purged %d call(s) older than %d days (by %s)", removed, keep, self.actor)
        return removed
