"""The Import dialog's review table: one row per row of the CSV file.

A plain table model in the shape of :mod:`..calls.outbox` (column constants and a
header tuple from :mod:`.review`, custom roles), testable without a
view. It shows what :func:`~.review.build_preview` found: every marked
cell has an icon, a colour, its reason as a tooltip and in its accessible
text, so colour is never the only sign. Once the list is booked, the Status
column follows each call through the outbox.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from voicecall_desktop.core.outcome_words import WAITING, outcome_words
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import AttemptResult
from voicecall_desktop.ui.call_list.review_rows import (
    COL_ROW,
    COL_STATUS,
    HEADERS,
    LEVEL_WORDS,
    Cell,
    ImportPreview,
    Level,
    ReviewRow,
)
from voicecall_desktop.ui.calls.cells import result_words
from voicecall_desktop.ui.common.icons import icon, state_colour, state_icon
from voicecall_desktop.ui.common.table_model import FIRST_FREE_ROLE, TableModel

#: The cell's :class:`~.review.Level`.
LevelRole = FIRST_FREE_ROLE
#: Why the cell is marked ("" when it is not).
ReasonRole = FIRST_FREE_ROLE + 1

#: (text, background) per marked level; contrast checked against WCAG AA.
LEVEL_COLOURS = {
    Level.INHERITED: ("#4b5563", None),
    Level.WARNING: ("#7a3e00", "#fff4e0"),
    Level.PROBLEM: ("#b91c1c", "#fdecec"),
}


class ImportModel(TableModel[ReviewRow]):
    HEADERS = HEADERS
    RIGHT_ALIGNED = frozenset({COL_ROW})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preview: ImportPreview | None = None
        self._by_call: dict[int, int] = {}
        self._states: Counter[CallState] = Counter()
        self._confirmed = False  # the person booked rows outside calling hours anyway

    # -- contents ---------------------------------------------------------

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self._preview = preview
        self._rows = list(preview.rows) if preview else []
        self._by_call = {}
        self._states = Counter()
        self.endResetModel()

    @property
    def preview(self) -> ImportPreview | None:
        return self._preview

    def review_row(self, row: int) -> ReviewRow:
        return self._rows[row]

    def rows(self) -> list[ReviewRow]:
        return list(self._rows)

    def cell(self, row: int, column: int) -> Cell:
        return self._cell(self._rows[row], column)

    def _cell(self, review: ReviewRow, column: int) -> Cell:
        return self._status(review) if column == COL_STATUS else review.cells[column]

    def explain(self, row: int) -> tuple[str, Level]:
        """The row's status and every reason on it, in words (for the line under the table)."""
        review = self._rows[row]
        status = self.cell(row, COL_STATUS)
        reasons = [
            f"{HEADERS[column]}: {cell.reason}"
            for column, cell in enumerate(review.cells[:COL_STATUS])
            if cell.level >= Level.WARNING
        ]
        if review.state is not None or not reasons:
            reasons = [status.reason] if status.reason else []
        text = f"Row {review.row.row} — {status.text}" + "".join(f"\n{r}" for r in reasons)
        return text, status.level

    def booked(self) -> int:
        return len(self._by_call)

    def state_counts(self) -> dict[CallState, int]:
        """How many of the booked rows are in each state (kept as results arrive)."""
        return {state: self._states[state] for state in CallState}

    @property
    def confirmed(self) -> bool:
        return self._confirmed

    def set_confirmed(self, confirmed: bool) -> None:
        """The person's word on the rows outside calling hours (as a group)."""
        if confirmed != self._confirmed:
            self._confirmed = confirmed
            self._status_changed(0, len(self._rows) - 1)

    def bookable(self) -> list[ReviewRow]:
        """The rows that Book would queue, in file order."""
        return [r for r in self._rows if r.bookable(self._confirmed)]

    # -- after booking ------------------------------------------------------

    def mark_booked(self, booked: list[ReviewRow], call_ids: list[int], left_out: str) -> None:
        """``booked[i]`` became call ``call_ids[i]`` (queued); the other rows were left out."""
        ids = dict(zip((id(r) for r in booked), call_ids, strict=True))
        for number, review in enumerate(self._rows):
            call_id = ids.get(id(review))
            if call_id is None:
                review.skipped = (
                    "Not booked: it has a problem"
                    if not review.bookable(self._confirmed)
                    else left_out
                )
                continue
            review.call_id, review.state = call_id, CallState.QUEUED
            self._by_call[call_id] = number
            self._states[CallState.QUEUED] += 1
        self._status_changed(0, len(self._rows) - 1)

    def apply_result(self, result: AttemptResult) -> ReviewRow | None:
        """Show what came of one attempt; None if the call is not from this list."""
        number = self._by_call.get(result.record.id)
        if number is None:
            return None
        review = self._rows[number]
        if review.state is not None:
            self._states[review.state] -= 1
        review.state = result.record.state
        self._states[review.state] += 1
        review.outcome = result.message
        review.result = result_words(result.record).short
        self._status_changed(number, number)
        return review

    def row_of_call(self, call_id: int) -> int | None:
        return self._by_call.get(call_id)

    def _status_changed(self, first: int, last: int) -> None:
        if last >= first:
            self.dataChanged.emit(self.index(first, COL_STATUS), self.index(last, COL_STATUS))

    def _status(self, review: ReviewRow) -> Cell:
        before = review.cells[COL_STATUS]
        if review.state is not None:
            text = review.result or outcome_words(review.state).short
            if review.state is CallState.QUEUED and review.outcome:
                text = f"{WAITING} – not delivered yet"
            return Cell(text, reason=review.outcome or f"Call #{review.call_id}")
        if review.skipped and review.valid:  # left out by choice: say so in the cell
            return replace(before, text="Left out", reason=f"{review.skipped}. {before.reason}")
        if self._confirmed and review.confirmable:
            reasons = "; ".join(p.message for p in review.needs_confirm)
            return Cell(
                f"Ready – {review.hours_kind}",
                Level.WARNING,
                f"Booked as you confirmed: {reasons}",
            )
        return before

    # -- Qt ---------------------------------------------------------------

    def cell_data(self, review: ReviewRow, column: int, role: int) -> Any:
        cell = self._cell(review, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.reason or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(column, cell)
        if role == LevelRole:
            return cell.level
        if role == ReasonRole:
            return cell.reason
        if column == COL_STATUS and review.state is not None:
            return self._state_look(review.state, role)
        return self._level_look(cell.level, role)

    @staticmethod
    def _spoken(column: int, cell: Cell) -> str:
        text = f"{HEADERS[column]}: {cell.text or 'blank'}"
        if cell.level in LEVEL_WORDS:
            text += f" — {LEVEL_WORDS[cell.level]}: {cell.reason}"
        elif cell.reason:
            text += f" ({cell.reason})"
        return text

    @staticmethod
    def _level_look(level: Level, role: int) -> Any:
        if level is Level.OK:
            return None
        foreground, background = LEVEL_COLOURS[level]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(foreground)
        if role == Qt.ItemDataRole.BackgroundRole and background:
            return QColor(background)
        if role == Qt.ItemDataRole.DecorationRole and level is not Level.INHERITED:
            return icon("problem" if level is Level.PROBLEM else "warning")
        if role == Qt.ItemDataRole.FontRole and level is Level.INHERITED:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    @staticmethod
    def _state_look(state: CallState, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole:
            return state_icon(state)
        if role == Qt.ItemDataRole.ForegroundRole:
            return state_colour(state)
        return None


__all__ = ["ImportModel", "LevelRole", "ReasonRole"]
