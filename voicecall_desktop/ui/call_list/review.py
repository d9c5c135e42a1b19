"""Reading a call list for review: every row's cells, marks and reasons, without a widget.

:func:`build_preview` does the slow part — validating every row as
``voicecall batch`` does and looking up calls already booked that day — and
touches no widget or icon, so the Import dialog runs it off the GUI thread.
Each row becomes nine :class:`Cell` objects: the text to show, a
:class:`Level` and the reason, which :class:`~.model.ImportModel`
turns into an icon, a colour, a tooltip and accessible text.

A cell that stops its row being booked is a ``PROBLEM``; a number already
booked that day is a ``WARNING`` (the row can still be booked); a blank cell
filled from Settings or a preset is ``INHERITED``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from voicecall_desktop.core.batch import COLUMNS, BatchFile, BatchRow, RowProblem, parse_batch
from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.phone import format_destination, parse_destination
from voicecall_desktop.core.schedule import local_now
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import CallRecord, Service
from voicecall_desktop.ui.common.formats import show_date, show_times, show_when

log = logging.getLogger(__name__)

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


@dataclass
class ReviewRow:
    """One CSV row as the table shows it; ``state`` and ``outcome`` follow it once booked."""

    row: BatchRow
    cells: tuple[Cell, ...]
    same_day: tuple[CallRecord, ...] = ()
    call_id: int | None = None
    state: CallState | None = None
    outcome: str = ""
    skipped: str = ""  # why a row was left out when the list was booked

    @property
    def valid(self) -> bool:
        return self.row.valid

    @property
    def warned(self) -> bool:
        return self.valid and bool(self.same_day)


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
    def warned(self) -> int:
        return sum(1 for r in self.rows if r.warned)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def build_preview(
    service: Service, data: bytes, *, name: str, preset: str | None = None
) -> ImportPreview:
    """Validate every row and look up same-day calls. No widget, no icon: safe in a thread.

    Without a preset this is :meth:`Service.read_batch`, as ``voicecall batch``
    reads a file; a preset's non-blank fields replace the settings that blank
    cells fall back to.
    """
    origin = dict.fromkeys(FALLBACK_FIELDS, "Settings")
    settings = service.settings()
    chosen = service.get_preset(preset) if preset else None
    if chosen is None:
        preset = None
    else:
        update: dict[str, Any] = {"restrict_sends": chosen.restrict_sends}
        origin["restrict_sends"] = f"preset “{chosen.name}”"
        for name_ in ("username", "source", "site"):
            value = getattr(chosen, name_)
            if value:
                update[name_] = value
                origin[name_] = f"preset “{chosen.name}”"
        settings = settings.model_copy(update=update)

    turn = _GuiTurns()

    def blocked(destination: int) -> str | None:
        turn()
        return service.blocked_reason(destination)

    # Service.read_batch(data) when there is no preset: the same rules as `voicecall batch`.
    batch = parse_batch(data, settings, blocked=blocked)
    rows = []
    seen: dict[tuple[int, date | None], int] = {}
    for row in batch.rows:
        turn()
        same: tuple[CallRecord, ...] = ()
        listed, repeats = False, None
        if row.spec is not None:
            key = (row.spec.destination, row.spec.day)
            first = seen.setdefault(key, row.row)
            repeats = None if first == row.row else first
            listed = service.blocked_reason(row.spec.destination) is not None
            if row.valid:
                same = tuple(service.same_day(row.spec))
        cells = row_cells(row, same, origin, blocked=listed, repeats=repeats)
        rows.append(ReviewRow(row=row, cells=cells, same_day=same))
    ignored: tuple[str, ...] = ()
    if batch.rows:
        ignored = tuple(k for k in batch.rows[0].values if k and k not in COLUMNS)
    return ImportPreview(
        name=name, batch=batch, rows=rows, preset=preset, origin=origin, ignored_columns=ignored
    )


class _GuiTurns:
    """Give up the GIL every couple of milliseconds while reading.

    The GUI thread needs the GIL for every Python slot, model call and event
    filter. A reading thread that kept it for the whole 5 ms switch interval
    made each of those wait: a window showing for the first time stalled for
    most of a second on a 10 000-row file.
    """

    EVERY = 0.002

    def __init__(self) -> None:
        self._last = time.monotonic()

    def __call__(self) -> None:
        now = time.monotonic()
        if now - self._last >= self.EVERY:
            time.sleep(0)
            self._last = time.monotonic()


def _raw(row: BatchRow, name: str) -> str:
    return row.values.get(name, "").strip()


def _number_text(row: BatchRow) -> str:
    if row.spec is not None:
        return format_destination(row.spec.destination)
    raw = _raw(row, "destination")
    try:
        return format_destination(parse_destination(raw))
    except FieldError:
        return raw


def _same_day_text(records: tuple[CallRecord, ...]) -> str:
    first = records[0]
    lines = [f"call #{r.id}: {show_when(r.day, r.times)} ({r.state.label})" for r in records[:3]]
    more = f"; and {len(records) - 3} more" if len(records) > 3 else ""
    return (
        f"already has a call booked on {show_date(first.day)} — "
        + "; ".join(lines)
        + more
        + ". Booking this row calls the patient again."
    )


def row_cells(
    row: BatchRow,
    same_day: tuple[CallRecord, ...],
    origin: dict[str, str],
    *,
    blocked: bool = False,
    repeats: int | None = None,
) -> tuple[Cell, ...]:
    """The nine cells of one row: what will be sent, or what the file says where it is wrong.

    Args:
        same_day: calls already booked to this number on this day (a warning).
        origin: where each blank fallback field came from ("Settings", a preset).
        blocked: the number is on the do-not-call list.
        repeats: the earlier row with the same number and date.
    """
    form, spec = row.form, row.spec
    restrict = spec.restrict_sends if spec else form.restrict_sends if form else False
    problems: dict[int, list[str]] = {}
    for problem in row.problems:
        column = FIELD_COLUMNS.get(problem.field, COL_STATUS)
        problems.setdefault(column, []).append(problem.message)

    def fallback(name: str, shown: str) -> Cell:
        if not _raw(row, name) and shown:
            return Cell(shown, Level.INHERITED, f"Not in the file: from {origin[name]}")
        return Cell(shown)

    values: dict[int, Cell] = {
        COL_ROW: Cell(str(row.row)),
        COL_NUMBER: Cell(_number_text(row)),
        # A row that will be booked shows what will be sent; one that will not, what the file says.
        COL_DATE: Cell(show_date(spec.day) if spec and row.valid else _raw(row, "date")),
        COL_TIMES: Cell(show_times(spec.times) if spec and row.valid else _raw(row, "times")),
        COL_SOURCE: fallback("source", spec.source if spec else form.source if form else ""),
        COL_USERNAME: fallback(
            "username", spec.username if spec else form.username if form else ""
        ),
        COL_SITE: fallback("site", (spec.site or "") if spec else form.site if form else ""),
        COL_RESTRICT: fallback("restrict_sends", "Yes" if restrict else "No"),
    }
    if spec is not None and row.valid and not _raw(row, "date"):
        if spec.day is not None:
            values[COL_DATE] = Cell(show_date(spec.day), Level.INHERITED, "Not in the file: today")
        elif not spec.times:
            values[COL_DATE] = Cell("—", reason="No date or time: called as soon as it is sent")
    for column, messages in problems.items():
        if column == COL_STATUS:
            continue
        shown = values[column].text or "(blank)"
        if column == COL_RESTRICT and _raw(row, "restrict_sends"):
            shown = _raw(row, "restrict_sends")
        values[column] = Cell(shown, Level.PROBLEM, "; ".join(messages))
    if same_day and values[COL_NUMBER].level is not Level.PROBLEM:
        values[COL_NUMBER] = Cell(values[COL_NUMBER].text, Level.WARNING, _same_day_text(same_day))
    values[COL_STATUS] = _status_cell(row, same_day, blocked=blocked, repeats=repeats)
    return tuple(values[c] for c in range(len(HEADERS)))


def _status_cell(
    row: BatchRow, same_day: tuple[CallRecord, ...], *, blocked: bool, repeats: int | None
) -> Cell:
    if row.problems or row.spec is None:
        reasons = "\n".join(
            f"{HEADERS[FIELD_COLUMNS.get(p.field, COL_STATUS)]}: {p.message}" for p in row.problems
        )
        if blocked:
            text = "Do-not-call list"
        elif repeats is not None:
            text = f"Repeats row {repeats}"
        else:
            named = dict.fromkeys(
                HEADERS[FIELD_COLUMNS.get(p.field, COL_STATUS)].lower() for p in row.problems
            )
            text = "Check " + ", ".join(named)
        return Cell(text, Level.PROBLEM, "Not booked. " + reasons if reasons else "Not booked.")
    notes = "\n".join(row.notes)
    if same_day:
        return Cell("Already booked that day", Level.WARNING, _same_day_text(same_day))
    return Cell("Ready", reason=notes)


def summary_text(
    preview: ImportPreview, will: int, *, skip_invalid: bool, skip_same_day: bool
) -> str:
    """``9 rows: 3 will be booked, 6 have problems.`` and what that means."""
    rows, bad, warned = len(preview.rows), preview.invalid, preview.warned
    text = (
        f"{plural(rows, 'row')}: {will:,} will be booked, "
        f"{bad:,} {'has a problem' if bad == 1 else 'have problems'}."
    )
    if bad and not skip_invalid:
        text += " Nothing is booked until you tick “Skip rows with problems”, or correct the file."
    if warned:
        text += (
            f" {plural(warned, 'number')} already {'has' if warned == 1 else 'have'} a call "
            "that day and will be " + ("left out." if skip_same_day else "called again.")
        )
    return text


def confirm_text(preview: ImportPreview, count: int, *, skip_same_day: bool) -> str:
    """The question Book asks: the count first, then what is left out or called twice."""
    if count == 1:
        text = "Book 1 call? The patient will be phoned at the time shown."
    else:
        text = f"Book {plural(count, 'call')}? Each patient will be phoned at the times shown."
    if preview.invalid:
        text += f"\n\n{plural(preview.invalid, 'row')} with problems will be left out."
    warned = preview.warned
    if warned:
        text += (
            f"\n\n{plural(warned, 'number')} already {'has' if warned == 1 else 'have'} a call "
            "that day"
            + (
                " and will be left out."
                if skip_same_day
                else ": those patients will be called again."
            )
        )
    return text


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
    "FIELD_COLUMNS",
    "HEADERS",
    "LEVEL_WORDS",
    "Cell",
    "ImportPreview",
    "Level",
    "ReviewRow",
    "build_preview",
    "confirm_text",
    "overtaken",
    "plural",
    "row_cells",
    "summary_text",
]
