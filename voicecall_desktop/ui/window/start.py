"""The window as first drawn, from Qt alone, while the rest of the program loads.

Loading the rules (pydantic models, phone numbers), the HTTP client and the
store takes several times longer than drawing a window. So ``voicecall-desktop``
shows this first: the same title, size, menus and layout (:mod:`.start_parts`),
the call form's fields ready for typing, the lists waiting. On the next turns of the
event loop the service and the full window are built; :func:`hand_over` then
moves whatever was typed here into the real form and shows that in its place.

Nothing here may import ``voicecall_desktop.core``, the store, the service or
the API client: that is the point of it (a test checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop import APP_NAME
from voicecall_desktop.ui.window import state as window_state
from voicecall_desktop.ui.window.start_parts import StartForm, StartScroll, start_lists

if TYPE_CHECKING:
    from voicecall_desktop.ui.window.main_window import MainWindow

LOADING = "Starting… you can type the call now; it is kept."
#: The most the rest of start-up waits for the lists' frames to paint.
SETTLE_LIMIT_MS = 300

# The menus of both windows. Their letters (Alt+C, B, G, W, H) are clear of the form's
# and the lists' own mnemonics: one letter, one place (a test walks the window).
CALL, OUTBOX, SETTINGS, WINDOW, HELP = "&Call", "Out&box", "Settin&gs", "&Window", "&Help"
MENUS = (CALL, OUTBOX, SETTINGS, WINDOW, HELP)


class StartWindow(QMainWindow):
    """Shaped as the main window; its form takes typing until the real one is ready.

    Drawn in two steps: the first paint is the window with its form; the outbox's
    and the history's frames (item views cost more to make than the rest of this
    window) follow on the next turn of the event loop. ``first_paint`` is called on
    the first, ``settled`` once the lists have painted too.
    """

    def __init__(self, home: Path | None = None, *, training: bool = False) -> None:
        super().__init__()
        self.setObjectName("StartWindow")
        self.setWindowTitle(APP_NAME + (" — training" if training else ""))
        self.first_paint: Callable[[], None] | None = None
        self.settled: Callable[[], None] | None = None
        for title in MENUS:
            self.menuBar().addMenu(title).setEnabled(False)
        self.form = StartForm()
        self.lists: QWidget | None = None
        self.splitter = QSplitter()  # horizontal, as the real window's MainSplitter
        self.splitter.setObjectName("MainSplitter")  # the real window's sizes, if saved
        self.splitter.addWidget(StartScroll(self.form))
        self.splitter.addWidget(QWidget())  # the lists' place, until they are drawn
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([500, 780])
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(5)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(LOADING)
        if home is not None:
            window_state.restore(self, home, [self.splitter])  # as saved if it fits
        else:
            window_state.fit_to_screen(self)
        self.form.destination.setFocus()
        self.installEventFilter(self)

    def add_lists(self) -> None:
        """Put the lists' frames in their place (once)."""
        if self.lists is not None:
            return
        self.form.finish()
        self.lists = start_lists()
        self.lists.installEventFilter(self)
        self.splitter.replaceWidget(1, self.lists)
        # Lists squeezed to nothing (or never exposed) get no paint: go on all the same.
        QTimer.singleShot(SETTLE_LIMIT_MS, self, lambda: self._call("settled"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if watched is self and self.lists is None:
                QTimer.singleShot(0, self, self.add_lists)
                self._call("first_paint")
            elif watched is self.lists:
                self._call("settled")
        return super().eventFilter(watched, event)

    def _call(self, name: str) -> None:
        callback = getattr(self, name)
        if callback is not None:
            setattr(self, name, None)
            callback()


def hand_over(start: StartWindow, window: MainWindow) -> None:
    """Show ``window`` in place of ``start``, with everything typed there kept."""
    form, first = window.form, start.form
    edits = (
        (first.destination, form.destination),
        (first.username, form.username),
        (first.source, form.source),
        (first.site, form.site),
    )
    for typed, real in edits:
        if typed.isModified():  # typed by a person: it wins over the defaults
            real.setText(typed.text())
    if first.day.date() != QDate.currentDate():
        form.day.setDate(first.day.date())
    if first.restrict.isChecked():
        form.restrict.setChecked(True)
    places: tuple[tuple[QWidget, QWidget], ...] = (
        *edits,
        (first.day, form.day),
        (first.time, form.times.edit),
        (first.restrict, form.restrict),
    )
    had_focus = start.focusWidget()  # even if the start window is not the active one
    focused = next((real for typed, real in places if typed is had_focus), form.destination)
    window.setGeometry(start.geometry())
    window.show()
    window.activateWindow()  # the keyboard goes on to the window that takes over
    # The form keeps the width it was typed in (both windows began from the same sizes,
    # but a splitter shares out a new width by its children's hints, which differ).
    window.splitter.setSizes(start.splitter.sizes())
    focused.setFocus()
    if isinstance(focused, QLineEdit):
        focused.end(False)
    if first.time.isModified():  # once shown: showing a time box re-reads its text
        form.times.edit.take_typed(first.time.text())
        if focused is not form.times.edit:
            form.times.edit.commit()  # left already: read as a whole, as leaving does
    LateKeys(start, window).start()


class LateKeys(QObject):
    """Keys that still reach the start window after the hand-over go on to the real one.

    The window system moves the keyboard to the real window a moment after it is
    shown; a key typed in that moment is delivered to the start window (seen under
    X: "07700 900123" arrived as "07700 9023"). So the start window stays open,
    covered by the real one at the same place, and passes on every key it gets to
    what has the focus in the real window, until the real window is the active one
    (or after ``LIMIT_MS``, should the window system never say so). Then it closes.
    """

    LIMIT_MS = 2_000

    def __init__(self, start: StartWindow, window: MainWindow) -> None:
        super().__init__(window)
        self._start: StartWindow | None = start
        self._window = window

    def start(self) -> None:
        app = QApplication.instance()
        if app is None or self._window.isActiveWindow():
            self.finish()
            return
        app.installEventFilter(self)
        QTimer.singleShot(self.LIMIT_MS, self, self.finish)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._start is None:
            return False
        if event.type() == QEvent.Type.WindowActivate and watched is self._window:
            self.finish()
        elif isinstance(event, QKeyEvent) and self._for_start(watched):
            target = self._window.focusWidget() or self._window.form.destination
            QApplication.sendEvent(target, event.clone())
            return True
        return False

    def _for_start(self, watched: QObject) -> bool:
        start = self._start
        if start is None or not isinstance(watched, QWidget):
            return False
        return watched is start or start.isAncestorOf(watched)

    def finish(self) -> None:
        """Close the start window (once): the real window has the keyboard now."""
        start, self._start = self._start, None
        if start is None:
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        start.close()
        start.deleteLater()


__all__ = ["MENUS", "LateKeys", "StartWindow", "hand_over"]
