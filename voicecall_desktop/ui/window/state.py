"""Window geometry and splitter sizes, remembered by ``objectName`` in an INI file.

The file lives in ``VOICECALL_HOME`` (not the Windows registry), so each data
folder, and each test, has its own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

FILE_NAME = "window.ini"


def window_settings(home: Path) -> QSettings:
    return QSettings(str(home / FILE_NAME), QSettings.Format.IniFormat)


def _bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


def restore(window: QMainWindow, home: Path) -> bool:
    """Put the window and its splitters back as they were; False when nothing was saved."""
    store = window_settings(home)
    geometry = _bytes(store.value("window/geometry"))
    if geometry is None:
        return False
    window.restoreGeometry(geometry)
    state = _bytes(store.value("window/state"))
    if state is not None:
        window.restoreState(state)
    for splitter in window.findChildren(QSplitter):
        name = splitter.objectName()
        saved = _bytes(store.value(f"splitters/{name}")) if name else None
        if saved is not None:
            splitter.restoreState(saved)
    return True


def save(window: QMainWindow, home: Path) -> None:
    store = window_settings(home)
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/state", window.saveState())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            store.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
    store.sync()
