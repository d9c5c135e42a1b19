"""The history pane's parts: its actions (text, tip, shortcut), their buttons, the table's look."""

from __future__ import annotations

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

from voicecall_desktop.core.outcome_words import NOT_SURE
from voicecall_desktop.ui.calls.cells import (
    COL_BOOKED,
    COL_BOOKED_BY,
    COL_CREDITS,
    COL_DESK,
    COL_DESTINATION,
    COL_MESSAGE_ID,
    COL_RESULT,
    COL_SCHEDULE,
    GIVE_WAY,
    SHARED_COLUMNS,
)

TIPS = {
    "search": ("Search history", "Find calls by phone number or result"),
    "state": ("Filter by result", "Show only calls with this result"),
    "view": ("Call history", "Calls, newest first. Select one to see what happened to it"),
    "detail": ("Call details", "What happened to the selected call, and what to do"),
    "technical": (
        "Technical details",
        "Show or hide the request, PatientComms' answer and the audit trail (for IT)",
    ),
    "technical_text": (
        "Technical details of the call",
        "The request sent (API key hidden), PatientComms' own answer and the audit trail",
    ),
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


def history_action(parent: QObject, key: str, scope: QWidget) -> QAction:
    """One of the pane's actions; its shortcut works while ``scope`` has focus.

    The pane connects what it does (the layout makes it before the pane's slots exist).
    """
    text, tip, keys = ACTIONS[key]
    action = QAction(text, parent)
    action.setToolTip(tip)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
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


#: Sample text per column: each is sized for its longest usual text, not its rows
#: (sizing to contents would read every loaded row on each change).
_SAMPLES = {
    COL_DESTINATION: "07700 900123",  # longer foreign numbers elide; the tooltip has all
    COL_SCHEDULE: "00/00/0000 09:30, 14:00",
    COL_RESULT: NOT_SURE,
    COL_BOOKED: "00/00/0000 00:00",
    COL_MESSAGE_ID: "Message ID",
    COL_CREDITS: "100,000",
    COL_DESK: "RECEPTION-PC-2",  # longer names elide; the tooltip has all
    COL_BOOKED_BY: "reception2",
}
_WIDTHS = "history_widths"  # the view's property holding each column's width
_SHARED = "shared_store"  # the view's property: True shows the desk and the person


def _size_columns(view: QTableView) -> None:
    fm = view.fontMetrics()
    pad = fm.averageCharWidth() + 12
    icon = view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 6
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setMinimumSectionSize(fm.horizontalAdvance("Credits") + pad)
    widths = {}
    for column, sample in _SAMPLES.items():
        extra = icon if column == COL_RESULT else 0
        widths[column] = fm.horizontalAdvance(sample) + pad + extra
        view.setColumnWidth(column, widths[column])
    view.setProperty(_WIDTHS, widths)
    for column in SHARED_COLUMNS:  # until the window says the store is shared
        view.setColumnHidden(column, not view.property(_SHARED))
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # The result takes what is left; it is never narrower than its longest usual words.
    header.setSectionResizeMode(COL_RESULT, QHeaderView.ResizeMode.Stretch)


def fit_columns(view: QTableView) -> list[int]:
    """Hide the least needed columns that do not fit the view's width; the hidden ones.

    Phone number, day and times and the result always show in full; desk and
    booked by (shared store only), credits, message ID and booked at (also in
    the details below) give way in that order, and come back when the view is
    wide enough.
    """
    widths: dict[int, int] = view.property(_WIDTHS) or {}
    if not widths:
        return []
    room = view.viewport().width()
    shown = set(widths)
    if not view.property(_SHARED):  # one desk: every call is this PC's, the columns say nothing
        shown -= set(SHARED_COLUMNS)
    for column in GIVE_WAY:
        if sum(widths[c] for c in shown) <= room:
            break
        shown.discard(column)
    hidden = []
    for column in widths:
        view.setColumnHidden(column, column not in shown)
        if column not in shown:
            hidden.append(column)
    return hidden


def show_shared_columns(view: QTableView, shared: bool) -> list[int]:
    """Show the desk and booked-by columns (the shared store) or not; the hidden columns."""
    view.setProperty(_SHARED, shared)
    return fit_columns(view)


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, text: tuple[str, str]) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(text[0])
    widget.setToolTip(text[1])
    return widget


__all__ = [
    "ACTIONS",
    "TIPS",
    "action_button",
    "fit_columns",
    "history_action",
    "named",
    "set_up_table",
    "show_shared_columns",
]
