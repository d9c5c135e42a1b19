"""Booking one call: the checks before it is queued, drafts, and the moves a person makes.

check (``validate``, ``prepare_send``, the repeat rule) · save a draft · submit
to the outbox · take back to draft · delete a draft · send again · mark reviewed.
Every write is one store transaction; a booking of a new call that meets the
shared server gone is done again on this PC (:func:`keeps_new_calls`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.states import SEND_AGAIN_FROM, CallState
from voicecall_desktop.service._checks import (
    Confirmations,
    call_problems,
    find_repeats,
    repeat_message,
)
from voicecall_desktop.service._results import SendCheck, SubmitResult
from voicecall_desktop.service._store import keeps_new_calls
from voicecall_desktop.store import CallRecord, StaleMove

if TYPE_CHECKING:
    from voicecall_desktop.core.models import CallForm, CallSpec
    from voicecall_desktop.core.settings import Settings
    from voicecall_desktop.service._desk import Desk
    from voicecall_desktop.service._do_not_call import DoNotCallList
    from voicecall_desktop.service._keys import ApiKeys
    from voicecall_desktop.service._settings import Configuration
    from voicecall_desktop.service._store import StoreInUse


class Booking:
    """Books single calls and moves them between draft, the outbox and a second try."""

    def __init__(
        self,
        desk: Desk,
        in_use: StoreInUse,
        config: Configuration,
        do_not_call: DoNotCallList,
        keys: ApiKeys,
    ) -> None:
        self._desk = desk
        self._in_use = in_use
        self._config = config
        self._do_not_call = do_not_call
        self._keys = keys

    def _get(self, call_id: int) -> CallRecord:
        record = self._in_use.calls.get(call_id)
        if record is None:
            raise StaleMove(f"call {call_id} does not exist")
        return record

    # -- checks ------------------------------------------------------------

    @keeps_new_calls  # the window checks before it books: the server gone keeps the call here
    def validate(
        self, form: CallForm, *, now: datetime | None = None, settings: Settings | None = None
    ) -> tuple[CallSpec, list[str]]:
        """Check a form; raises :class:`InputErrors` naming every wrong field.

        A number on the do-not-call list is refused like any other bad input;
        a number outside the UK unless the ``allow_abroad`` setting allows it.
        """
        from voicecall_desktop.core.models import CallSpec

        allow_abroad = (settings or self._config.settings()).allow_abroad
        spec, notes = CallSpec.from_form(form, now=now, allow_abroad=allow_abroad)
        reason = self._do_not_call.blocked_reason(spec.destination)
        if reason:
            raise InputErrors([FieldError("Destination", reason)])
        return spec, notes

    @keeps_new_calls
    def prepare_send(
        self,
        form: CallForm,
        *,
        call_id: int | None = None,
        settings: Settings | None = None,
        now: datetime | None = None,
        confirmed: Confirmations | None = None,
    ) -> SendCheck:
        """Every check made before a call is sent, in one place for the window and the CLI.

        Records nothing. In order: the form's fields (and the do-not-call list),
        when the call would ring (quiet hours, bank holidays, closed days, a day
        more than a year ahead) unless ``confirmed``, the API address, and a
        stored, valid API key. Returns the validated call, its notes and the
        calls already booked to that number that day.

        Raises:
            InputErrors: naming every wrong field.
            NeedsConfirmation: (an InputErrors) the day or times need the person's yes;
                ask, then call again with ``confirmed``.
            ConfigurationError: the base URL must not be sent to, or a proxy setting
                cannot be used (naming the variable).
            MissingKey: no key is stored, or what is stored is not a key.
            KeyringUnavailable: the keyring cannot be read.
            StoreError: the store cannot be read.
        """
        settings = settings or self._config.settings()
        spec, notes = self.validate(form, now=now, settings=settings)
        question = call_problems(spec, settings, confirmed or Confirmations(), now=now)
        if question is not None:
            raise question
        self._config.check_connection_settings(settings)
        self._keys.key()
        return SendCheck(
            spec=spec, notes=notes, same_day=self.same_day(spec, exclude_id=call_id, now=now)
        )

    def same_day(
        self, spec: CallSpec, *, exclude_id: int | None = None, now: datetime | None = None
    ) -> list[CallRecord]:
        """Calls already ringing this number on the call's day (today when it has none).

        The repeat rule's lookup: ``queued``, ``sending``, ``sent`` or ``unknown``,
        booked by anyone (every desk of a shared store).
        """
        return find_repeats(
            self._in_use.calls, spec.destination, spec.day, exclude_id=exclude_id, now=now
        )

    def repeat_problem(
        self, spec: CallSpec, *, exclude_id: int | None = None, now: datetime | None = None
    ) -> str | None:
        """Why booking ``spec`` would repeat a call (naming it), or None: the repeat rule."""
        earlier = self.same_day(spec, exclude_id=exclude_id, now=now)
        return repeat_message(spec.destination, spec.day, earlier[0]) if earlier else None

    # -- booking -----------------------------------------------------------

    @keeps_new_calls
    def save_draft(self, form: CallForm, call_id: int | None = None) -> CallRecord:
        """Keep the form as it is, valid or not: a draft is never refused."""
        desk = self._desk
        if call_id is None:
            return self._in_use.calls.create(
                form, None, CallState.DRAFT, actor=desk.user, machine=desk.machine
            )
        return self._in_use.calls.update_form(
            call_id, form, None, actor=desk.actor, target=CallState.DRAFT
        )

    @keeps_new_calls
    def submit(
        self, form: CallForm, call_id: int | None = None, *, now: datetime | None = None
    ) -> SubmitResult:
        """Validate and put a call in the outbox (``queued``), ready to send.

        Raises:
            InputErrors: nothing was recorded or changed.
            ConfigurationError: the base URL or a proxy variable cannot be used; nothing
                was recorded (it would only wait in the outbox failing).
        """
        settings = self._config.settings()
        spec, notes = self.validate(form, now=now, settings=settings)
        self._config.check_connection_settings(settings)
        same = self.same_day(spec, exclude_id=call_id)
        desk = self._desk
        if call_id is None:
            record = self._in_use.calls.create(
                form, spec, CallState.QUEUED, actor=desk.user, machine=desk.machine
            )
        else:
            record = self._in_use.calls.update_form(
                call_id, form, spec, actor=desk.actor, target=CallState.QUEUED
            )
        return SubmitResult(record=record, notes=notes, same_day=same)

    def queue_draft(self, call_id: int, *, now: datetime | None = None) -> SubmitResult:
        """Put a saved draft in the outbox, checked as :meth:`submit` checks a form."""
        record = self._get(call_id)
        return self.submit(record.form, call_id, now=now)

    # -- a person's moves --------------------------------------------------

    def to_draft(self, call_id: int) -> CallRecord:
        """Take a queued call back out of the outbox before it is sent."""
        return self._in_use.calls.move(
            call_id, [CallState.QUEUED], CallState.DRAFT, actor=self._desk.actor, note="taken back"
        )

    def delete_draft(self, call_id: int) -> None:
        self._in_use.calls.delete_draft(call_id, actor=self._desk.actor)

    def send_again(self, call_id: int) -> CallRecord:
        """A person's decision to send a rejected or unknown call once more."""
        record = self._get(call_id)
        if record.state not in SEND_AGAIN_FROM:
            raise StaleMove(
                f"call {call_id} is {record.state.value}; "
                "only rejected or unknown calls can be sent again"
            )
        if record.destination is not None:
            reason = self._do_not_call.blocked_reason(record.destination)
            if reason:
                raise FieldError("Destination", reason)
        note = "sent again by a person"
        if record.state is CallState.UNKNOWN:
            note += " (the patient may be called twice)"
        return self._in_use.calls.move(
            call_id,
            SEND_AGAIN_FROM,
            CallState.QUEUED,
            actor=self._desk.actor,
            note=note,
            fields={"next_attempt_at": None, "reviewed": True, "last_error": None},
        )

    def mark_reviewed(self, call_id: int) -> CallRecord:
        """A person has checked an ``unknown`` call; it may now be purged in time."""
        return self._in_use.calls.move(
            call_id,
            [CallState.UNKNOWN],
            CallState.UNKNOWN,
            actor=self._desk.actor,
            note="reviewed",
            fields={"reviewed": True},
        )
