"""What Send checks, and asks, before anything is recorded.

In order: a call with no time (the box shows one: "Book at HH:MM?"), every
check of :meth:`Service.prepare_send` (the fields, the do-not-call list, the
address and the key), and the day and times the practice would not call on
(quiet hours, a bank holiday, a closed day, a day more than a year ahead):
each named in a question whose default is No; a yes is passed back to the
service as :class:`Confirmations`. Whatever stops the send is said in the
form, next to the field when there is one.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from voicecall_desktop.api import ConfigurationError
from voicecall_desktop.core.errors import InputErrors
from voicecall_desktop.core.phone import parse_destination
from voicecall_desktop.core.schedule import fmt_time
from voicecall_desktop.service import (
    Confirmations,
    KeyringUnavailable,
    MissingKey,
    NeedsConfirmation,
    SendCheck,
    Service,
    StoreError,
)
from voicecall_desktop.ui.booking.asking import ask_book_shown_time, confirm_booking
from voicecall_desktop.ui.booking.form import CHANGED, FIXED, CallFormWidget

log = logging.getLogger(__name__)


def confirmed_for(question: NeedsConfirmation, before: Confirmations) -> Confirmations:
    """``before`` plus a yes to every kind of question in ``question``."""
    kinds = {p.kind for p in question.problems}
    return Confirmations(
        outside_hours=before.outside_hours or "outside-hours" in kinds,
        on_holiday=before.on_holiday or bool(kinds & {"holiday", "closed"}),
        far_ahead=before.far_ahead or question.far_ahead is not None,
    )


class SendChecks:
    """Runs the checks for the form's call; see the module docstring."""

    def __init__(self, service: Service, form: CallFormWidget) -> None:
        self.service = service
        self.form = form

    def run(self, parent: QWidget | None) -> SendCheck | None:
        """The checked call, or None (said in the form) when it must not be booked now."""
        try:
            # The fields first: a wrong field is said before any question is asked.
            self.service.validate(self.form.form())
        except InputErrors as exc:
            self._show_input_errors(exc)
            return None
        except StoreError as exc:
            self._refuse(f"Not sent: {exc}")
            return None
        if not self._has_a_time(parent):
            return None
        confirmed = Confirmations()
        # Each round answers at least one more kind of question: three at most.
        for _ in range(4):
            try:
                return self.service.prepare_send(
                    self.form.form(), call_id=self.form.call_id, confirmed=confirmed
                )
            except NeedsConfirmation as question:
                if not self._confirmed(parent, question):
                    return None
                confirmed = confirmed_for(question, confirmed)
            except InputErrors as exc:
                self._show_input_errors(exc)
                return None
            except KeyringUnavailable as exc:
                self._refuse(f"Not sent: the API key cannot be read ({exc}).")
                return None
            except MissingKey:
                self._refuse(
                    "Not sent: no API key is stored. Add it in Settings (Ctrl+,), "
                    "or keep this call as a draft (Ctrl+S)."
                )
                return None
            except ConfigurationError as exc:
                self._refuse(f"Not sent: {exc}")
                return None
            except StoreError as exc:
                self._refuse(f"Not sent: {exc}")
                return None
        log.error("booking questions did not settle")  # pragma: no cover - a bug
        return None

    def _show_input_errors(self, exc: InputErrors) -> None:
        general = self.form.show_errors(exc.errors)
        self.form.show_notice(
            "Not sent: correct the fields marked in red." + "".join(f"\n{g}" for g in general),
            "error",
            until=(CHANGED,) if general else (FIXED, CHANGED),
        )

    def _refuse(self, text: str) -> None:
        self.form.show_notice(text, "error", until=(CHANGED,))

    def _has_a_time(self, parent: QWidget | None) -> bool:
        """An empty Times list is never sent without the person knowing."""
        times = self.form.times
        if times.times():
            return True
        moment = times.typed_time()
        if moment is None:
            # The box has said what is wrong with what is typed, next to it.
            self.form.show_notice(
                "Not sent: no time is in the list. Type a time in the Times box and press Enter.",
                "error",
                until=(CHANGED,),
            )
            times.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        if not ask_book_shown_time(parent, moment):
            self.form.show_notice(
                "Not sent: add the call's times (type one and press Enter), then Send.",
                until=(CHANGED,),
            )
            times.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        # Listed with the same checks as Add time (a time already past is refused on
        # the line under the box); quiet hours are asked about next, with the rest.
        if times.add_time(moment, quiet_ok=True):
            return True
        self.form.show_notice(f"Not sent: {fmt_time(moment)} cannot be booked; see Times.", "error")
        return False

    def _confirmed(self, parent: QWidget | None, question: NeedsConfirmation) -> bool:
        destination = parse_destination(self.form.destination.text())
        if confirm_booking(parent, destination, question):
            return True
        self.form.show_errors(question.errors)
        self.form.show_notice(
            "Not booked: change the day or times, or press Send again and choose Book anyway.",
            until=(CHANGED,),
        )
        return False


__all__ = ["SendChecks", "confirmed_for"]
