"""Settings → Calling hours: when calls may go out, which bank holidays, open days, closures.

The rules live in ``core`` (quiet hours, UK bank holidays from the ``holidays``
package, the practice's open days and one-off closures); this tab only edits the
five settings behind them, in words a practice manager uses: "Calls from 08:00
to 20:00", "Bank holidays for England and Wales", ticks for the open days, one
closure a line ("24/12/2026 Staff training").
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.practice_days import NATION_NAMES, WEEKDAY_NAMES, WEEKDAYS
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.ui.common.widgets import FieldMessage, describe

EXPLAIN = (
    "Automated calls go out only inside these hours, on the days the practice is open. "
    "A time outside them, a bank holiday or a closed day is refused in the form and in "
    "call lists unless someone confirms it."
)


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def closures_text(settings: Settings) -> str:
    """One closure a line, dd/mm/yyyy then the reason."""
    return "\n".join(f"{c.date:%d/%m/%Y} {c.reason}" for c in settings.closures)


def closures_value(text: str) -> list[dict[str, str]]:
    """The lines typed, as the setting takes them (each checked by the settings model)."""
    closures = []
    for line in text.splitlines():
        day, _, reason = line.strip().partition(" ")
        if day:
            closures.append({"date": day.rstrip(":,"), "reason": reason.strip(" :-–")})
    return closures


class HoursBox(QWidget):
    """The calling-hours settings; ``values()`` gives them for :class:`Settings`."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HoursBox")
        explain = QLabel(EXPLAIN)
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #374151;")
        self.calls_from = QLineEdit(settings.quiet_hours_end.strftime("%H:%M"))
        self.calls_from.setObjectName("CallsFrom")
        describe(
            self.calls_from, "Calls from", "The earliest time a call may be booked, e.g. 08:00"
        )
        self.calls_to = QLineEdit(settings.quiet_hours_start.strftime("%H:%M"))
        self.calls_to.setObjectName("CallsTo")
        describe(self.calls_to, "Calls to", "No call is booked at or after this time, e.g. 20:00")
        for edit in (self.calls_from, self.calls_to):
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00:00 pm") + 24)
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.calls_from)
        hours_row.addWidget(_label("&to", self.calls_to))
        hours_row.addWidget(self.calls_to)
        hours_row.addStretch(1)
        self.hours_message = FieldMessage("CallingHours")
        self.nation = QComboBox()
        self.nation.setObjectName("NationCombo")
        for value, name in NATION_NAMES.items():
            self.nation.addItem(name, value)
        self.nation.setCurrentIndex(max(0, self.nation.findData(settings.nation)))
        describe(
            self.nation,
            "Bank holidays for",
            "Whose bank holidays the calendar shows and bookings are checked against",
        )
        self.days: dict[str, QCheckBox] = {}
        days_row = QHBoxLayout()
        for day in WEEKDAYS:
            box = QCheckBox(WEEKDAY_NAMES[day][:3])
            box.setObjectName(f"Open{day.capitalize()}")
            box.setChecked(day in settings.open_weekdays)
            describe(
                box,
                f"Open on {WEEKDAY_NAMES[day]}",
                f"The practice is open on {WEEKDAY_NAMES[day]}s",
            )
            self.days[day] = box
            days_row.addWidget(box)
        days_row.addStretch(1)
        self.days_message = FieldMessage("OpenDays")
        self.closures = QPlainTextEdit(closures_text(settings))
        self.closures.setObjectName("ClosuresEdit")
        self.closures.setPlaceholderText("24/12/2026 Staff training\n02/01/2027 Boiler repair")
        self.closures.setTabChangesFocus(True)
        self.closures.setFixedHeight(self.closures.fontMetrics().lineSpacing() * 4 + 12)
        describe(
            self.closures,
            "Closed days",
            "Days the practice is shut besides bank holidays: one a line, the date then why",
        )
        self.closures_message = FieldMessage("Closures")
        form = QFormLayout()
        form.addRow(_label("Calls &from:", self.calls_from), self._wrap(hours_row))
        form.addRow("", self.hours_message)
        form.addRow(_label("Bank holi&days for:", self.nation), self.nation)
        form.addRow("Open on:", self._wrap(days_row))
        form.addRow("", self.days_message)
        form.addRow(_label("Closu&res:", self.closures), self.closures)
        how = QLabel("One a line: the date (dd/mm/yyyy), then why the practice is closed.")
        how.setWordWrap(True)
        how.setStyleSheet("color: #4b5563;")
        form.addRow("", how)
        form.addRow("", self.closures_message)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addStretch(1)
        self.fields: dict[str, list[QWidget]] = {
            "quiet_hours_start": [self.calls_to],
            "quiet_hours_end": [self.calls_from],
            "nation": [self.nation],
            "open_weekdays": list(self.days.values()),
            "closures": [self.closures],
        }
        self.messages: dict[str, FieldMessage] = {
            "quiet_hours_start": self.hours_message,
            "quiet_hours_end": self.hours_message,
            "nation": self.days_message,
            "open_weekdays": self.days_message,
            "closures": self.closures_message,
        }

    @staticmethod
    def _wrap(layout: QHBoxLayout) -> QWidget:
        box = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        box.setLayout(layout)
        return box

    def values(self) -> dict[str, object]:
        """The settings as typed (the settings model checks and converts them)."""
        return {
            "quiet_hours_end": self.calls_from.text().strip(),
            "quiet_hours_start": self.calls_to.text().strip(),
            "nation": self.nation.currentData(),
            "open_weekdays": [day for day, box in self.days.items() if box.isChecked()],
            "closures": closures_value(self.closures.toPlainText()),
        }

    def clear_messages(self) -> None:
        for message in set(self.messages.values()):
            message.clear_message()


__all__ = ["HoursBox", "closures_text", "closures_value"]
