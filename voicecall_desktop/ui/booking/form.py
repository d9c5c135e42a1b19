"""The call form: what a receptionist types, with inline messages under each field.

The widget only gathers input and shows messages; every rule (what a valid
number, day or time is) comes from :mod:`voicecall_desktop.core`.

Notices (under the buttons) belong to the state they describe: each says when
it goes (:meth:`CallFormWidget.show_notice`'s ``until``): once every field
marked in red is put right (``FIXED``), once the form changes (``CHANGED``),
once the outbox has been at work (``DELIVERED``, :meth:`expire_notice`).

Signals:
    sendRequested(): the Send button.
    saveDraftRequested(): the Save draft button.
    newRequested(): the New call button.
    changed(): any input changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QWidget,
)

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.hours import QuietHours, day_info, time_problems
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.phone import format_destination, parse_destination
from voicecall_desktop.core.schedule import build_schedule, fmt_time, local_now
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.service import StoreError
from voicecall_desktop.ui.booking.form_layout import CallFormLayout
from voicecall_desktop.ui.common.formats import from_qdate, to_qdate

log = logging.getLogger(__name__)

#: Why a (valid) number must not be called, or None; e.g. ``Service.blocked_reason``.
BlockedCheck = Callable[[int], str | None]

#: When a notice goes (see the module docstring).
FIXED, CHANGED, DELIVERED = "fixed", "changed", "delivered"

#: The form's fields by API name (the keys of InputErrors and of the API's Errors map).
FIELDS = ("Destination", "Date", "Times", "Username", "Source", "CustomerSiteId", "RestrictSends")


def field_for(key: str) -> str | None:
    """Which input an error key belongs to: ``request.Destination`` → ``Destination``."""
    name = key.rsplit(".", 1)[-1].strip().lower()
    for field in FIELDS:
        if field.lower() == name:
            return field
    return None


class CallFormWidget(CallFormLayout):
    sendRequested = Signal()
    saveDraftRequested = Signal()
    newRequested = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.call_id: int | None = None
        self._baseline = CallForm()
        self._format = "json"
        self._blocked: BlockedCheck | None = None
        self._practice = Settings()
        self._notice_until: frozenset[str] = frozenset()
        self._notice_form: CallForm | None = None
        self._connect()
        self.clear(Settings())

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

    def set_practice(self, settings: Settings) -> None:
        """The practice's quiet hours, nation, opening days and closures (calendar, hints)."""
        self._practice = settings
        self.calendar.set_settings(settings)
        self.times.set_quiet_hours(QuietHours.of(settings))
        self._check_schedule()

    def practice(self) -> Settings:
        return self._practice

    def clear(self, defaults: Settings) -> None:
        """An empty new call with the sender fields from ``defaults``.

        ``defaults`` is also the practice's calendar (see :meth:`set_practice`).
        """
        self.set_practice(defaults)
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

    def has_number(self) -> bool:
        """Whether anything is typed as the patient's number (only such a form is kept)."""
        return bool(self.destination.text().strip())

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

    def show_notice(self, text: str, kind: str = "info", *, until: Collection[str] = ()) -> None:
        """Show ``text`` under the buttons until replaced, or until one of ``until`` happens."""
        colours = {"info": "#0b3d6e", "warning": "#7a3e00", "error": "#b91c1c", "ok": "#166534"}
        self.notice.setStyleSheet(f"color: {colours[kind]}; font-weight: bold;")
        self.notice.setText(text)
        self.notice.setAccessibleName(text)
        self.notice.setVisible(bool(text))
        self._notice_until = frozenset(until) if text else frozenset()
        self._notice_form = self.form() if text else None

    def notice_text(self) -> str:
        return self.notice.text() if self.notice.isVisibleTo(self) else ""

    def expire_notice(self, event: str) -> None:
        """``event`` happened: a notice that lasts until then goes."""
        if event in self._notice_until:
            self.show_notice("")

    def _expire_stale_notice(self) -> None:
        until = self._notice_until
        changed = CHANGED in until and self.form() != self._notice_form
        fixed = FIXED in until and not any(m.is_error for m in self.messages.values())
        if changed or fixed:
            self.show_notice("")

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
        """A past day, or a listed time already past, is shown as soon as it is chosen.

        So are a bank holiday, a closed day and listed times in quiet hours: as
        hints (Send asks before booking them).
        """
        date_message, times_message = self.messages["Date"], self.messages["Times"]
        date_message.clear_message()
        if times_message.is_error and self.times.times():
            times_message.clear_message()
        if not times_message.is_error:
            times_message.clear_message()  # a hint is worked out again below
        try:
            build_schedule(self._chosen_day(), list(self.times.times()))
        except FieldError as exc:
            if exc.field in self.messages:
                self.messages[exc.field].show_error(exc.message)
        day = self._chosen_day()
        if not date_message.is_error:
            info = day_info(day, self._practice)
            reasons = [f"{info.holiday}, a bank holiday"] if info.holiday else []
            if info.closed_reason:
                reasons.append(info.closed_reason)
            if reasons:
                date_message.show_hint("; ".join(reasons) + ". Send will ask you to confirm.")
        if not times_message.is_error:
            quiet = time_problems(day, self.times.times(), QuietHours.of(self._practice))
            if quiet:
                listed = ", ".join(fmt_time(p.at) for p in quiet if p.at is not None)
                times_message.show_hint(
                    f"{listed}: in the practice's quiet hours (calls ring "
                    f"{QuietHours.of(self._practice).calling_hours}). Send will ask you to confirm."
                )

    def _refresh(self) -> None:
        self.preview.show_form(self.form(), self._format)
        self._expire_stale_notice()
        self.changed.emit()
