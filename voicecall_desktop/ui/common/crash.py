"""No traceback reaches a user: unexpected errors are logged and shown as a short dialog.

Qt's own messages go into Python logging too (logger ``qt``), so they land in
the same rotating, scrubbed log file.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
#: Harmless noise from some platform plugins, logged at DEBUG only.
_QT_NOISE = ("propagateSizeHints",)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def qt_message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _QT_LEVELS.get(mode, logging.WARNING)
    if any(noise in message for noise in _QT_NOISE):
        level = logging.DEBUG
    category = getattr(context, "category", None) or "default"
    qt_log.log(level, "[%s] %s", category, message)


def install_qt_message_handler() -> None:
    qInstallMessageHandler(qt_message_handler)


def make_excepthook(log_file: Path, *, show: bool = True) -> ExceptHook:
    """An ``sys.excepthook`` that logs at CRITICAL and tells the user where the details are."""
    showing = False

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.critical("unexpected error", exc_info=(kind, value, tb))
        if not show or showing or QApplication.instance() is None:
            return
        showing = True  # one dialog at a time, even if the dialog itself fails
        try:
            from PySide6.QtWidgets import QMessageBox  # here: the handler is set before paint

            box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong", "")
            box.setObjectName("CrashDialog")
            box.setText(
                "VoiceCall Desktop hit an unexpected problem. Your calls and drafts are "
                "saved; you can carry on, or restart the program if something looks wrong."
            )
            box.setInformativeText(f"The details are in the log file:\n{log_file}")
            box.exec()
        finally:
            showing = False

    return hook


def install_excepthook(log_file: Path) -> None:
    sys.excepthook = make_excepthook(log_file)
