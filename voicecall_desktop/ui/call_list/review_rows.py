"""A call list under review: its columns, each row's cells and marks, the whole reading.

Each row becomes nine :class:`Cell` objects: the text to show, a
:class:`Level` and the reason, which :class:`~.model.ImportModel`
turns into an icon, a colour, a tooltip and accessible text; the cells
themselves are made by :func:`~.review_cells.row_cells`.

A cell that stops its row being booked is a ``PROBLEM``: a bad value, a
number on the do-not-call list, and (CONTRACT.md "Batch files") a number that
already has a queued, sending, sent or unknown call that day, booked by anyone
(the reason names that call). A time outside the practice's calling hours, a
bank holiday, a closed day or a day more than a year ahead is a ``PROBLEM`` too,
but one the person may confirm for all such rows at once
(:attr:`ReviewRow.confirmable`); once confirmed it shows as a ``WARNING``.
A blank cell filled from Settings or a preset is ``INHERITED``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import IntEnum

from voicecall_desktop.core.batch import BatchFile, BatchRow, RowProblem
from voicecall_desktop.core.schedule import local_now
from voicecall_desktop.core.states import CallState

(
    COL_ROW,
    COL_NUMBER,
    COL_DATE,
    COL_TIMES,
    COL_SOURCE,
    COL_USERNAME,
    COL_SITE,
    COL_RESTRICT,
    COL_STATUS,
) = range(9)
HEADERS = (
    "Row",
    "Phone number",
    "Date",
    "Times",
    "Source",
    "Username",
    "Site",
    "Restrict sends",
    "Status",
)

#: Which column shows a :class:`RowProblem` about each CSV field.
FIELD_COLUMNS = {
    "destination": COL_NUMBER,
    "date": COL_DATE,
    "times": COL_TIMES,
    "source": COL_SOURCE,
    "username": COL_USERNAME,
    "site": COL_SITE,
    "restrict_sends": COL_RESTRICT,
    "file": COL_STATUS,
}
#: The settings a blank cell falls back to (a preset may fill them instead).
FALLBACK_FIELDS = ("username", "source", "site", "restrict_sends")


class Level(IntEnum):
    OK = 0
    INHERITED = 1  # not in the file: taken from Settings or a preset
    WARNING = 2  # can be booked, but look first
    PROBLEM = 3  # stops the row being booked


LEVEL_WORDS = {Level.WARNING: "warning", Level.PROBLEM: "problem"}


@dataclass(frozen=True)
class Cell:
    text: str
    level: Level = Level.OK
    reason: str = ""


#: Fields of the problems a person may confirm as a group: quiet hours (``times``),
#: bank holidays, closed days and far-ahead days (``date``).
CONFIRMABLE_FIELDS = ("times", "date")


@dataclass
class ReviewRow:
    """One CSV row as the table shows it; ``state`` and ``outcome`` follow it once booked.

    ``needs_confirm`` are the humane-hours (and far-ahead) problems found on a row
    that is otherwise good: booked only when the person confirms them as a group.
    """

    row: BatchRow
    cells: tuple[Cell, ...]
    needs_confirm: tuple[RowProblem, ...] = ()
    call_id: int | None = None
    state: CallState | None = None
    outcome: str = ""
    result: str = ""  # the call's result in plain words, once answered
    skipped: str = ""  # why a row was left out when the list was booked

    @property
    def valid(self) -> bool:
        return self.row.valid

    @property
    def confirmable(self) -> bool:
        """Good but for its hours or day: bookable once the person says so."""
        return (
            self.row.spec is not None
            and bool(self.needs_confirm)
            and all(p in self.needs_confirm for p in self.row.problems)
        )

    @property
    def hours_kind(self) -> str:
        """``outside calling hours``, ``on a holiday or closed day``, or both."""
        fields = {p.field for p in self.needs_confirm}
        if fields == {"times"}:
            return "outside calling hours"
        if fields == {"date"}:
            return "on a holiday or closed day"
        return "outside calling hours or on a closed day"

    def bookable(self, confirmed: bool) -> bool:
        return self.valid or (confirmed and self.confirmable)

    def for_booking(self) -> BatchRow:
        """The row as queued: confirmed hours problems no longer stop it."""
        if self.valid:
            return self.row
        return replace(self.row, problems=[])


@dataclass
class ImportPreview:
    """Everything the dialog shows about one reading of one file."""

    name: str
    batch: BatchFile
    rows: list[ReviewRow]
    preset: str | None = None
    origin: dict[str, str] = field(default_factory=dict)
    ignored_columns: tuple[str, ...] = ()

    @property
    def file_problems(self) -> list[RowProblem]:
        return list(self.batch.problems)

    @property
    def valid(self) -> int:
        return sum(1 for r in self.rows if r.valid)

    @property
    def invalid(self) -> int:
        return len(self.rows) - self.valid

    @property
    def confirmable(self) -> list[ReviewRow]:
        return [r for r in self.rows if r.confirmable]

    def hours_kind(self) -> str:
        """What the confirmable rows have in common, for the confirmation's words."""
        kinds = {r.hours_kind for r in self.confirmable}
        return kinds.pop() if len(kinds) == 1 else "outside calling hours or on a closed day"


def overtaken(rows: list[ReviewRow], now: datetime | None = None) -> list[ReviewRow]:
    """Rows whose day or time, valid when the file was read, has passed since."""
    moment = local_now(now)
    today, clock = moment.date(), moment.time().replace(tzinfo=None)
    late = []
    for review in rows:
        spec = review.row.spec
        if spec is None or spec.day is None:
            continue
        if spec.day < today or (spec.day == today and any(t <= clock for t in spec.times)):
            late.append(review)
    return late


__all__ = [
    "COL_DATE",
    "COL_NUMBER",
    "COL_RESTRICT",
    "COL_ROW",
    "COL_SITE",
    "COL_SOURCE",
    "COL_STATUS",
    "COL_TIMES",
    "COL_USERNAME",
    "CONFIRMABLE_FIELDS",
    "FALLBACK_FIELDS",
    "FIELD_COLUMNS",
    "HEADERS",
    "LEVEL_WORDS",
    "Cell",
    "ImportPreview",
    "Level",
    "ReviewRow",
    "overtaken",
]
