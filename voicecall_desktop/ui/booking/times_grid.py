"""Where the Times row's parts go: the time box and Add time, the list and Remove under them.

One place for the real form (:mod:`.times`) and the first paint's twin of it
(``ui/window/start_parts.py``), so the two cannot drift apart. Qt only, and no
``Qt`` namespace: the first paint uses it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget


def times_grid(box: QWidget, add: QWidget, listed: QWidget, remove: QWidget) -> QGridLayout:
    grid = QGridLayout()
    grid.setContentsMargins(0, 0, 0, 0)
    grid.addWidget(box, 0, 0)
    grid.addWidget(add, 0, 1)
    grid.addWidget(listed, 1, 0)
    side = QVBoxLayout()
    side.addWidget(remove)
    side.addStretch(1)
    grid.addLayout(side, 1, 1)
    grid.setColumnStretch(0, 1)
    return grid


__all__ = ["times_grid"]
