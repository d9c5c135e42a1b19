"""What Send, Save draft and New do: the glue between the form, the service and the worker.

Promises kept here: the form is cleared only once PatientComms has accepted
the call (before that, its contents stay, so nothing typed is lost when a send
fails); a form with unsaved changes is kept as a draft before it is replaced;
a second call to the same number on the same day is booked only after a warning.

Signals:
    recordsChanged(): calls were created or moved (refresh lists and counts).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.phone import format_destination
from voicecall_desktop.core.states import Outcome
from voicecall_desktop.service import (
    AttemptResult,
    CallRecord,
    KeyringUnavailable,
    MissingKey,
    NeedsConfirmation,
    Service,
    StaleMove,
    StoreError,
)
from voicecall_desktop.ui.booking.form import CallFormWidget
from voicecall_desktop.ui.common.formats import show_date, show_when
from voicecall_desktop.ui.common.messages import Messages
from voicecall_desktop.ui.common.worker import WorkerHost

log = logging.getLogger(__name__)


def confirm_same_day(parent: QWidget | None, destination: int, earlier: list[CallRecord]) -> bool:
    """Ask before a second call to the same number on the same day; True to book it."""
    day = show_date(earlier[0].day)
    lines = "\n".join(
        f"  • call #{r.id}: {show_when(r.day, r.times)} ({r.state.label})" for r in earlier[:5]
    )
    answer = QMessageBox.warning(
        parent,
        "Same patient, same day",
        f"{format_destination(destination)} already has a call booked on {day}:\n{lines}\n\n"
        "Book another call to this number on the same day? The patient will be called again.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def api_field_errors(record: CallRecord) -> list[FieldError]:
    return [FieldError(key, value or "refused") for key, value in record.errors.items()]


def kept_queued_text(call_id: int) -> str:
    """Send while the shared store cannot be reached: the call waits on this PC (issue 13)."""
    return (
        f"Not sent yet: the shared store cannot be reached, so call #{call_id} is kept queued "
        "on this PC. It moves into the shared store and goes out when the server is back; "
        "you do not need to send it again."
    )


class BookingController(QObject):
    recordsChanged = Signal()

    def __init__(
        self,
        service: Service,
        form: CallFormWidget,
        host: WorkerHost,
        messages: Messages,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.form = form
        self.host = host
        self.messages = messages
        self.pending_id: int | None = None
        form.sendRequested.connect(self.send)
        form.saveDraftRequested.connect(self.save_draft)
        form.newRequested.connect(self.new_call)
        host.worker.attempted.connect(self._on_worker_attempted)
        host.worker.skipped.connect(self._on_worker_skipped)
        host.worker.failed.connect(self._on_worker_failed)

    def _parent(self) -> QWidget | None:
        return self.form.window()

    # -- Send -------------------------------------------------------------------

    def send(self) -> bool:
        """Validate, warn about a same-day call, record it as queued and hand it to the worker."""
        if self.pending_id is not None:
            return False
        typed = self.form.form()
        try:
            check = self.service.prepare_send(typed, call_id=self.form.call_id)
        except NeedsConfirmation as exc:
            # Asking (and booking anyway) comes with the booking rework; until then, refuse.
            self.form.show_errors(exc.errors)
            self.form.show_notice(
                "Not sent: " + "\n".join(str(e) for e in exc.errors),
                "error",
            )
            return False
        except InputErrors as exc:
            general = self.form.show_errors(exc.errors)
            self.form.show_notice(
                "Not sent: correct the fields marked in red." + "".join(f"\n{g}" for g in general),
                "error",
            )
            return False
        except KeyringUnavailable as exc:
            self.form.show_notice(f"Not sent: {exc}", "error")
            return False
        except MissingKey:
            self.form.show_notice(
                "Not sent: no API key is stored. Add it in Settings (Ctrl+,), "
                "or keep this call as a draft (Ctrl+S).",
                "error",
            )
            return False
        except StoreError as exc:
            self.form.show_notice(str(exc), "error")
            return False
        spec, earlier = check.spec, check.same_day
        if earlier and not confirm_same_day(self._parent(), spec.destination, earlier):
            self.form.show_notice("Not booked: you chose not to call this number twice that day.")
            return False
        try:
            result = self.service.submit(typed, self.form.call_id)
        except InputErrors as exc:  # a time passed while the warning was open
            self.form.show_errors(exc.errors)
            self.form.show_notice("Not sent: correct the fields marked in red.", "error")
            return False
        except (StoreError, StaleMove) as exc:
            self.form.show_notice(f"Not sent: {exc}", "error")
            return False
        record = result.record
        self.form.clear_errors()
        self.form.mark_saved()
        self.pending_id = record.id
        self.form.set_busy(True)
        note = "".join(f"\n{n}" for n in result.notes)
        self.form.show_notice(f"Sending call #{record.id}…{note}")
        self.messages.info(f"Call #{record.id} recorded; sending it now.")
        self.recordsChanged.emit()
        self.host.send(record.id)
        return True

    def _on_worker_attempted(self, result: AttemptResult) -> None:
        record = result.record
        if record.id != self.pending_id:
            return
        self.pending_id = None
        self.form.set_busy(False)
        if result.outcome is Outcome.ACCEPTED:
            self.form.clear(self.service.settings())
            credits = f" Credits left: {record.credits}." if record.credits is not None else ""
            self.form.show_notice(
                f"Call #{record.id} booked: PatientComms says “{result.message}”.{credits}", "ok"
            )
            return
        # Not accepted: the form keeps what was typed, as a new call (the recorded one stays).
        self.form.set_call_id(None)
        self.form.mark_saved()
        if result.outcome is Outcome.REJECTED:
            general = self.form.show_errors(api_field_errors(record))
            extra = "".join(f"\n{g}" for g in general)
            self.form.show_notice(
                f"Call #{record.id} was refused. {result.message}{extra}\n"
                "Correct the call and press Send to book it again.",
                "error",
            )
        elif result.outcome is Outcome.NOT_DELIVERED:
            self.form.show_notice(
                f"Not sent yet: {result.message} Call #{record.id} is safe in the outbox and goes "
                "out by itself when the connection returns; you do not need to send it again.",
                "warning",
            )
        else:
            self.form.show_notice(
                f"{result.message} Call #{record.id} is marked “Outcome unknown” in the history; "
                "it will not be sent again unless you choose to.",
                "warning",
            )

    def _on_worker_skipped(self, call_id: int) -> None:
        if call_id == self.pending_id:
            if not self.service.store_status().reachable:  # issue 13: kept, not taken
                self._release(kept_queued_text(call_id))
                return
            self._release(f"Call #{call_id} was taken by another window or sending run.")

    def _on_worker_failed(self, message: str) -> None:
        self.messages.error(message)
        if self.pending_id is not None:
            self._release(f"Call #{self.pending_id} is waiting in the outbox: {message}")
        self.recordsChanged.emit()

    def _release(self, text: str) -> None:
        self.pending_id = None
        self.form.set_call_id(None)
        self.form.mark_saved()
        self.form.set_busy(False)
        self.form.show_notice(text, "warning")

    # -- drafts ------------------------------------------------------------------

    def save_draft(self) -> CallRecord | None:
        if self.pending_id is not None:
            return None
        typed = self.form.form()
        try:
            try:
                record = self.service.save_draft(typed, self.form.call_id)
            except StaleMove:  # the draft was queued or deleted elsewhere: keep this as a new one
                record = self.service.save_draft(typed, None)
        except StoreError as exc:
            self.form.show_notice(f"Not saved: {exc}", "error")
            return None
        self.form.set_call_id(record.id)
        self.form.mark_saved()
        self.form.show_notice(f"Saved as draft #{record.id} in the outbox.", "ok")
        self.recordsChanged.emit()
        return record

    def keep_unsaved(self) -> CallRecord | None:
        """Keep unsaved changes as a draft before the form is replaced (nothing is lost)."""
        if self.pending_id is not None or not self.form.is_dirty() or not self.form.has_content():
            return None
        record = self.save_draft()
        if record is not None:
            self.messages.info(f"Your unfinished call was kept as draft #{record.id}.")
        return record

    def new_call(self) -> None:
        if self.pending_id is not None:
            # The call already went to the worker; its outcome still reaches the history.
            self.pending_id = None
            self.form.set_busy(False)
        else:
            self.keep_unsaved()
        self.form.clear(self.service.settings())
        self.form.destination.setFocus()

    def edit_draft(self, call_id: int) -> None:
        if self.pending_id is not None:
            return
        if self.form.call_id != call_id:
            self.keep_unsaved()
        record = self.service.get(call_id)
        if record is None:
            self.messages.warning(f"Call #{call_id} no longer exists.")
            return
        self.form.load(record.form, call_id)
        self.form.show_notice("")
        self.form.destination.setFocus()

    def use_as_new(self, record: CallRecord) -> None:
        if self.pending_id is not None:
            return
        self.keep_unsaved()
        self.form.load(record.form, None)
        self.form.show_notice(f"Copied from call #{record.id}: check the day and times, then Send.")
        self.form.destination.setFocus()

    def delete_draft(self, call_id: int) -> None:
        answer = QMessageBox.question(
            self._parent(),
            "Delete draft",
            f"Delete draft #{call_id}? It has never been sent and cannot be recovered.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.service.delete_draft(call_id)
        except (StaleMove, StoreError) as exc:
            self.messages.warning(f"Not deleted: {exc}")
            return
        if self.form.call_id == call_id:
            self.form.set_call_id(None)  # what is in the form stays, as a new call
        self.messages.info(f"Draft #{call_id} deleted.")
        self.recordsChanged.emit()

    def to_draft(self, call_id: int) -> None:
        try:
            self.service.to_draft(call_id)
        except (StaleMove, StoreError) as exc:
            self.messages.warning(f"Call #{call_id} could not be taken back: {exc}")
        else:
            self.messages.info(f"Call #{call_id} taken out of the outbox; it is a draft again.")
        self.recordsChanged.emit()

    def send_again(self, call_id: int) -> None:
        """History's confirmed "Send again": queue it once more and hand it to the worker."""
        try:
            self.service.send_again(call_id)
        except (StaleMove, StoreError) as exc:
            self.messages.warning(f"Call #{call_id} was not sent again: {exc}")
            self.recordsChanged.emit()
            return
        self.messages.info(f"Call #{call_id} queued again; sending it now.")
        self.recordsChanged.emit()
        self.host.send(call_id)
