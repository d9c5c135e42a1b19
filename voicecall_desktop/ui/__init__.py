"""The PySide6 window. Widgets, models and the worker thread; no business rules.

``build_main_window()`` is the entry point other code and tests use (CONTRACT.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voicecall_desktop.ui.window.main_window import MainWindow


def build_main_window(**options: Any) -> MainWindow:
    """The main window, not yet shown, configured from the environment.

    ``VOICECALL_HOME`` chooses the data folder and ``VOICECALL_BASE_URL`` the API
    address. A ``QApplication`` must exist. ``options`` go to
    :class:`~voicecall_desktop.ui.window.main_window.MainWindow` (e.g. ``probe_interval_ms``).
    """
    from PySide6.QtWidgets import QApplication

    from voicecall_desktop.service import Service
    from voicecall_desktop.ui.common.formats import use_en_gb
    from voicecall_desktop.ui.window.main_window import MainWindow

    if not isinstance(QApplication.instance(), QApplication):
        raise RuntimeError("build_main_window() needs a QApplication; create one first")
    use_en_gb()
    return MainWindow(Service(), **options)


__all__ = ["build_main_window"]
