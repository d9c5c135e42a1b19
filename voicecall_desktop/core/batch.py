"""Call lists from CSV files, as Excel saves them.

UTF-8 with or without a BOM (or Windows-1252, Excel's "CSV" on Windows), comma
or semicolon separated, a header row whose names are matched without regard to
case. Dates as ``YYYY-MM-DD`` or ``DD/MM/YYYY``; several times separated by
``;``. Numbers that lost their leading 0 in Excel are read as UK numbers.
Row numbers count the header as row 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.schedule import parse_clock, parse_day
from voicecall_desktop.core.settings import Settings

COLUMNS = ("destination", "date", "times", "source", "username", "site", "restrict_sends")
TRUE_WORDS = {"true", "yes", "1", "y"}
FALSE_WORDS = {"false", "no", "0", "n"}
MAX_ROWS = 10_000
# 10,000 rows of a few dozen characters is well under 1 MB; past this limit a file is
# not a call list, and reading it whole would cost hundreds of MB.
MAX_FILE_BYTES = 5_000_000


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
    """The whole file as text; see :func:`decode_lines` for what happens to odd lines."""
    return decode_lines(data)[0]


def decode_lines(data: bytes) -> tuple[str, set[int]]:
    """The file as text, and the numbers of the lines that are not UTF-8.

    A file that is all UTF-8 (with or without BOM) reads as such; one with no UTF-8
    at all is Windows-1252 (Excel's plain "CSV" on Windows). A UTF-8 file with a line
    pasted from elsewhere in Windows-1252 must not be read as Windows-1252 throughout
    (every "ë" would become "Ã«"): its UTF-8 lines stay UTF-8 and the odd lines are
    returned, so that their rows can be refused by number instead of sent garbled.
    """
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8"), set()
    except UnicodeDecodeError:
        pass
    decoded: list[str] = []
    odd: set[int] = set()
    utf8_seen = body is not data  # a BOM says UTF-8
    for number, line in enumerate(body.split(b"\n"), start=1):
        try:
            decoded.append(line.decode("utf-8"))
            utf8_seen = utf8_seen or not line.isascii()
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1252", errors="replace"))
            odd.add(number)
    if not utf8_seen:
        return body.decode("cp1252", errors="replace"), set()
    return "\n".join(decoded), odd


@dataclass
class Table:
    """A CSV file read: lower-cased header names, data rows by spreadsheet row number,
    and rows (by number) that held a line in another encoding, with the column to name."""

    names: list[str]
    rows: list[tuple[int, list[str]]]
    odd_rows: dict[int, str] = field(default_factory=dict)


def _delimiter(text: str) -> str:
    """The separator that makes the header row have a ``destination`` column.

    Judged on the header alone: a data cell such as ``"09:30;10:00"`` in a ``;``
    file must not make the guess (csv.Sniffer counts it and picks wrongly).
    """
    best, best_width = ",", 0
    for candidate in (",", ";", "\t"):
        try:
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=candidate), [])
        except csv.Error:
            continue
        names = [h.strip().lower() for h in header]
        score = (("destination" in names) * 1000) + len(names)
        if score > best_width:
            best, best_width = candidate, score
    return best


def read_file(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """A call list's bytes, refusing a file past ``limit`` before reading it.

    Raises:
        FieldError: on ``file``, saying how big the file is and what the limit is.
    """
    try:
        size = path.stat().st_size
        if size > limit:
            raise FieldError("file", _too_big(size, limit))
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise FieldError("file", f"cannot read {path.name} ({exc.strerror or exc})") from None
    if len(data) > limit:  # it grew while we looked
        raise FieldError("file", _too_big(len(data), limit))
    return data


def _too_big(size: int, limit: int) -> str:
    return (
        f"the file is {size / 1_000_000:.1f} MB; a call list may be at most "
        f"{limit // 1_000_000} MB ({MAX_ROWS} rows): split it into smaller files"
    )


def read_table(data: bytes) -> Table:
    """Read a call list: its header, its rows by spreadsheet row number, odd rows.

    Row numbers count the header as row 1 and every record after it, blank or not,
    as a spreadsheet shows them (a quoted value may span lines; it is still one row).

    Raises:
        FieldError: on ``file`` when it is too big, empty, has no header or a row that
            cannot be read; on ``destination`` when the header lacks that column.
    """
    if len(data) > MAX_FILE_BYTES:
        raise FieldError("file", _too_big(len(data), MAX_FILE_BYTES))
    text, odd_lines = decode_lines(data)
    if not text.strip():
        raise FieldError("file", "the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
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
    table = Table(names=names, rows=[])
    row = 1
    first_line = reader.line_num + 1
    try:
        for cells in reader:
            row += 1
            lines = range(first_line, reader.line_num + 1)
            first_line = reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            table.rows.append((row, cells))
            if any(line in odd_lines for line in lines):
                table.odd_rows[row] = _odd_column(names, cells)
            if len(table.rows) > MAX_ROWS:
                raise FieldError("file", f"the file has more than {MAX_ROWS} rows; split it")
    except csv.Error as exc:
        reason = (
            f"has a value longer than {csv.field_size_limit()} characters"
            if "field larger" in str(exc)
            else "cannot be read (a quote is not closed?)"
        )
        raise FieldError("file", f"row {row + 1} {reason}") from None
    return table


def _odd_column(names: list[str], cells: list[str]) -> str:
    """The first column whose value has characters outside ASCII: the one to retype."""
    for index, cell in enumerate(cells):
        if not cell.isascii() and index < len(names):
            return names[index]
    return "file"


ODD_ENCODING = (
    "this row is not saved as UTF-8 like the rest of the file (a line pasted from "
    "another program?), so its letters may be wrong; retype it, or save the file as "
    "'CSV UTF-8' and import it again"
)


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
        table = read_table(data)
    except FieldError as exc:
        return BatchFile(rows=[], problems=[RowProblem(1, exc.field, exc.message)])
    names = table.names
    rows: list[BatchRow] = []
    seen: dict[tuple[int, date | None], int] = {}
    for number, cells in table.rows:
        values = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(names)}
        row = build_row(number, values, settings, now=now)
        if number in table.odd_rows:
            row.problems.insert(0, RowProblem(number, table.odd_rows[number], ODD_ENCODING))
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
