"""The table model every list in the window builds on: rows of one kind, read-only cells.

A concrete model names its columns (``HEADERS``, with column constants beside
it) and says how one cell reads (:meth:`TableModel.cell_data`); counting rows and
columns, headers, flags, index checks and the row role are done here once.

Every model answers :data:`ROW_ROLE` with the row's own object (a call record,
a listed number, a reviewed file row), so a view, a proxy or a test gets the
thing itself rather than its text. Models that need more roles number them
from :data:`FIRST_FREE_ROLE`.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

#: The row's own object, whatever the column.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: The first role number a concrete model may use for its own roles.
FIRST_FREE_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class TableModel(QAbstractTableModel, Generic[RowT]):
    """Rows of ``RowT``, one a row; columns named by ``HEADERS``; cells read-only.

    Subclasses set ``HEADERS`` (and ``RIGHT_ALIGNED`` for number columns) and
    override :meth:`cell_data`.
    """

    HEADERS: ClassVar[tuple[str, ...]] = ()
    #: Columns whose cells and header are aligned right (numbers).
    RIGHT_ALIGNED: ClassVar[frozenset[int]] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []

    # -- rows --------------------------------------------------------------

    def item(self, row: int) -> RowT:
        return self._rows[row]

    def items(self) -> list[RowT]:
        """The rows (a copy)."""
        return list(self._rows)

    def set_items(self, items: list[RowT]) -> None:
        """Show ``items`` instead of the rows (a reset: selection and scrolling start over)."""
        self.beginResetModel()
        self._rows = list(items)
        self.endResetModel()

    def cell_data(self, item: RowT, column: int, role: int) -> Any:
        """What a cell holds for ``role`` (``None``: nothing). Display and accessible
        text, tooltip, icon, colour, sort key: each model says for its own rows."""
        return None

    # -- QAbstractItemModel ------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.RIGHT_ALIGNED:
            return int(RIGHT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.RIGHT_ALIGNED:
            return int(RIGHT)
        return self.cell_data(item, index.column(), role)

    def _changed(self, first: int, last: int) -> None:
        """Rows ``first``..``last`` read differently now (every column)."""
        self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))


__all__ = ["FIRST_FREE_ROLE", "ROW_ROLE", "Index", "TableModel"]
