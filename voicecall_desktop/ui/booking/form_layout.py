"""The call form's widgets and their places; :mod:`.form` adds what they mean.

Each input carries the ``objectName`` CONTRACT.md gives it, an accessible name
and a tooltip, and has its own message line under it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.ui.booking.day_calendar import DayCalendar, DayEdit
from voicecall_desktop.ui.booking.form_message import FormMessage
from voicecall_desktop.ui.booking.preview import RequestPreview
from voicecall_desktop.ui.booking.times import TimesEditor
from voicecall_desktop.ui.common.formats import from_qdate
from voicecall_desktop.ui.common.widgets import FieldMessage, describe, named_button


class CallFormLayout(QWidget):
    """The fields, the buttons and the request preview: built and laid out, not yet wired."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messages: dict[str, FieldMessage] = {}
        self._layout_order: list[QWidget] = []
        self._top_bar: QWidget | None = None
        self._build_header()
        self._build_when()
        self._build_sender()
        self._build_buttons()
        self.preview = RequestPreview()
        self._lay_out()

    def _build_header(self) -> None:
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.notice = QLabel()
        self.notice.setObjectName("FormNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setVisible(False)

    def _build_when(self) -> None:
        """Who is called, on which day, at which times."""
        self.destination = self._line_edit(
            "Destination",
            "Patient's phone number",
            "The patient's phone number as you have it, e.g. 07700 900123 or +44 7700 900123",
            "07700 900123",
        )
        self.calendar = DayCalendar()
        self.day = DayEdit(self.calendar)
        self.day.setObjectName("Date")
        describe(
            self.day,
            "Day of the call",
            "The day the patient is called (dd/mm/yyyy). Press Alt+Down for the calendar. "
            "Past days are refused.",
        )
        self.messages["Date"] = FormMessage("Date", lines=2)
        self.times = TimesEditor(self._chosen_day)
        self.messages["Times"] = self.times.message

    def _build_sender(self) -> None:
        """Who the call is from (defaults from Settings)."""
        self.username = self._line_edit(
            "Username",
            "PatientComms user name",
            "Your user name at PatientComms: the call is booked under it. "
            "The usual one comes from Settings.",
        )
        self.source = self._line_edit(
            "Source",
            "From (Source)",
            "Who the call is from, as PatientComms names it for the patient "
            "(PatientComms calls this the Source): 3 to 14 characters, "
            "e.g. HighStSurgery. The usual one comes from Settings.",
        )
        self.site = self._line_edit(
            "CustomerSiteId",
            "Site ID",
            "Optional: your practice's site code at PatientComms, for an account with "
            "more than one site (up to 100 characters). Leave it empty if you have "
            "none; ask your IT support or PatientComms if unsure.",
        )
        self.restrict = QCheckBox("&Restrict sends")
        self.restrict.setObjectName("RestrictSends")
        describe(
            self.restrict,
            "Restrict sends",
            "Ticked: PatientComms applies the sending restrictions set up on your "
            "practice's PatientComms account to this call (RestrictSends). "
            "If unsure, leave it as Settings has it.",
        )
        self.messages["RestrictSends"] = FormMessage("RestrictSends")

    def _build_buttons(self) -> None:
        self.send_button = named_button(
            "&Send call", "SendButton", "Send call", "Book this call now (Ctrl+Enter)"
        )
        self.send_button.setDefault(True)
        self.draft_button = named_button(
            "Save &draft",
            "SaveDraftButton",
            "Save draft",
            "Keep this call as a draft in the outbox without sending it (Ctrl+S)",
        )
        self.new_button = named_button(
            "&New call",
            "NewButton",
            "New call",
            "Start an empty call (Ctrl+N); if this one has a number and is not kept "
            "yet, you are asked whether to keep it as a draft",
        )

    def _line_edit(self, name: str, accessible: str, tip: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        describe(edit, accessible, tip)
        self.messages[name] = FormMessage(name, lines=2 if name == "Destination" else 1)
        return edit

    def _row(self, widget: QWidget, field: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        if self.messages[field] is not widget:
            column.addWidget(self.messages[field])
        return box

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _lay_out(self) -> None:
        call = QGroupBox("Patient and time")
        call_form = QFormLayout(call)
        call_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        call_form.setVerticalSpacing(2)
        call_form.addRow(
            self._label("&Phone number:", self.destination),
            self._row(self.destination, "Destination"),
        )
        date_row = QWidget()
        date_line = QHBoxLayout(date_row)
        date_line.setContentsMargins(0, 0, 0, 0)
        date_line.addWidget(self.day)
        date_line.addStretch(1)
        call_form.addRow(self._label("Da&y:", self.day), self._row(date_row, "Date"))
        call_form.addRow(self._label("&Times:", self.times.edit), self.times)

        sender = QGroupBox("Sender (usually as in Settings)")
        # Two fields a row: the sender rarely changes, and the form must fit 600 px high.
        sender_grid = QGridLayout(sender)
        sender_grid.setVerticalSpacing(2)
        for row, pairs in enumerate(
            (
                (("&User name:", self.username, "Username"), ("&From:", self.source, "Source")),
                (("Site &ID:", self.site, "CustomerSiteId"), ("", self.restrict, "RestrictSends")),
            )
        ):
            for column, (text, widget, field) in enumerate(pairs):
                if text:
                    label = self._label(text, widget)
                    sender_grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignTop)
                    label.setContentsMargins(0, 3, 0, 0)
                sender_grid.addWidget(self._row(widget, field), row, column * 2 + 1)
        sender_grid.setColumnStretch(1, 1)
        sender_grid.setColumnStretch(3, 1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        self._layout = layout
        layout.addWidget(self.title)
        layout.addWidget(call)
        layout.addWidget(sender)
        layout.addLayout(buttons)
        # Under the buttons, where the eye is after Send: a notice appearing here moves
        # no field the person might be about to click.
        layout.addWidget(self.notice)
        layout.addWidget(self.preview, 1)

        order = [
            self.destination,
            self.day,
            self.times.edit,
            self.times.add_button,
            self.times.list,
            self.times.remove_button,
            self.username,
            self.source,
            self.site,
            self.restrict,
            self.send_button,
            self.draft_button,
            self.new_button,
            self.preview.toggle,
        ]
        self._layout_order = order
        self._focus_chain: list[QWidget] = list(order)
        self._apply_tab_order()

    def add_top_bar(self, bar: QWidget, focus_chain: Sequence[QWidget]) -> None:
        """Put ``bar`` (e.g. the presets) above the call's fields, first in the Tab order."""
        self._top_bar = bar
        self._layout.insertWidget(self._layout.indexOf(self.title) + 1, bar)
        self._focus_chain = [*focus_chain, *self._layout_order]
        self._apply_tab_order()

    def _apply_tab_order(self) -> None:
        for first, second in itertools.pairwise(self._focus_chain):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:
        # Qt (6.11) leaves some of the order set before the widgets are shown in a
        # window as it was; set it again once they are.
        self._apply_tab_order()
        super().showEvent(event)

    def _chosen_day(self) -> date:
        return from_qdate(self.day.date())


__all__ = ["CallFormLayout"]
