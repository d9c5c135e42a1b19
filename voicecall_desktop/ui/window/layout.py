"""How the main window is laid out: the form beside the outbox over the history; its actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QStyle, QVBoxLayout, QWidget


class FormScroll(QScrollArea):
    """The form's scroll area: as wide as the form needs, so it never scrolls sideways."""

    def __init__(self, form: QWidget) -> None:
        super().__init__()
        self.setObjectName("FormScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Never a focus stop of its own: a click on the form's blank space used to take
        # the focus here, and what was typed next went nowhere (seen under X at 1024x600).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(form)

    def minimumSizeHint(self) -> QSize:
        # The splitter asks this; the room for a vertical scroll bar is kept too, so a
        # short screen adds one without covering the form's right-hand buttons.
        form = self.widget()
        if form is None:
            return super().minimumSizeHint()
        extent = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        width = form.minimumSizeHint().width() + extent + 2 * self.frameWidth() + 2
        return QSize(width, super().minimumSizeHint().height())


def central_widget(
    form: QWidget, outbox: QWidget, history: QWidget, banners: Sequence[QWidget]
) -> tuple[QWidget, QSplitter]:
    """The window's central widget and its main (horizontal) splitter.

    The form scrolls up and down on its own but never sideways: the splitter
    never gives it less than its full width, so Add time, Manage… and New call
    are never hidden behind a scroll bar (at 1024×600 the form and the lists
    both fit side by side). Splitter sizes are saved by ``objectName``.
    """
    scroll = FormScroll(form)
    lists = QSplitter(Qt.Orientation.Vertical)
    lists.setObjectName("ListsSplitter")
    lists.addWidget(outbox)
    lists.addWidget(history)
    lists.setStretchFactor(0, 1)
    lists.setStretchFactor(1, 3)
    lists.setSizes([170, 610])
    # The banners (training, no key) sit over the lists, not over the whole window: on a
    # 600-pixel screen the form needs every line of its height for Send call to show.
    right = QWidget()
    right.setObjectName("ListsColumn")
    column = QVBoxLayout(right)
    column.setContentsMargins(0, 0, 0, 0)
    for banner in banners:
        column.addWidget(banner)
    column.addWidget(lists, 1)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("MainSplitter")
    splitter.addWidget(scroll)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, 2)
    splitter.setStretchFactor(1, 3)
    splitter.setSizes([500, 780])
    splitter.setChildrenCollapsible(False)
    splitter.setHandleWidth(5)
    central = QWidget()
    layout = QVBoxLayout(central)
    # Thin margins: at 1024 wide every pixel goes to the form and the history's columns.
    layout.setContentsMargins(2, 2, 2, 2)
    layout.addWidget(splitter, 1)
    return central, splitter


def make_action(
    parent: QObject, text: str, slot: Callable[[], object], *keys: str, tip: str = ""
) -> QAction:
    """A menu action calling ``slot`` (without the ``checked`` argument Qt passes)."""
    action = QAction(text, parent)
    if keys:
        action.setShortcuts([QKeySequence(k) for k in keys])
    action.setToolTip(tip or text.replace("&", ""))
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


__all__ = ["FormScroll", "central_widget", "make_action"]
