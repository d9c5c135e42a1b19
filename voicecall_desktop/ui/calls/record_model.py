"""What the outbox and history table models share: rows of calls kept in step by id.

:class:`RecordTableModel` holds the :class:`CallRecord` rows, finds a call's
row, and turns its rows into a fresh list with row removals, insertions and
``dataChanged`` rather than a reset, so a view keeps its selection and scroll
position while calls are being sent. Each subclass's ``put`` shows one call's
new state at once without reading the store: the window does that for each
answer during a drain, and reads the lists again only a few times a second.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from voicecall_desktop.service import CallRecord
from voicecall_desktop.ui.common.table_model import TableModel


class RecordTableModel(TableModel[CallRecord]):
    """Calls, one a row, in an order given by the subclass (by id, either way)."""

    # -- reading rows ----------------------------------------------------

    def record(self, row: int) -> CallRecord:
        return self.item(row)

    def row_of(self, call_id: int) -> int | None:
        """The row showing ``call_id`` among those loaded, if it is."""
        for row, record in enumerate(self._rows):
            if record.id == call_id:
                return row
        return None

    def records(self) -> list[CallRecord]:
        """The rows loaded so far (a copy)."""
        return self.items()

    # -- changing rows ---------------------------------------------------

    def _replace(self, row: int, record: CallRecord) -> None:
        if self._rows[row] != record:
            self._rows[row] = record
            self._changed(row, row)

    def _remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def _apply(self, new: list[CallRecord]) -> None:
        """Turn the rows into ``new`` (in the same order by id) with fine-grained signals."""
        keep = {r.id for r in new}
        # Removals, bottom up, a contiguous run at a time.
        row = len(self._rows) - 1
        while row >= 0:
            if self._rows[row].id in keep:
                row -= 1
                continue
            last = row
            while row >= 0 and self._rows[row].id not in keep:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row + 1, last)
            del self._rows[row + 1 : last + 1]
            self.endRemoveRows()
        # What is left is in ``new``'s order: insert what is missing, update what changed.
        changed: list[int] = []
        row = 0
        while row < len(new):
            if row < len(self._rows) and self._rows[row].id == new[row].id:
                if self._rows[row] != new[row]:
                    self._rows[row] = new[row]
                    changed.append(row)
                row += 1
                continue
            end = row
            present = self._rows[row].id if row < len(self._rows) else None
            while end < len(new) and new[end].id != present:
                end += 1
            self.beginInsertRows(QModelIndex(), row, end - 1)
            self._rows[row:row] = new[row:end]
            self.endInsertRows()
            row = end
        if changed:
            self._changed(min(changed), max(changed))


__all__ = ["RecordTableModel"]
