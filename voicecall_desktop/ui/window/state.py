"""Window geometry and splitter sizes, remembered by ``objectName`` in an INI file.

The file lives in ``VOICECALL_HOME`` (not the Windows registry), so each data
folder, and each test, has its own. A saved size and place is used only if it
still fits the screen's free area (a laptop moved from a big monitor to its own
1366×768 screen must not open with its status bar below the edge); otherwise the
window opens at its default size, shrunk to fit that area and centred on it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMainWindow, QSplitter

log = logging.getLogger(__name__)

FILE_NAME = "window.ini"
DEFAULT_SIZE = QSize(1280, 820)
# Room for a title bar and borders the window manager adds round the window (before
# the first show Qt cannot know them; these are Windows 10/11's at 100 %).
FRAME_ALLOWANCE = QSize(16, 39)


def window_settings(home: Path) -> QSettings:
    return QSettings(str(home / FILE_NAME), QSettings.Format.IniFormat)


def _bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


def _screen_for(window: QMainWindow, point: QPoint | None = None) -> QScreen | None:
    if point is not None:
        screen = QGuiApplication.screenAt(point)
        if screen is not None:
            return screen
    return window.screen() or QGuiApplication.primaryScreen()


def fit_to_screen(window: QMainWindow, size: QSize = DEFAULT_SIZE) -> QRect:
    """Give ``window`` ``size``, shrunk to the screen's free area (frame included), centred."""
    screen = _screen_for(window)
    if screen is None:  # no screen at all: nothing to fit to
        window.resize(size)
        return window.geometry()
    free = screen.availableGeometry()
    width = max(320, min(size.width(), free.width() - FRAME_ALLOWANCE.width()))
    height = max(240, min(size.height(), free.height() - FRAME_ALLOWANCE.height()))
    left = free.x() + (free.width() - width) // 2
    top = free.y() + max(0, (free.height() - height - FRAME_ALLOWANCE.height()) // 2)
    top += FRAME_ALLOWANCE.height() - FRAME_ALLOWANCE.width() // 2  # below the title bar
    window.setGeometry(QRect(left, min(top, free.bottom() - height), width, height))
    return window.geometry()


def fits(rect: QRect, window: QMainWindow) -> bool:
    """Whether ``rect`` (a window's client area) lies inside a screen's free area."""
    screen = _screen_for(window, rect.center())
    return screen is not None and screen.availableGeometry().contains(rect)


def restore(window: QMainWindow, home: Path, splitters: Sequence[QSplitter] | None = None) -> bool:
    """Size and place the window: as saved if that fits this screen, else to fit.

    Args:
        splitters: those whose sizes are restored (by ``objectName``); default: every
            splitter in the window (looking them up wraps each of its widgets for
            Python, which the first paint cannot afford).

    Returns:
        True when the saved size and place were used.
    """
    store = window_settings(home)
    rect = store.value("window/rect")
    saved_fits = isinstance(rect, QRect) and rect.isValid() and fits(rect, window)
    if saved_fits and isinstance(rect, QRect):
        # The plain rectangle, not restoreGeometry(): that one re-places a window saved
        # on another screen by rules of its own, which shrank it to its minimum here.
        window.setGeometry(rect)
        if str(store.value("window/maximized", "false")).lower() == "true":
            # Here, not at the top: loading the Qt namespace costs a sixth of a first paint.
            from PySide6.QtCore import Qt

            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    else:
        if rect is not None:
            log.info("the saved window size does not fit this screen; fitting it")
        fit_to_screen(window)
    state = _bytes(store.value("window/state"))
    if state is not None:
        window.restoreState(state)
    for splitter in window.findChildren(QSplitter) if splitters is None else splitters:
        name = splitter.objectName()
        saved = _bytes(store.value(f"splitters/{name}")) if name else None
        if saved is not None:
            splitter.restoreState(saved)
    return saved_fits


def save(window: QMainWindow, home: Path) -> None:
    store = window_settings(home)
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/rect", window.normalGeometry())
    store.setValue("window/maximized", window.isMaximized())
    store.setValue("window/state", window.saveState())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            store.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
    store.sync()
