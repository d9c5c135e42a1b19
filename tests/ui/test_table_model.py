"""The one table model every list builds on, tested without any widget."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from voicecall_desktop.ui.call_list.model import ImportModel
from voicecall_desktop.ui.calls.history_model import HistoryModel
from voicecall_desktop.ui.calls.outbox import OutboxModel
from voicecall_desktop.ui.common.table_model import FIRST_FREE_ROLE, ROW_ROLE, TableModel
from voicecall_desktop.ui.dialogs.do_not_call_model import Blocked, DoNotCallModel

COL_N, COL_SQUARE = range(2)
DISPLAY = Qt.ItemDataRole.DisplayRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class Squares(TableModel[int]):
    """The smallest concrete model: it says only how its cells read."""

    HEADERS = ("n", "n squared")
    RIGHT_ALIGNED = frozenset({COL_SQUARE})

    def cell_data(self, item: int, column: int, role: int) -> Any:
        if role == DISPLAY:
            return str(item if column == COL_N else item * item)
        return None


def test_counts_headers_flags_and_the_row_role_come_from_the_base() -> None:
    model = Squares()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_items([2, 3, 4])
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == list(
        Squares.HEADERS
    )
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(5, Qt.Orientation.Horizontal) is None
    assert model.index(1, COL_SQUARE).data() == "9"
    assert model.index(1, COL_N).data(ROW_ROLE) == 3
    assert model.index(1, COL_SQUARE).data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.headerData(COL_SQUARE, Qt.Orientation.Horizontal, 7) == RIGHT
    assert model.index(1, COL_N).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.flags(model.index(0, 0)) == (
        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    )
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    assert model.data(QModelIndex()) is None
    assert model.items() == [2, 3, 4] and model.item(2) == 4


def test_set_items_resets_and_keeps_a_copy() -> None:
    model = Squares()
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    rows = [1, 2]
    model.set_items(rows)
    rows.append(3)
    assert model.rowCount() == 2 and resets == [True]


@pytest.mark.parametrize("model_type", [HistoryModel, OutboxModel, DoNotCallModel, ImportModel])
def test_every_list_builds_on_it_and_names_its_columns(model_type: type) -> None:
    assert issubclass(model_type, TableModel)
    assert model_type.HEADERS and all(isinstance(h, str) for h in model_type.HEADERS)


def test_the_roles_models_add_start_after_the_row_role() -> None:
    assert FIRST_FREE_ROLE > ROW_ROLE


def test_a_concrete_model_answers_the_row_role_with_its_row() -> None:
    when = datetime(2026, 7, 1, 8, 5, tzinfo=UTC)
    listed = Blocked(447700900123, when, "reception@PC-12", "asked by phone")
    model = DoNotCallModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_items([listed])
    assert all(model.index(0, c).data(ROW_ROLE) is listed for c in range(model.columnCount()))
    assert model.index(0, 0).data() == "07700 900123"
