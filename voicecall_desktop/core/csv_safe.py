"""One guard for every CSV export: a cell is never read as a formula by a spreadsheet.

A do-not-call note typed as ``=HYPERLINK("http://…","Click")``, or a reason the
server sent, would run as a formula when the export is opened in Excel or
LibreOffice (CSV injection). OWASP's advice is followed: a text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``,
which spreadsheets show as text and do not display. Numbers are left as numbers,
so a count of ``-1`` stays a number.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as it may be written to a CSV cell.

    Text that a spreadsheet would take as a formula is prefixed with ``'``; ints,
    floats, booleans and None are returned unchanged (the csv module writes them).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row through :func:`safe_cell`, for ``csv.writer.writerow``."""
    return [safe_cell(value) for value in values]
