"""What Send, Save draft and New do: the glue between the form, the service and the worker.

Promises kept here: the form is cleared once the call is safe (accepted by
PatientComms, or waiting in the outbox); refused, its contents stay to be put
right. Nothing replaces a form that holds a number not yet kept without asking
"Keep as draft / Discard / Cancel" (:meth:`BookingController.release_form`,
which every caller uses); a form without a number is never kept. A call is
never booked with no time, or in quiet hours, on a bank holiday, a closed day
or a day more than a year ahead, without the person's explicit yes; a second
call to the same number on the same day only after a warning.

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
from voicecall_desktop.service import AttemptResult, CallRecord, Service, StaleMove, StoreError
from voicecall_desktop.ui.booking.asking import Release, ask_release
from voicecall_desktop.ui.booking.before_send import SendChecks
from voicecall_desktop.ui.booking.day_counts import DayCounts
from voicecall_desktop.ui.booking.form import CHANGED, DELIVERED, FIXED, CallFormWidget
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
        self.checks = SendChecks(service, form)
        self.counts = DayCounts(service, form.calendar, self)
        self.recordsChanged.connect(self.counts.refresh)
        form.sendRequested.connect(self.send)
        form.saveDraftRequested.connect(self.save_draft)
        form.newRequested.connect(self.new_call)
        host.worker.attempted.connect(self._on_worker_attempted)
        host.worker.skipped.connect(self._on_worker_skipped)
        host.worker.failed.connect(self._on_worker_failed)
        host.worker.flushFinished.connect(self._on_worker_flush_finished)

    def _parent(self) -> QWidget | None:
        return self.form.window()

    # -- Send -------------------------------------------------------------------

    def send(self) -> bool:
        """Check, ask what must be asked, record the call as queued and hand it to the worker."""
        if self.pending_id is not None:
            return False
        check = self.checks.run(self._parent())
        if check is None:
            return False
        typed = self.form.form()  # the checks may have added the time shown in the box
        spec, earlier = check.spec, check.same_day
        if earlier and not confirm_same_day(self._parent(), spec.destination, earlier):
            self.form.show_notice(
                "Not booked: you chose not to call this number twice that day.",
                until=(CHANGED, DELIVERED),
            )
            return False
        try:
            result = self.service.submit(typed, self.form.call_id)
        except InputErrors as exc:  # a time passed while a question was open
            self.form.show_errors(exc.errors)
            self.form.show_notice(
                "Not sent: correct the fields marked in red.", "error", until=(FIXED, CHANGED)
            )
            return False
        except (StoreError, StaleMove) as exc:
            self.form.show_notice(f"Not sent: {exc}", "error", until=(CHANGED,))
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
            self.form.expire_notice(DELIVERED)
            self.counts.refresh()
            return
        self.pending_id = None
        self.form.set_busy(False)
        self.counts.refresh()
        if result.outcome is Outcome.ACCEPTED:
            self.form.clear(self.service.settings())
            credits = f" Credits left: {record.credits}." if record.credits is not None else ""
            self.form.show_notice(
                f"Call #{record.id} booked: PatientComms says “{result.message}”.{credits}", "ok"
            )
            return
        if result.outcome is Outcome.NOT_DELIVERED:
            # Safe in the outbox: a second Send from the same form would call twice.
            self.form.clear(self.service.settings())
            self.form.show_notice(
                f"Not sent yet: {result.message} Call #{record.id} is safe in the outbox and "
                "goes out by itself when the connection returns; you do not need to send it "
                "again. The form is ready for the next call.",
                "warning",
                until=(DELIVERED,),
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

    def _on_worker_flush_finished(self, _report: object) -> None:
        self.form.expire_notice(DELIVERED)
        self.counts.refresh()

    def _release(self, text: str) -> None:
        """The call left this form's hands (queued, or taken by another sender): clear it."""
        self.pending_id = None
        self.form.set_busy(False)
        self.form.clear(self.service.settings())
        self.form.show_notice(text, "warning", until=(DELIVERED,))

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
            self.form.show_notice(f"Not saved: {exc}", "error", until=(CHANGED,))
            return None
        self.form.set_call_id(record.id)
        self.form.mark_saved()
        self.form.show_notice(f"Saved as draft #{record.id} in the outbox.", "ok")
        self.recordsChanged.emit()
        return record

    def keep_unsaved(self) -> CallRecord | None:
        """Keep a changed form that holds a number as a draft, without asking (shutdown).

        A form without a number is never kept. Callers that can ask use
        :meth:`release_form` instead.
        """
        if self.pending_id is not None or not self.form.is_dirty() or not self.form.has_number():
            return None
        record = self.save_draft()
        if record is not None:
            self.messages.info(f"Your unfinished call was kept as draft #{record.id}.")
        return record

    def release_form(self) -> bool:
        """Call before anything replaces the form; True when it may be replaced now.

        Nothing to keep (unchanged since it was kept, or no number typed): True,
        without a word. A number typed and not kept: asks "Keep as draft /
        Discard / Cancel"; Keep saves it as a draft (False if that failed, with
        the reason in the form), Discard lets it go, Cancel returns False and
        the form stays as it is.
        """
        if self.pending_id is not None:
            return True  # what the form shows is the call being sent, already recorded
        if not self.form.is_dirty() or not self.form.has_number():
            return True
        answer = ask_release(self._parent(), self.form.destination.text(), self.form.call_id)
        if answer is Release.CANCEL:
            return False
        if answer is Release.DISCARD:
            self.form.mark_saved()  # nothing of it is kept, at shutdown either
            return True
        record = self.save_draft()
        if record is None:
            return False
        self.messages.info(f"Your unfinished call was kept as draft #{record.id}.")
        return True

    def new_call(self) -> bool:
        """An empty form (Ctrl+N); False if the person chose to stay with this one."""
        if self.pending_id is not None:
            # The call already went to the worker; its outcome still reaches the history.
            self.pending_id = None
            self.form.set_busy(False)
        elif not self.release_form():
            return False
        self.form.clear(self.service.settings())
        self.form.destination.setFocus()
        return True

    def edit_draft(self, call_id: int) -> bool:
        """Open draft ``call_id`` in the form; False if it was not opened."""
        if self.pending_id is not None:
            return False
        if self.form.call_id == call_id and self.form.is_dirty():
            self.form.destination.setFocus()  # already open, with changes: keep them
            return True
        if self.form.call_id != call_id and not self.release_form():
            return False
        record = self.service.get(call_id)
        if record is None:
            self.messages.warning(f"Call #{call_id} no longer exists.")
            return False
        self.form.load(record.form, call_id)
        self.form.show_notice("")
        self.form.destination.setFocus()
        return True

    def use_as_new(self, record: CallRecord) -> bool:
        """History's "Use as new call": a copy of ``record`` in the form; False if not."""
        if self.pending_id is not None or not self.release_form():
            return False
        self.form.load(record.form, None)
        self.form.show_notice(
            f"Copied from call #{record.id}: check the day and times, then Send.",
            until=(CHANGED,),
        )
        self.form.destination.setFocus()
        return True

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
            # The person chose to throw the draft away: its contents go from the form too.
            self.form.clear(self.service.settings())
            self.form.show_notice(f"Draft #{call_id} deleted.", until=(CHANGED,))
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
