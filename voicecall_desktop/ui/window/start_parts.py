"""The first paint's form and lists: the main window's shape, from Qt alone.

Each part is laid out as its real counterpart is (:mod:`..booking.form_layout`,
:mod:`..booking.times`, the preset bar, :mod:`..calls.outbox`, :mod:`..calls.history`),
so that when the real window takes its place no field moves under the person's
eyes or cursor (a test compares the places). Only the fields of the call can be
typed into; every button and list waits, disabled, for the real window.

No ``Qt`` namespace and nothing from the rest of the program: loading the namespace
alone costs a tenth of a bare window's first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QSize, QTime
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.ui.booking.times_grid import times_grid
from voicecall_desktop.ui.common.date_keys import DateKeys, start_at_the_day

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableWidget

OUTBOX_COLUMNS = ("#", "Result", "Phone number", "Day and times", "Note")
HISTORY_COLUMNS = ("Phone number", "Day and times", "Result", "Booked at", "Message ID", "Credits")
READING = "Reading the calls…"


def next_quarter_hour() -> QTime:
    """The time the real form offers first: the next quarter hour at least 10 minutes
    ahead on this PC's clock, or 23:45 late in the evening (``booking.times``)."""
    now = QTime.currentTime()
    minutes = ((now.hour() * 60 + now.minute() + 10) // 15 + 1) * 15
    return QTime(23, 45) if minutes >= 24 * 60 else QTime(minutes // 60, minutes % 60)


class StartTimeEdit(QLineEdit):
    """The time box: like the real one, what is typed first replaces the time offered
    (however the focus came here: a click, Tab, or a window made active late)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.isModified() and event.text().isprintable() and event.text():
            self.clear()
        super().keyPressEvent(event)


class StartDayEdit(QDateEdit):
    """The Date box, taking the keyboard as the real one does (``common.date_keys``):
    Tab leaves it for the time; "/" moves from day to month to year."""

    def __init__(self, day: QDate) -> None:
        super().__init__()
        self._keys = DateKeys(self)  # before anything sends the box an event
        self.setDate(day)

    def event(self, event: QEvent) -> bool:
        return self._keys.event(event, super().event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        start_at_the_day(self)


def _waiting_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setEnabled(False)
    return button


def _with_room_below(widget: QWidget, lines: int) -> QWidget:
    """``widget`` over the room its message line keeps in the real form (FormMessage)."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(1)
    column.addWidget(widget)
    room = QLabel()
    room.setFixedHeight(room.fontMetrics().lineSpacing() * lines)
    column.addWidget(room)
    return box


class StartForm(QWidget):
    """The call form: the fields take typing; :func:`.start.hand_over` moves it across."""

    def __init__(self) -> None:
        super().__init__()
        self._build_fields()
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        title = QLabel("New call")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addLayout(self._preset_row())
        layout.addWidget(self._when_group())
        layout.addWidget(self._sender_group())
        layout.addLayout(self._button_row())
        fold = QLabel("▸ Show the request for IT (JSON, key masked)")
        fold.setEnabled(False)
        layout.addWidget(fold)
        layout.addStretch(1)
        for first, second in zip(self.fields, self.fields[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def finish(self) -> None:
        """What can wait for the turn after the first paint: the clear buttons (shown
        only once something is typed; their icon costs a little to load)."""
        for edit in (self.destination, self.username, self.source, self.site):
            edit.setClearButtonEnabled(True)

    def _build_fields(self) -> None:
        self.destination = QLineEdit()
        self.destination.setObjectName("Destination")
        self.destination.setPlaceholderText("07700 900123")
        self.destination.setAccessibleName("Patient's phone number")
        self.day = StartDayEdit(QDate.currentDate())
        self.day.setObjectName("Date")
        self.day.setAccessibleName("Day of the call")
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        self.time = StartTimeEdit(next_quarter_hour().toString("HH:mm"))
        self.time.setObjectName("TimeEdit")
        self.time.setAccessibleName("Time to add")
        # The real one is a spin box, a little taller than a line edit, as the day's box is.
        self.time.setFixedHeight(self.day.sizeHint().height())
        self.username = self._sender_edit("Username", "PatientComms user name")
        self.source = self._sender_edit("Source", "From (Source)")
        self.site = self._sender_edit("CustomerSiteId", "Site ID")
        self.restrict = QCheckBox("&Restrict sends")
        self.restrict.setObjectName("RestrictSends")
        self.restrict.setAccessibleName("Restrict sends")
        self.fields: list[QWidget] = [
            self.destination,
            self.day,
            self.time,
            self.username,
            self.source,
            self.site,
            self.restrict,
        ]

    @staticmethod
    def _sender_edit(name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        return edit

    @staticmethod
    def _preset_row() -> QHBoxLayout:
        combo = QComboBox()
        combo.setPlaceholderText("Choose a preset…")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.setEnabled(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Fi&ll from preset:")
        label.setBuddy(combo)
        row.addWidget(label)
        row.addWidget(combo, 1)
        row.addWidget(_waiting_button("Sa&ve as…"))
        row.addWidget(_waiting_button("&Manage…"))
        return row

    def _when_group(self) -> QGroupBox:
        group = QGroupBox("Patient and time")
        rows = QFormLayout(group)
        rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows.setVerticalSpacing(2)
        phone = self._label("&Phone number:", self.destination)
        rows.addRow(phone, _with_room_below(self.destination, 2))
        day_row = QWidget()
        day_line = QHBoxLayout(day_row)
        day_line.setContentsMargins(0, 0, 0, 0)
        day_line.addWidget(self.day)
        day_line.addStretch(1)
        rows.addRow(self._label("Da&y:", self.day), _with_room_below(day_row, 2))
        times = QWidget()
        # An empty box where the list of times is: a list view costs more to make than
        # the rest of this form, and an empty, waiting one looks the same.
        listed = QFrame()
        listed.setFrameShape(QFrame.Shape.StyledPanel)
        listed.setFrameShadow(QFrame.Shadow.Sunken)
        listed.setBackgroundRole(QPalette.ColorRole.Base)
        listed.setAutoFillBackground(True)
        listed.setFixedHeight(96)  # as tall as the real list is while it is short
        add, remove = _waiting_button("&Add time"), _waiting_button("Remove")
        outer = QVBoxLayout(times)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(times_grid(self.time, add, listed, remove))
        room = QLabel()
        room.setFixedHeight(room.fontMetrics().lineSpacing() * 2)
        outer.addWidget(room)
        rows.addRow(self._label("&Times:", self.time), times)
        return group

    def _sender_group(self) -> QGroupBox:
        group = QGroupBox("Sender (usually as in Settings)")
        grid = QGridLayout(group)
        grid.setVerticalSpacing(2)
        pairs = (
            (("&User name:", self.username), ("&From:", self.source)),
            (("Site &ID:", self.site), ("", self.restrict)),
        )
        for row, pair in enumerate(pairs):
            for column, (text, widget) in enumerate(pair):
                if text:
                    label = self._label(text, widget)
                    label.setContentsMargins(0, 3, 0, 0)
                    grid.addWidget(_with_room_below(label, 1), row, column * 2)
                grid.addWidget(_with_room_below(widget, 1), row, column * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return group

    @staticmethod
    def _button_row() -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(_waiting_button("&Send call"))
        row.addWidget(_waiting_button("Save &draft"))
        row.addStretch(1)
        row.addWidget(_waiting_button("&New call"))
        return row

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label


class StartScroll(QScrollArea):
    """The form's scroll area, sized as the real one (``window.layout.FormScroll``): as
    wide as the form and a vertical scroll bar, so on a short screen it scrolls the same."""

    def __init__(self, form: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(form)

    def minimumSizeHint(self) -> QSize:
        form = self.widget()
        if form is None:
            return super().minimumSizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        width = form.minimumSizeHint().width() + bar + 2 * self.frameWidth() + 2
        return QSize(width, super().minimumSizeHint().height())


def _table(columns: tuple[str, ...]) -> QTableWidget:
    from PySide6.QtWidgets import QHeaderView, QTableWidget

    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().setVisible(False)
    # Shared out evenly: never wider than the pane, so no scroll bar under an empty list.
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setEnabled(False)
    return table


def start_lists() -> QWidget:
    """The outbox over the history, empty and waiting, as the real panes lay them out."""
    from PySide6.QtWidgets import QTextBrowser  # item views and a browser: after the paint

    outbox_title = QLabel("<b>Outbox</b>")
    outbox_buttons = QHBoxLayout()
    for text in ("Edit draft", "Delete draft", "Back to draft"):
        outbox_buttons.addWidget(_waiting_button(text))
    outbox_buttons.addStretch(1)
    outbox_buttons.addWidget(_waiting_button("Send queued now"))

    search = QLineEdit()
    search.setPlaceholderText("Phone number or reason…")
    search.setEnabled(False)
    states = QComboBox()
    states.addItem("All calls")
    states.setEnabled(False)
    filters = QHBoxLayout()
    filters.addWidget(QLabel("Search:"))
    filters.addWidget(search, 2)
    filters.addWidget(states)
    filters.addWidget(QLabel(READING), 1)
    filters.addWidget(_waiting_button("Refresh"))
    filters.addWidget(_waiting_button("Export to CSV"))
    call_buttons = QHBoxLayout()
    for text in ("Copy", "Use as new call", "Send again", "Mark as reviewed"):
        call_buttons.addWidget(_waiting_button(text))
    call_buttons.addStretch(1)
    detail = QTextBrowser()
    detail.setPlaceholderText("Select a call to see what happened to it.")
    detail.setEnabled(False)

    lists = QWidget()
    lists.setObjectName("ListsColumn")
    column = QVBoxLayout(lists)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(outbox_title)
    column.addWidget(_table(OUTBOX_COLUMNS), 1)
    column.addLayout(outbox_buttons)
    column.addLayout(filters)
    column.addWidget(_table(HISTORY_COLUMNS), 3)
    column.addLayout(call_buttons)
    column.addWidget(detail, 2)
    return lists


__all__ = ["READING", "StartForm", "StartScroll", "next_quarter_hour", "start_lists"]
