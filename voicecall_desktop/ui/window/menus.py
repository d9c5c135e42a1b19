"""The main window's menus and keyboard shortcuts: one letter, one place.

Each action is also added to the window itself, so its shortcut works wherever
the focus is in the window, not only while its menu is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from voicecall_desktop.ui.window.layout import make_action
from voicecall_desktop.ui.window.start import CALL, HELP, MENUS, OUTBOX, SETTINGS, WINDOW

if TYPE_CHECKING:
    from voicecall_desktop.ui.window.main_window import MainWindow


class WindowMenus:
    """Call, Outbox, Settings, Window and Help, with the actions the window offers."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        bar = window.menuBar()
        self.menus: dict[str, QMenu] = {name: bar.addMenu(name) for name in MENUS}
        self._call_menu(window)
        self._outbox_menu(window)
        self._settings_menu(window)
        self._window_menu(window)
        self._add(HELP, "&About", window.dialogs.about)

    def _add(
        self, menu: str, text: str, slot: Callable[[], object], *keys: str, tip: str = ""
    ) -> QAction:
        action = make_action(self._window, text, slot, *keys, tip=tip)
        self.menus[menu].addAction(action)
        self._window.addAction(action)
        return action

    def _call_menu(self, window: MainWindow) -> None:
        booking = window.booking
        self.new = self._add(CALL, "&New call", booking.new_call, "Ctrl+N")
        self.send = self._add(CALL, "&Send", booking.send, "Ctrl+Return", "Ctrl+Enter")
        self.draft = self._add(CALL, "Save &draft", booking.save_draft, "Ctrl+S")
        self.import_list = self._add(
            CALL,
            "&Import call list…",
            window.import_call_list,
            "Ctrl+I",
            tip="Book one call per row of a CSV file (or drop the file on this window)",
        )
        self.menus[CALL].addSeparator()
        self._add(CALL, "&Quit", window.quit_asking, "Ctrl+Q")

    def _outbox_menu(self, window: MainWindow) -> None:
        self.flush = self._add(
            OUTBOX,
            "&Send queued now",
            window.flush_now,
            "F9",
            tip="Try to send every queued call now",
        )
        self._add(OUTBOX, "&Check connection", window.monitor.check_now, "Ctrl+F5")

    def _settings_menu(self, window: MainWindow) -> None:
        self._add(SETTINGS, "&Settings…", window.dialogs.open_settings, "Ctrl+,")
        self.do_not_call = self._add(
            SETTINGS,
            "&Do-not-call list…",
            window.dialogs.open_do_not_call,
            tip="Numbers patients asked never to be called: add, remove, import, export",
        )
        self.purge = self._add(
            SETTINGS,
            "&Remove old calls…",
            window.remove_old_calls,
            tip="Delete finished calls older than the retention period set in Settings",
        )
        self._add(SETTINGS, "Open the &log folder", window.dialogs.open_log_folder)

    def _window_menu(self, window: MainWindow) -> None:
        self._add(WINDOW, "Go to the &form", window.focus_form, "Ctrl+1")
        self._add(WINDOW, "Go to the &outbox", window.outbox.view.setFocus, "Ctrl+2")
        self._add(WINDOW, "Go to the &history", window.history.view.setFocus, "Ctrl+3")
        self.find = self._find_action()
        self.menus[WINDOW].addAction(self.find)

    def _find_action(self) -> QAction:
        """Ctrl+F: the history's search box, from anywhere in the window.

        The history pane has its own Find action (working while it has focus); it is
        widened to the whole window rather than doubled, since two actions on one key
        cancel each other out (Qt calls that an ambiguous shortcut and runs neither).
        """
        find = QKeySequence(QKeySequence.StandardKey.Find)
        for action in self._window.history.actions():
            if action.shortcut() == find:
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                action.setText("&Search the history")
                action.triggered.connect(self._show_history)
                return action
        action = make_action(self._window, "&Search the history", self._search_history, "Ctrl+F")
        self._window.addAction(action)
        return action

    def _show_history(self) -> None:
        """Make sure the history (and its search) is on screen: the lists may be hidden."""
        splitter = self._window.splitter
        sizes = splitter.sizes()
        if len(sizes) > 1 and sizes[1] == 0:
            splitter.setSizes([sizes[0] // 2, sizes[0] - sizes[0] // 2])

    def _search_history(self) -> None:
        self._show_history()
        self._window.history.focus_search()


__all__ = ["WindowMenus"]
