"""The do-not-call list as a table model, and the filter behind its search box.

Rows come from ``Service.do_not_call_list()``; the model holds them as
:class:`Blocked` values and needs no widget (only a ``QCoreApplication``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from voicecall_desktop.core.phone import format_destination
from voicecall_desktop.service import BlockedNumber
from voicecall_desktop.ui.calls.cells import actor_text
from voicecall_desktop.ui.common.formats import show_moment
from voicecall_desktop.ui.common.table_model import FIRST_FREE_ROLE, Index, TableModel

COL_NUMBER, COL_ADDED, COL_BY, COL_NOTE = range(4)
HEADERS = ("Number", "Added", "Added by", "Note")

#: A value that sorts the column properly (a number, an ISO time).
SortRole = FIRST_FREE_ROLE
#: Lower-case text the search box looks in: the number's digits, the note, who added it.
SearchRole = FIRST_FREE_ROLE + 1


@dataclass(frozen=True)
class Blocked:
    """One number on the list."""

    destination: int
    added_at: datetime
    added_by: str
    note: str

    @classmethod
    def from_row(cls, row: BlockedNumber) -> Blocked:
        return cls(
            destination=row.destination,
            added_at=row.added_at,
            added_by=row.added_by or "",
            note=row.note or "",
        )

    @property
    def number(self) -> str:
        return format_destination(self.destination)

    @property
    def added(self) -> str:
        """Date and time in UK local time: ``29/11/2026 18:44``."""
        return show_moment(self.added_at)

    def search_text(self) -> str:
        digits = re.sub(r"\D", "", self.number)
        return " ".join((digits, str(self.destination), self.note.lower(), self.added_by.lower()))


def blocked_rows(rows: Iterable[BlockedNumber]) -> list[Blocked]:
    return [Blocked.from_row(r) for r in rows]


class DoNotCallModel(TableModel[Blocked]):
    """The listed numbers, one row each, in the store's order (oldest first)."""

    HEADERS = HEADERS

    def row_of(self, destination: int) -> int | None:
        for row, item in enumerate(self._rows):
            if item.destination == destination:
                return row
        return None

    def find(self, destination: int) -> Blocked | None:
        row = self.row_of(destination)
        return None if row is None else self._rows[row]

    def cell_data(self, item: Blocked, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_NUMBER:
                return f"{item.number} (sent as {item.destination})"
            if column == COL_BY:
                return item.added_by or None
            return cell_text(item, column) or None
        if role == SortRole:
            if column == COL_NUMBER:
                return item.destination
            if column == COL_ADDED:
                return item.added_at.isoformat()
            return cell_text(item, column).lower()
        if role == SearchRole:
            return item.search_text()
        return None


def cell_text(item: Blocked, column: int) -> str:
    if column == COL_NUMBER:
        return item.number
    if column == COL_ADDED:
        return item.added
    if column == COL_BY:
        return actor_text(item.added_by)
    if column == COL_NOTE:
        return item.note
    return ""


class DoNotCallFilter(QSortFilterProxyModel):
    """Rows whose number contains the typed digits, or whose note or author has the text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self.setSortRole(SortRole)

    def set_query(self, text: str) -> None:
        query = text.strip().lower()
        compact = re.sub(r"[\s()+\-]", "", query)
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateFilter() is deprecated there
            self.beginFilterChange()
        # Part of a number, in any format, is looked for among the digits (07700 900 or +44 7700).
        self._query = compact if compact.isdigit() else query
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._query:
            return True
        model = self.sourceModel()
        text = str(model.index(source_row, 0, source_parent).data(SearchRole) or "")
        return self._query in text
