"""Reading a call list for review: every row's cells, marks and reasons, without a widget.

:func:`build_preview` does the slow part — validating every row as
``voicecall batch`` does and looking up calls already booked that day — and
touches no widget or icon, so the Import dialog runs it off the GUI thread.
Each row becomes nine :class:`Cell` objects: the text to show, a
:class:`Level` and the reason, which :class:`~.model.ImportModel`
turns into an icon, a colour, a tooltip and accessible text.

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

import logging
import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from voicecall_desktop.core.batch import COLUMNS, BatchFile, BatchRow, RowProblem, parse_batch
from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.phone import format_destination, parse_destination
from voicecall_desktop.core.schedule import local_now
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import Service
from voicecall_desktop.ui.common.formats import show_date, show_times

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

    # Service.read_batch(data) when there is no preset: the same rules as `voicecall batch`,
    # including the repeat rule (a number already rung that day, by any desk, is refused).
    batch = parse_batch(data, settings, blocked=blocked)
    found = {id(row): len(row.problems) for row in batch.rows}
    service.check_batch(batch, settings=settings, allow_repeat=False)
    rows = []
    seen: dict[tuple[int, date | None], int] = {}
    for row in batch.rows:
        turn()
        listed, repeats = False, None
        added = row.problems[found[id(row)] :]
        confirm = tuple(p for p in added if p.field in CONFIRMABLE_FIELDS)
        already = any(p.field == "destination" for p in added)
        if row.spec is not None:
            key = (row.spec.destination, row.spec.day)
            first = seen.setdefault(key, row.row)
            repeats = None if first == row.row else first
            listed = service.blocked_reason(row.spec.destination) is not None
        cells = row_cells(
            row, origin, blocked=listed, repeats=repeats, already=already, confirm=confirm
        )
        rows.append(ReviewRow(row=row, cells=cells, needs_confirm=confirm))
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


def row_cells(
    row: BatchRow,
    origin: dict[str, str],
    *,
    blocked: bool = False,
    repeats: int | None = None,
    already: bool = False,
    confirm: tuple[RowProblem, ...] = (),
) -> tuple[Cell, ...]:
    """The nine cells of one row: what will be sent, or what the file says where it is wrong.

    Dates show as dd/mm/yyyy whenever the file's date could be read (also typed as
    ``2026-12-01``, also on a row with problems); only an unreadable one shows as typed.

    Args:
        origin: where each blank fallback field came from ("Settings", a preset).
        blocked: the number is on the do-not-call list.
        repeats: the earlier row with the same number and date.
        already: the number already has a call that day (the repeat rule).
        confirm: the row's problems that the person may confirm (hours, holidays).
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
        # What was read, in the app's own formats; what the file says only when unreadable.
        COL_DATE: Cell(show_date(form.day) if form and form.day else _raw(row, "date")),
        COL_TIMES: Cell(show_times(form.times) if form and form.times else _raw(row, "times")),
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
        messages = [_for_window(m) for m in messages]
        shown = values[column].text or "(blank)"
        if column == COL_RESTRICT and _raw(row, "restrict_sends"):
            shown = _raw(row, "restrict_sends")
        values[column] = Cell(shown, Level.PROBLEM, "; ".join(messages))
    values[COL_STATUS] = _status_cell(
        row, blocked=blocked, repeats=repeats, already=already, confirm=confirm
    )
    return tuple(values[c] for c in range(len(HEADERS)))


#: The repeat rule's message tells a command-line user how to send the waiting call;
#: in the window the outbox's own "Send queued now" does that.
_CLI_HINT = " (voicecall outbox --flush sends it)"


def _for_window(message: str) -> str:
    return message.replace(_CLI_HINT, "")


def hours_text(confirm: tuple[RowProblem, ...]) -> str:
    fields = {p.field for p in confirm}
    if fields == {"times"}:
        return "Outside calling hours"
    if fields == {"date"}:
        return "Holiday or closed day"
    return "Outside calling hours"


def _status_cell(
    row: BatchRow,
    *,
    blocked: bool,
    repeats: int | None,
    already: bool,
    confirm: tuple[RowProblem, ...],
) -> Cell:
    if row.problems or row.spec is None:
        reasons = "\n".join(
            f"{HEADERS[FIELD_COLUMNS.get(p.field, COL_STATUS)]}: {_for_window(p.message)}"
            for p in row.problems
        )
        if blocked:
            text = "Do-not-call list"
        elif repeats is not None:
            text = f"Repeats row {repeats}"
        elif already:
            text = "Already booked that day"
        elif confirm and all(p in confirm for p in row.problems):
            text = hours_text(confirm)
            return Cell(
                text,
                Level.PROBLEM,
                "Not booked unless you tick “Book … anyway” below. " + reasons,
            )
        else:
            named = dict.fromkeys(
                HEADERS[FIELD_COLUMNS.get(p.field, COL_STATUS)].lower() for p in row.problems
            )
            text = "Check " + ", ".join(named)
        return Cell(text, Level.PROBLEM, "Not booked. " + reasons if reasons else "Not booked.")
    return Cell("Ready", reason="\n".join(row.notes))


def summary_text(preview: ImportPreview, will: int, *, skip_invalid: bool, confirmed: bool) -> str:
    """``9 rows: 3 will be booked, 6 have problems.`` and what that means."""
    rows = len(preview.rows)
    bad = sum(1 for r in preview.rows if not r.bookable(confirmed))
    text = (
        f"{plural(rows, 'row')}: {will:,} will be booked, "
        f"{bad:,} {'has a problem' if bad == 1 else 'have problems'}."
    )
    if bad and not skip_invalid:
        text += " Nothing is booked until you tick “Skip rows with problems”, or correct the file."
    hours = len(preview.confirmable)
    if hours:
        kind = preview.hours_kind()
        text += f" {plural(hours, 'row')} {'is' if hours == 1 else 'are'} {kind}: " + (
            "booked as you confirmed." if confirmed else "not booked unless you confirm them."
        )
    return text


def confirm_text(preview: ImportPreview, count: int, *, confirmed: bool) -> str:
    """The question Book asks: the count first, then what is left out or booked at odd hours."""
    if count == 1:
        text = "Book 1 call? The patient will be phoned at the time shown."
    else:
        text = f"Book {plural(count, 'call')}? Each patient will be phoned at the times shown."
    left = sum(1 for r in preview.rows if not r.bookable(confirmed))
    if left:
        text += f"\n\n{plural(left, 'row')} with problems will be left out."
    hours = len(preview.confirmable)
    if hours and confirmed:
        text += (
            f"\n\n{plural(hours, 'call')} {'is' if hours == 1 else 'are'} "
            f"{preview.hours_kind()}: those patients will be phoned then."
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
    "CONFIRMABLE_FIELDS",
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
