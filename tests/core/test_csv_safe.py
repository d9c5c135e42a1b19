"""The CSV formula guard, written to a real file and read back as a spreadsheet would."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voicecall_desktop.core.csv_safe import FORMULA_STARTS, safe_cell, safe_row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+44 7700 900123",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_starts_are_made_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Zoë asked not to be called", "", "07700 900123", " =x"])
def test_plain_text_is_unchanged(value: str) -> None:
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-1, 3.5, 447700900123, True, None])
def test_numbers_stay_numbers(value: object) -> None:
    assert safe_cell(value) is value


@given(st.lists(st.text(max_size=30), max_size=6))
def test_no_written_cell_starts_a_formula(cells: list[str]) -> None:
    for cell, typed in zip(safe_row(cells), cells, strict=True):
        assert isinstance(cell, str)
        assert not cell.startswith(FORMULA_STARTS)
        assert cell in (typed, "'" + typed)


def test_a_file_written_with_the_guard_reads_back_as_text(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    rows: list[list[object]] = [["note", "count"], ['=HYPERLINK("http://x","y")', -1]]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(safe_row(row))
    with path.open(newline="", encoding="utf-8") as handle:
        read = list(csv.reader(handle))
    assert read[1] == ['\'=HYPERLINK("http://x","y")', "-1"]
