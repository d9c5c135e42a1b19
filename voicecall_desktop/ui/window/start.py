"""The window as first drawn, from Qt alone, while the rest of the program loads.

Loading the rules (pydantic models, phone numbers), the HTTP client and the
store takes several times longer than drawing a window. So ``voicecall-desktop``
shows this first: the same title, size and menus, the call form's fields ready
for typing, the lists saying they are being read. On the next turns of the
event loop the service and the full window are built; :func:`hand_over` then
moves whatever was typed here into the real form and shows that in its place.

Nothing here may import ``voicecall_desktop.core``, the store, the service or
the API client: that is the point of it (a test checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop import APP_NAME
from voicecall_desktop.ui.window import state as window_state

if TYPE_CHECKING:
    from voicecall_desktop.ui.window.main_window import MainWindow

LOADING = "Starting… you can type the call now; it is kept."


def app_icon() -> QIcon:
    """The application's icon, found without loading the rest of the program."""
    path = Path(str(resources.files("voicecall_desktop") / "resources" / "app.svg"))
    return QIcon(str(path)) if path.exists() else QIcon()


class StartWindow(QMainWindow):
    """Looks like the main window; its form takes typing until the real one is ready."""

    def __init__(self, home: Path | None = None, *, training: bool = False) -> None:
        super().__init__()
        self.setObjectName("StartWindow")
        self.setWindowTitle(APP_NAME + (" — training" if training else ""))
        self.setWindowIcon(app_icon())
        self.first_paint: Callable[[], None] | None = None
        for title in ("&Call", "&Outbox", "&Tools", "&Help"):
            self.menuBar().addMenu(title).setEnabled(False)
        self._build_form()
        lists = QLabel("Reading the outbox and the call history…")
        lists.setMargin(24)
        # No ``Qt`` namespace here: importing it costs more than the rest of this window.
        splitter = QSplitter()  # horizontal
        splitter.setObjectName("MainSplitter")  # the real window's sizes, if saved
        splitter.addWidget(self.form)
        splitter.addWidget(lists)
        splitter.setSizes([500, 780])
        self.setCentralWidget(splitter)
        self.statusBar().showMessage(LOADING)
        self.resize(1280, 820)
        if home is not None:
            window_state.restore(self, home)
        self.installEventFilter(self)

    def _build_form(self) -> None:
        self.form = QWidget()
        call = QGroupBox("Patient and time")
        call_rows = QFormLayout(call)
        self.destination = QLineEdit()
        self.destination.setObjectName("Destination")
        self.destination.setPlaceholderText("07700 900123")
        self.destination.setAccessibleName("Patient's phone number")
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("Date")
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        call_rows.addRow("&Phone number:", self.destination)
        call_rows.addRow("Da&y:", self.day)
        sender = QGroupBox("Sender (defaults from Settings)")
        sender_rows = QFormLayout(sender)
        self.username = QLineEdit()
        self.username.setObjectName("Username")
        self.source = QLineEdit()
        self.source.setObjectName("Source")
        self.site = QLineEdit()
        self.site.setObjectName("CustomerSiteId")
        self.restrict = QCheckBox("&Restrict sends")
        self.restrict.setObjectName("RestrictSends")
        sender_rows.addRow("&User name:", self.username)
        sender_rows.addRow("S&ource:", self.source)
        sender_rows.addRow("Site &ID:", self.site)
        sender_rows.addRow("", self.restrict)
        title = QLabel("<b>New call</b>")
        layout = QVBoxLayout(self.form)
        for widget in (title, call, sender):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.destination.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint and self.first_paint:
            callback, self.first_paint = self.first_paint, None
            callback()
        return super().eventFilter(watched, event)


def hand_over(start: StartWindow, window: MainWindow) -> None:
    """Show ``window`` in place of ``start``, with everything typed there kept."""
    form = window.form
    edits = (
        (start.destination, form.destination),
        (start.username, form.username),
        (start.source, form.source),
        (start.site, form.site),
    )
    for typed, real in edits:
        if typed.isModified():  # typed by a person: it wins over the defaults
            real.setText(typed.text())
    if start.day.date() != QDate.currentDate():
        form.day.setDate(start.day.date())
    if start.restrict.isChecked():
        form.restrict.setChecked(True)
    focused = next((real for typed, real in edits if typed.hasFocus()), form.destination)
    window.setGeometry(start.geometry())
    window.show()
    focused.setFocus()
    focused.end(False)
    start.close()
    start.deleteLater()


__all__ = ["StartWindow", "app_icon", "hand_over"]
