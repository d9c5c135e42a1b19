"""The call form: what a receptionist types, with inline messages under each field.

The widget only gathers input and shows messages; every rule (what a valid
number, day or time is) comes from :mod:`voicecall_desktop.core`.

Signals:
    sendRequested(): the Send button.
    saveDraftRequested(): the Save draft button.
    newRequested(): the New call button.
    changed(): any input changed.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.phone import format_destination, parse_destination
from voicecall_desktop.core.schedule import build_schedule, local_now
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.store import StoreError
from voicecall_desktop.ui.booking.preview import RequestPreview
from voicecall_desktop.ui.booking.times import TimesEditor
from voicecall_desktop.ui.common.formats import DATE_FORMAT, en_gb, from_qdate, to_qdate
from voicecall_desktop.ui.common.widgets import FieldMessage, describe, named_button

log = logging.getLogger(__name__)

#: Why a (valid) number must not be called, or None; e.g. ``Service.blocked_reason``.
BlockedCheck = Callable[[int], str | None]

#: The form's fields by API name (the keys of InputErrors and of the API's Errors map).
FIELDS = ("Destination", "Date", "Times", "Username", "Source", "CustomerSiteId", "RestrictSends")


def field_for(key: str) -> str | None:
    """Which input an error key belongs to: ``request.Destination`` → ``Destination``."""
    name = key.rsplit(".", 1)[-1].strip().lower()
    for field in FIELDS:
        if field.lower() == name:
            return field
    return None


class CallFormWidget(QWidget):
    sendRequested = Signal()
    saveDraftRequested = Signal()
    newRequested = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.call_id: int | None = None
        self._baseline = CallForm()
        self._format = "json"
        self.messages: dict[str, FieldMessage] = {}
        self._blocked: BlockedCheck | None = None
        self._layout_order: list[QWidget] = []
        self._top_bar: QWidget | None = None
        self._build_header()
        self._build_when()
        self._build_sender()
        self._build_buttons()
        self.preview = RequestPreview()
        self._lay_out()
        self._connect()
        self.clear(Settings())

    # -- building -----------------------------------------------------------

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
        self.day = QDateEdit()
        self.day.setObjectName("Date")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(DATE_FORMAT)
        self.day.setLocale(en_gb())
        self.day.calendarWidget().setLocale(en_gb())
        self.day.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        describe(
            self.day,
            "Day of the call",
            "The day the patient is called (dd/mm/yyyy). Press Alt+Down for the calendar. "
            "Past days are refused.",
        )
        self.messages["Date"] = FieldMessage("Date")
        self.times = TimesEditor(self._chosen_day)
        self.messages["Times"] = self.times.message

    def _build_sender(self) -> None:
        """Who the call is from (defaults from Settings)."""
        self.username = self._line_edit(
            "Username",
            "PatientComms user name",
            "Your PatientComms user name (the default comes from Settings)",
        )
        self.source = self._line_edit(
            "Source",
            "Source",
            "Who the call says it is from: 3 to 14 characters (default from Settings)",
        )
        self.site = self._line_edit(
            "CustomerSiteId",
            "Customer site ID",
            "Optional: your site's ID at PatientComms, up to 100 characters",
        )
        self.restrict = QCheckBox("&Restrict sends")
        self.restrict.setObjectName("RestrictSends")
        describe(
            self.restrict,
            "Restrict sends",
            "Ticked: PatientComms applies its send restrictions to this call "
            "(RestrictSends = true)",
        )
        self.messages["RestrictSends"] = FieldMessage("RestrictSends")

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
            "Start an empty call; unsaved changes are kept as a draft (Ctrl+N)",
        )

    def _line_edit(self, name: str, accessible: str, tip: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        describe(edit, accessible, tip)
        self.messages[name] = FieldMessage(name)
        return edit

    def _row(self, widget: QWidget, field: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
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

        sender = QGroupBox("Sender (defaults from Settings)")
        sender_form = QFormLayout(sender)
        sender_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        sender_form.addRow(
            self._label("&User name:", self.username), self._row(self.username, "Username")
        )
        sender_form.addRow(self._label("S&ource:", self.source), self._row(self.source, "Source"))
        sender_form.addRow(
            self._label("Site &ID:", self.site), self._row(self.site, "CustomerSiteId")
        )
        sender_form.addRow("", self._row(self.restrict, "RestrictSends"))

        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)

        layout = QVBoxLayout(self)
        self._layout = layout
        layout.addWidget(self.title)
        layout.addWidget(self.notice)
        layout.addWidget(call)
        layout.addWidget(sender)
        layout.addLayout(buttons)
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
            self.preview.text,
        ]
        self._layout_order = order
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def add_top_bar(self, bar: QWidget, focus_chain: Sequence[QWidget]) -> None:
        """Put ``bar`` (e.g. the presets) above the call's fields, first in the Tab order."""
        self._top_bar = bar
        self._layout.insertWidget(self._layout.indexOf(self.notice) + 1, bar)
        for first, second in itertools.pairwise([*focus_chain, *self._layout_order]):
            QWidget.setTabOrder(first, second)

    def set_blocked_check(self, check: BlockedCheck | None) -> None:
        """Check each valid number as it is typed (the do-not-call list); None: don't."""
        self._blocked = check
        self.recheck_destination()

    def _connect(self) -> None:
        self.destination.textChanged.connect(self._on_destination_text_changed)
        self.day.dateChanged.connect(self._on_day_date_changed)
        self.times.changed.connect(self._on_times_changed)
        for name, edit in (
            ("Username", self.username),
            ("Source", self.source),
            ("CustomerSiteId", self.site),
        ):
            edit.textEdited.connect(lambda _text, n=name: self.messages[n].clear_message())
            edit.textChanged.connect(self._on_input_changed)
        self.restrict.toggled.connect(self._on_input_changed)
        self.send_button.clicked.connect(self.sendRequested)
        self.draft_button.clicked.connect(self.saveDraftRequested)
        self.new_button.clicked.connect(self.newRequested)

    # -- reading and writing ------------------------------------------------

    def form(self) -> CallForm:
        """What the person typed, as typed."""
        return CallForm(
            destination=self.destination.text(),
            username=self.username.text(),
            source=self.source.text(),
            site=self.site.text(),
            restrict_sends=self.restrict.isChecked(),
            day=from_qdate(self.day.date()),
            times=self.times.times(),
        )

    def load(self, form: CallForm, call_id: int | None = None) -> None:
        """Show ``form``; ``call_id`` is the draft it edits (None: a new call)."""
        self.call_id = call_id
        self.destination.setText(form.destination)
        self.username.setText(form.username)
        self.source.setText(form.source)
        self.site.setText(form.site)
        self.restrict.setChecked(form.restrict_sends)
        self.day.setDate(to_qdate(form.day or local_now().date()))
        self.times.set_times(form.times)
        self.times.reset_edit()
        self.clear_errors()
        self._on_destination_text_changed(self.destination.text())
        self._check_schedule()
        self.mark_saved()
        self._update_title()
        self._refresh()

    def set_sender(self, form: CallForm) -> None:
        """Fill Username, Source, site, RestrictSends and the times from ``form``.

        The number, the day and which draft is edited stay as they are (a preset
        never carries a patient's details).
        """
        self.username.setText(form.username)
        self.source.setText(form.source)
        self.site.setText(form.site)
        self.restrict.setChecked(form.restrict_sends)
        for name in ("Username", "Source", "CustomerSiteId", "RestrictSends"):
            self.messages[name].clear_message()
        self.times.set_times(form.times)
        self._check_schedule()
        self._refresh()

    def clear(self, defaults: Settings) -> None:
        """An empty new call with the sender fields from ``defaults``."""
        self.load(
            CallForm(
                username=defaults.username,
                source=defaults.source,
                site=defaults.site,
                restrict_sends=defaults.restrict_sends,
            )
        )
        self.show_notice("")

    def set_call_id(self, call_id: int | None) -> None:
        """Which draft the form edits (None: a new call)."""
        self.call_id = call_id
        self._update_title()

    def mark_saved(self) -> None:
        self._baseline = self.form()

    def is_dirty(self) -> bool:
        """True when the form holds changes not kept anywhere yet."""
        return self.form() != self._baseline

    def has_content(self) -> bool:
        form = self.form()
        return bool(form.destination.strip() or form.times)

    def set_format(self, fmt: str) -> None:
        self._format = fmt
        self._refresh()

    def set_busy(self, busy: bool) -> None:
        """While a call from this form is being sent, its inputs wait for the outcome."""
        for widget in (
            self.destination,
            self.day,
            self.times,
            self.username,
            self.source,
            self.site,
            self.restrict,
            self.send_button,
            self.draft_button,
            self._top_bar,
        ):
            if widget is not None:
                widget.setEnabled(not busy)

    # -- messages -----------------------------------------------------------

    def show_errors(self, errors: Iterable[FieldError]) -> list[str]:
        """Show each error under its field; returns those that belong to no field."""
        self.clear_errors()
        general: list[str] = []
        first: QWidget | None = None
        for error in errors:
            field = field_for(error.field)
            if field is None:
                general.append(str(error))
                continue
            self.messages[field].show_error(error.message)
            if first is None:
                first = self._input(field)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return general

    def clear_errors(self) -> None:
        for message in self.messages.values():
            message.clear_message()

    def error_text(self, field: str) -> str:
        return self.messages[field].message()

    def show_notice(self, text: str, kind: str = "info") -> None:
        colours = {"info": "#0b3d6e", "warning": "#7a3e00", "error": "#b91c1c", "ok": "#166534"}
        self.notice.setStyleSheet(f"color: {colours[kind]}; font-weight: bold;")
        self.notice.setText(text)
        self.notice.setAccessibleName(text)
        self.notice.setVisible(bool(text))

    def _input(self, field: str) -> QWidget:
        return {
            "Destination": self.destination,
            "Date": self.day,
            "Times": self.times.edit,
            "Username": self.username,
            "Source": self.source,
            "CustomerSiteId": self.site,
            "RestrictSends": self.restrict,
        }[field]

    # -- live checks --------------------------------------------------------

    def _chosen_day(self) -> date:
        return from_qdate(self.day.date())

    def _update_title(self) -> None:
        if self.call_id is None:
            self.title.setText("New call")
        else:
            self.title.setText(f"Editing draft #{self.call_id}")

    def recheck_destination(self) -> None:
        """Check the number again (e.g. after the do-not-call list changed)."""
        self._on_destination_text_changed(self.destination.text())

    def _on_destination_text_changed(self, text: str) -> None:
        message = self.messages["Destination"]
        if not text.strip():
            message.clear_message()
        else:
            try:
                number = parse_destination(text)
            except FieldError as exc:
                message.show_error(exc.message)
            else:
                reason = self._blocked_reason(number)
                if reason:
                    message.show_error(reason)
                else:
                    message.show_hint(f"Will call {format_destination(number)} (sent as {number})")
        self._refresh()

    def _blocked_reason(self, number: int) -> str | None:
        if self._blocked is None:
            return None
        try:
            return self._blocked(number)
        except StoreError as exc:  # Send checks again; a hint must never break typing
            log.warning("could not check the do-not-call list as the number was typed: %s", exc)
            return None

    def _on_day_date_changed(self, _day: QDate) -> None:
        self._check_schedule()
        self._refresh()

    def _on_times_changed(self) -> None:
        self._check_schedule()
        self._refresh()

    def _on_input_changed(self, *_args: object) -> None:
        self._refresh()

    def _check_schedule(self) -> None:
        """A past day, or a listed time already past, is shown as soon as it is chosen."""
        self.messages["Date"].clear_message()
        if self.times.message.is_error and self.times.times():
            self.times.message.clear_message()
        try:
            build_schedule(self._chosen_day(), list(self.times.times()))
        except FieldError as exc:
            if exc.field in self.messages:
                self.messages[exc.field].show_error(exc.message)

    def _refresh(self) -> None:
        self.preview.show_form(self.form(), self._format)
        self.changed.emit()
