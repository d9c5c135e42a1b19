"""Call lists as real files: size limit, mixed encodings, ';' files with quoted times,
and row numbers as a spreadsheet shows them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from voicecall_desktop.core.batch import (
    MAX_FILE_BYTES,
    decode_lines,
    parse_batch,
    read_file,
    read_table,
)
from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.settings import Settings

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SETTINGS = Settings(username="reception", source="Surgery")


def test_a_file_past_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    with path.open("wb") as handle:
        handle.write(b"destination,site\n07700 900123,")
        handle.seek(50 * 1024 * 1024)  # a 50 MB field, sparse on disk
        handle.write(b"x\n")
    with pytest.raises(FieldError) as caught:
        read_file(path)
    assert caught.value.field == "file"
    assert "52.4 MB" in caught.value.message and "at most 5 MB" in caught.value.message
    batch = parse_batch(b"destination\n" + b"0" * MAX_FILE_BYTES, SETTINGS, now=NOW)
    assert [(p.row, p.field) for p in batch.invalid] == [(1, "file")]
    assert "split it" in batch.invalid[0].message


def test_a_file_within_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_bytes(b"destination\n07700 900123\n")
    assert read_file(path) == b"destination\n07700 900123\n"
    with pytest.raises(FieldError, match="cannot read"):
        read_file(tmp_path / "missing.csv")


def test_a_windows_1252_row_inside_a_utf8_file_is_flagged_by_row(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_bytes(
        "destination,date,site\n07700 900101,2026-12-01,Zoë's surgery\n".encode()
        + "07700 900102,2026-12-01,Zoë pasted\n".encode("cp1252")
        + "07700 900103,2026-12-01,Chloé\n".encode()
    )
    batch = parse_batch(read_file(path), SETTINGS, now=NOW)
    assert [r.row for r in batch.rows] == [2, 3, 4]
    assert [r.valid for r in batch.rows] == [True, False, True]
    problem = batch.invalid[0]
    assert (problem.row, problem.field) == (3, "site")
    assert "UTF-8" in problem.message
    sites = [r.spec.site for r in batch.rows if r.spec is not None]
    assert sites == ["Zoë's surgery", "Zoë pasted", "Chloé"]  # UTF-8 rows never mangled
    assert not any("Ã" in (site or "") for site in sites)


def test_a_file_all_in_windows_1252_is_still_read_as_such() -> None:
    data = "destination,site\n07700 900101,Zoë\n07700 900102,plain\n".encode("cp1252")
    text, odd = decode_lines(data)
    assert (text.splitlines()[1], odd) == ("07700 900101,Zoë", set())
    batch = parse_batch(data, SETTINGS, now=NOW)
    assert [r.valid for r in batch.rows] == [True, True]


def test_semicolon_file_with_quoted_times_is_read() -> None:
    data = (
        b'destination;date;times\r\n07700 900101;2026-12-01;"09:30;10:00"\r\n'
        b'07700 900102;01/12/2026;"11:00"\r\n'
    )
    batch = parse_batch(data, SETTINGS, now=NOW)
    assert batch.invalid == []
    specs = [r.spec for r in batch.rows]
    assert specs[0] is not None and specs[0].times == (time(9, 30), time(10, 0))
    assert specs[1] is not None and specs[1].day == date(2026, 12, 1)


def test_excel_semicolon_file_with_bom_and_quoted_header() -> None:
    data = '\ufeff"Destination";"Times"\n"07700 900101";"09:30;10:00"\n'.encode()
    table = read_table(data)
    assert table.names == ["destination", "times"]
    assert table.rows == [(2, ["07700 900101", "09:30;10:00"])]


def test_row_numbers_are_spreadsheet_rows() -> None:
    data = (
        b"destination,site\n"
        b"07700 900101,a\n"
        b"\n"  # a blank row 3 is still row 3
        b'07700 900102,"two\nlines"\n'  # one row (4) over two lines (a line break: refused)
        b"not a number,b\n"  # row 5
    )
    batch = parse_batch(data, SETTINGS, now=NOW)
    assert [r.row for r in batch.rows] == [2, 4, 5]
    assert [(p.row, p.field) for p in batch.invalid] == [(4, "site"), (5, "destination")]


def test_an_unreadable_row_is_named_by_its_row() -> None:
    data = b'destination,site\n07700 900101,a\n07700 900102,"' + b"x" * 200_000 + b'"\n'
    batch = parse_batch(data, SETTINGS, now=NOW)
    assert [(p.row, p.field) for p in batch.invalid] == [(1, "file")]
    assert "row 3" in batch.invalid[0].message
    assert "longer than" in batch.invalid[0].message
