"""Call lists from CSV files, as Excel saves them.

UTF-8 with or without a BOM (or Windows-1252, Excel's "CSV" on Windows), comma
or semicolon separated, a header row whose names are matched without regard to
case. Dates as ``YYYY-MM-DD`` or ``DD/MM/YYYY``; several times separated by
``;``. Numbers that lost their leading 0 in Excel are read as UK numbers.
Row numbers count the header as row 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.schedule import parse_clock, parse_day
from voicecall_desktop.core.settings import Settings

COLUMNS = ("destination", "date", "times", "source", "username", "site", "restrict_sends")
TRUE_WORDS = {"true", "yes", "1", "y"}
FALSE_WORDS = {"false", "no", "0", "n"}
MAX_ROWS = 10_000


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: str

    def to_json(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class BatchRow:
    row: int
    values: dict[str, str]
    form: CallForm | None = None
    spec: CallSpec | None = None
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.spec is not None and not self.problems


@dataclass
class BatchFile:
    rows: list[BatchRow]
    problems: list[RowProblem] = field(default_factory=list)  # problems with the file itself

    @property
    def valid_rows(self) -> list[BatchRow]:
        return [r for r in self.rows if r.valid]

    @property
    def invalid(self) -> list[RowProblem]:
        found = list(self.problems)
        for row in self.rows:
            found.extend(row.problems)
        return found


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_table(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header names (lower-cased) and data rows with their spreadsheet row numbers.

    Raises:
        FieldError: on ``file`` when there is no header or it lacks ``destination``.
    """
    text = decode_text(data)
    if not text.strip():
        raise FieldError("file", "the file is empty")
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise FieldError("file", "the file has no header row") from None
    names = [h.strip().lower().replace(" ", "_") for h in header]
    if "destination" not in names:
        raise FieldError(
            "destination",
            "the header row has no 'destination' column; columns are " + ", ".join(COLUMNS),
        )
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS:
                raise FieldError("file", f"the file has more than {MAX_ROWS} rows; split it")
    except csv.Error as exc:
        raise FieldError("file", f"row {reader.line_num} cannot be read ({exc})") from None
    return names, rows


def parse_times(text: str) -> tuple[time, ...]:
    """Several ``HH:MM`` separated by ``;`` (or ``,``)."""
    return tuple(
        parse_clock(part, "times") for part in text.replace(",", ";").split(";") if part.strip()
    )


def parse_flag(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise FieldError("restrict_sends", f"'{text}' is not true/false/yes/no/1/0")


_API_TO_COLUMN = {
    "Destination": "destination",
    "Username": "username",
    "Source": "source",
    "CustomerSiteId": "site",
    "Date": "date",
    "Times": "times",
}


def build_row(
    number: int, values: dict[str, str], settings: Settings, *, now: datetime | None = None
) -> BatchRow:
    """Validate one row, filling blanks from the settings."""
    row = BatchRow(row=number, values=values)

    def get(name: str, fallback: str) -> str:
        value = values.get(name, "").strip()
        return value or fallback

    day: date | None = None
    times: tuple[time, ...] = ()
    restrict = settings.restrict_sends
    for name, parse in (
        ("date", lambda text: parse_day(text, "date")),
        ("times", parse_times),
        ("restrict_sends", parse_flag),
    ):
        text = values.get(name, "").strip()
        if not text:
            continue
        try:
            value = parse(text)
        except FieldError as exc:
            row.problems.append(RowProblem(number, exc.field, exc.message))
            if name == "date":
                break  # times mean nothing without their day: don't judge them against today
            continue
        if name == "date":
            day = value  # type: ignore[assignment]
        elif name == "times":
            times = value  # type: ignore[assignment]
        else:
            restrict = bool(value)
    row.form = CallForm(
        destination=values.get("destination", "").strip(),
        username=get("username", settings.username),
        source=get("source", settings.source),
        site=get("site", settings.site),
        restrict_sends=restrict,
        day=day,
        times=times,
    )
    try:
        spec, notes = CallSpec.from_form(row.form, now=now, allow_abroad=settings.allow_abroad)
    except InputErrors as exc:
        for error in exc.errors:
            column = _API_TO_COLUMN.get(error.field, error.field)
            if not any(p.field == column for p in row.problems):
                row.problems.append(RowProblem(number, column, error.message))
        return row
    row.spec, row.notes = spec, notes
    return row


def parse_batch(
    data: bytes,
    settings: Settings,
    *,
    blocked: Callable[[int], str | None] = lambda destination: None,
    now: datetime | None = None,
) -> BatchFile:
    """Read and validate a whole file before anything is booked.

    Args:
        blocked: says why a number must not be called (the do-not-call list), or None.
    """
    try:
        names, table = read_table(data)
    except FieldError as exc:
        return BatchFile(rows=[], problems=[RowProblem(1, exc.field, exc.message)])
    rows: list[BatchRow] = []
    seen: dict[tuple[int, date | None], int] = {}
    for number, cells in table:
        values = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(names)}
        row = build_row(number, values, settings, now=now)
        if row.spec is not None:
            reason = blocked(row.spec.destination)
            if reason:
                row.problems.append(RowProblem(number, "destination", reason))
            key = (row.spec.destination, row.spec.day)
            if key in seen:
                row.problems.append(
                    RowProblem(
                        number,
                        "destination",
                        f"repeats row {seen[key]} (same number and date)",
                    )
                )
            else:
                seen[key] = number
        rows.append(row)
    return BatchFile(rows=rows)
