"""The nine cells of one row of a call list: what will be sent, or what the file says.

A value read from the file shows in the app's own formats; a wrong one shows as
typed, marked as a problem with the reason; the Status cell sums the row up
(ready, or why it is not booked).
"""

from __future__ import annotations

from voicecall_desktop.core.batch import BatchRow, RowProblem
from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.phone import format_destination, parse_destination
from voicecall_desktop.ui.call_list.review_rows import (
    COL_DATE,
    COL_NUMBER,
    COL_RESTRICT,
    COL_ROW,
    COL_SITE,
    COL_SOURCE,
    COL_STATUS,
    COL_TIMES,
    COL_USERNAME,
    FIELD_COLUMNS,
    HEADERS,
    Cell,
    Level,
)
from voicecall_desktop.ui.common.formats import show_date, show_times


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


__all__ = ["hours_text", "row_cells"]
