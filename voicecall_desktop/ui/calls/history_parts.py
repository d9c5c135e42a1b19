"""The history pane's parts: its actions (text, tip, shortcut), their buttons, the table's look."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTableView,
    QToolButton,
    QWidget,
)

from voicecall_desktop.ui.calls.cells import (
    COL_BOOKED,
    COL_CREDITS,
    COL_DESTINATION,
    COL_MESSAGE_ID,
    COL_SCHEDULE,
    COL_STATE,
    COL_STATUS,
)

TIPS = {
    "search": ("Search history", "Find calls by phone number or status text"),
    "state": ("Filter by state", "Show only calls in this state"),
    "view": ("Call history", "Calls, newest first. Select one to see its details"),
    "detail": ("Call details", "The selected call's request, response, errors and audit trail"),
}
#: Actions: text, tooltip, shortcut.
ACTIONS: dict[str, tuple[str, str, QKeySequence.StandardKey | str]] = {
    "copy": ("Copy", "Copy the selected rows as text", QKeySequence.StandardKey.Copy),
    "use": ("Use as new call", "Fill in a new call with this call's details", "Ctrl+Shift+N"),
    "again": (
        "Send again…",
        "Send a rejected or unknown call once more (asks first: the patient may be called twice)",
        "Ctrl+Shift+R",
    ),
    "reviewed": (
        "Mark as reviewed",
        "You have checked this unknown call (e.g. with PatientComms): it is then removed "
        "with other old calls once the retention period has passed",
        "Ctrl+Shift+M",
    ),
    "export": (
        "Export to CSV…",
        "Save every call matching the search and state filter as a CSV file",
        "Ctrl+Shift+E",
    ),
    "refresh": ("Refresh", "Read the history again", "F5"),
    "find": ("Search", "Go to the search box", QKeySequence.StandardKey.Find),
}


def history_action(parent: QObject, key: str, slot: Callable[[], None], scope: QWidget) -> QAction:
    """One of the pane's actions; its shortcut works while ``scope`` has focus."""
    text, tip, keys = ACTIONS[key]
    action = QAction(text, parent)
    action.setToolTip(tip)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    scope.addAction(action)
    return action


def action_button(parent: QWidget, action: QAction, name: str) -> QToolButton:
    """A text-only tool button for ``action``, its shortcut in the tooltip."""
    button = QToolButton(parent)
    button.setDefaultAction(action)
    button.setObjectName(name)
    button.setAccessibleName(action.text().rstrip("…"))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    button.setToolTip(f"{action.toolTip()} ({keys})")
    return button


def set_up_table(view: QTableView, model: QAbstractItemModel) -> None:
    """The history table's behaviour and column widths (sized for their longest usual text)."""
    view.setModel(model)
    view.setSortingEnabled(False)  # newest first, by design
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setShowGrid(False)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
    _size_columns(view)


def _size_columns(view: QTableView) -> None:
    fm = view.fontMetrics()
    pad = fm.averageCharWidth() + 12
    samples = {
        COL_BOOKED: "00/00/0000 00:00",
        COL_DESTINATION: "07700 900123",  # longer foreign numbers elide; tooltip has all
        COL_SCHEDULE: "00/00/0000 09:30, 14:00",
        COL_STATE: "Outcome unknown",
        COL_MESSAGE_ID: "Message ID",
        COL_CREDITS: "Credits",
    }
    icon = view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setMinimumSectionSize(fm.horizontalAdvance("Credits") + pad)
    for column, sample in samples.items():
        extra = icon + 6 if column == COL_STATE else 0
        view.setColumnWidth(column, fm.horizontalAdvance(sample) + pad + extra)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Stretch)


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, text: tuple[str, str]) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(text[0])
    widget.setToolTip(text[1])
    return widget


__all__ = ["ACTIONS", "TIPS", "action_button", "history_action", "named", "set_up_table"]
