"""What the Import dialog's tests share: a window on the sandbox, a list on disk, the dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from voicecall_desktop.ui.call_list.dialog import ImportDialog
from voicecall_desktop.ui.window.main_window import MainWindow


class Answers:
    """Stands in for QMessageBox.question: records the text and answers Yes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self._question)

    def _question(self, _parent: object, _title: str, text: str, *_args: Any) -> Any:
        self.asked.append(text)
        return QMessageBox.StandardButton.Yes


def write(folder: Path, data: str | bytes, name: str = "list.csv") -> str:
    """The list as a file (text is written as UTF-8), and its path."""
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def open_list(window: MainWindow, qtbot: QtBot, path: str, *, show: bool = False) -> ImportDialog:
    """The Import dialog on ``path``, once its review is ready."""
    dialog = window.import_call_list(path)
    if show:
        dialog.show()
        qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.model.preview is not None, timeout=10_000)
    return dialog
