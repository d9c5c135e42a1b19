"""How the main window is laid out: the form beside the outbox over the history; its actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget


def central_widget(
    form: QWidget, outbox: QWidget, history: QWidget, banners: Sequence[QWidget]
) -> tuple[QWidget, QSplitter]:
    """The window's central widget and its main (horizontal) splitter.

    The form scrolls on its own, so a small screen never hides the Send button
    behind the lists; splitter sizes are saved by ``objectName`` (window state).
    """
    scroll = QScrollArea()
    scroll.setObjectName("FormScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(form)
    scroll.setMinimumWidth(360)
    lists = QSplitter(Qt.Orientation.Vertical)
    lists.setObjectName("ListsSplitter")
    lists.addWidget(outbox)
    lists.addWidget(history)
    lists.setStretchFactor(0, 1)
    lists.setStretchFactor(1, 3)
    lists.setSizes([170, 610])
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("MainSplitter")
    splitter.addWidget(scroll)
    splitter.addWidget(lists)
    splitter.setStretchFactor(0, 2)
    splitter.setStretchFactor(1, 3)
    splitter.setSizes([500, 780])
    splitter.setChildrenCollapsible(False)
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(8, 8, 8, 4)
    for banner in banners:
        layout.addWidget(banner)
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


__all__ = ["central_widget", "make_action"]
