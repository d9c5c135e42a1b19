"""The use cases, one code path for the window and the command line.

save draft · submit · send one · flush the outbox · send again · take back to
draft · delete a draft · same-day check. The service is handed its adapters
(store, keyring, a client factory) and holds no Qt.

Two promises shape every method: a patient is never called twice by us (a
call is claimed in one transaction, ``sending`` is on disk before the request
leaves, and nothing that may have reached the API is re-sent without a
person's say-so), and nothing saved is lost (every move is one transaction
and nothing is deleted implicitly).
"""

from __future__ import annotations

import getpass
import logging
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from voicecall_desktop.api import (
    ApiError,
    NotDelivered,
    OutcomeUnknown,
    RateLimited,
    Rejected,
    encode,
    mask_key,
)
from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.core.states import SEND_AGAIN_FROM, CallState, Outcome, state_after
from voicecall_desktop.paths import database_path, home_dir
from voicecall_desktop.secrets import KeyStore, normalise_key
from voicecall_desktop.service_lists import ListsMixin
from voicecall_desktop.store import (
    CallRecord,
    CallStore,
    Database,
    DoNotCallStore,
    PresetStore,
    ProcessLease,
    SettingsStore,
    StaleMove,
    StoreError,
    answer_fields,
    open_database,
)

if TYPE_CHECKING:
    from voicecall_desktop.api.client import VoiceCallClient

log = logging.getLogger(__name__)

BACKOFF_FIRST = 30.0
BACKOFF_MAX = 15 * 60.0


class MissingKey(Exception):
    """No API key is stored: nothing can be sent until one is."""

    field = "APIKey"

    def __init__(self) -> None:
        super().__init__(
            "APIKey: no API key is stored. Add it in Settings (or `voicecall key set`)."
        )


def backoff(attempts: int) -> float:
    """Seconds to wait before trying a not-delivered call again."""
    return float(min(BACKOFF_FIRST * 2.0 ** max(attempts - 1, 0), BACKOFF_MAX))


def who() -> tuple[str, str]:
    """The user name and machine that book a call (for the audit trail)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = os.environ.get("USERNAME", "") or "unknown"
    return user, socket.gethostname()


@dataclass(frozen=True)
class SubmitResult:
    record: CallRecord
    notes: list[str] = field(default_factory=list)
    same_day: list[CallRecord] = field(default_factory=list)


@dataclass(frozen=True)
class AttemptResult:
    """One attempt to send one call, and the call as it now stands."""

    record: CallRecord
    outcome: Outcome
    message: str


@dataclass
class FlushReport:
    results: list[AttemptResult] = field(default_factory=list)
    stopped: str | None = None  # why the flush stopped early, if it did
    still_queued: int = 0

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def exit_code(self) -> int:
        """CONTRACT.md: 0 all accepted, 4 any unknown, 3 any left undelivered, 1 any rejected."""
        if self.count(Outcome.UNKNOWN):
            return 4
        if self.count(Outcome.NOT_DELIVERED) or self.still_queued:
            return 3
        if self.count(Outcome.REJECTED):
            return 1
        return 0


ClientFactory = Callable[[Settings, str], "VoiceCallClient"]


def default_client(settings: Settings, base_url: str) -> VoiceCallClient:
    from voicecall_desktop.api.client import VoiceCallClient

    return VoiceCallClient(
        base_url,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
    )


class Service(ListsMixin):
    """Everything the window and the command line do with calls.

    Args:
        home: the data folder (``VOICECALL_HOME`` or the app-data folder when None).
        base_url: overrides ``VOICECALL_BASE_URL`` and the saved setting.
        keys: the keyring adapter.
        client_factory: builds the HTTP client (tests hand in a mock transport).
    """

    def __init__(
        self,
        home: Path | None = None,
        *,
        base_url: str | None = None,
        keys: KeyStore | None = None,
        client_factory: ClientFactory = default_client,
    ) -> None:
        try:
            self.home = home_dir(home)
            self.lease = ProcessLease(self.home)
        except OSError as exc:
            raise StoreError(
                f"Cannot use the data folder {home or os.environ.get('VOICECALL_HOME', '')}: "
                f"{exc.strerror or exc}. Check that it exists and can be written."
            ) from exc
        try:
            self.db: Database = open_database(database_path(self.home))
        except BaseException:
            self.lease.release()
            raise
        self.calls = CallStore(self.db)
        self.settings_store = SettingsStore(self.db)
        self.do_not_call = DoNotCallStore(self.db)
        self.presets = PresetStore(self.db)
        self.keys = keys or KeyStore()
        self._base_url = base_url
        self._client_factory = client_factory
        self.user, self.machine = who()
        try:
            recovered = self.calls.recover_stale(self.lease.is_alive, actor=self.actor)
        except BaseException:
            self.close()  # a damaged file: release the lease and connection before saying so
            raise
        if recovered:
            log.warning(
                "%d call(s) left sending by a stopped program are now unknown", len(recovered)
            )

    def close(self) -> None:
        self.lease.release()
        self.db.close()

    # -- configuration ---------------------------------------------------

    def settings(self) -> Settings:
        return self.settings_store.load()

    def save_settings(self, settings: Settings) -> None:
        self.settings_store.save(settings)

    def base_url(self, settings: Settings | None = None) -> str:
        """``--base-url`` wins over ``VOICECALL_BASE_URL``, which wins over the setting."""
        if self._base_url:
            return self._base_url
        env = os.environ.get("VOICECALL_BASE_URL", "").strip()
        return env or (settings or self.settings()).base_url

    def set_base_url(self, url: str | None) -> None:
        self._base_url = url

    def make_client(self, settings: Settings | None = None) -> VoiceCallClient:
        settings = settings or self.settings()
        return self._client_factory(settings, self.base_url(settings))

    def api_key(self) -> str:
        """The stored key, checked, for the request about to leave.

        Raises:
            MissingKey: none stored, or what is stored is not a key.
        """
        stored = self.keys.get()
        if not stored:
            raise MissingKey()
        try:
            return normalise_key(stored)
        except ValueError:
            raise MissingKey() from None

    # -- booking ---------------------------------------------------------

    def validate(
        self, form: CallForm, *, now: datetime | None = None
    ) -> tuple[CallSpec, list[str]]:
        """Check a form; raises :class:`InputErrors` naming every wrong field.

        A number on the do-not-call list is refused like any other bad input.
        """
        spec, notes = CallSpec.from_form(form, now=now)
        reason = self.blocked_reason(spec.destination)
        if reason:
            raise InputErrors([FieldError("Destination", reason)])
        return spec, notes

    def same_day(self, spec: CallSpec, *, exclude_id: int | None = None) -> list[CallRecord]:
        """Calls already booked to this number on this day (to warn before a second)."""
        day = spec.day
        return self.calls.same_day(spec.destination, day, exclude_id=exclude_id)

    def save_draft(self, form: CallForm, call_id: int | None = None) -> CallRecord:
        """Keep the form as it is, valid or not: a draft is never refused."""
        if call_id is None:
            return self.calls.create(
                form, None, CallState.DRAFT, actor=self.user, machine=self.machine
            )
        return self.calls.update_form(call_id, form, None, actor=self.actor, target=CallState.DRAFT)

    def submit(
        self, form: CallForm, call_id: int | None = None, *, now: datetime | None = None
    ) -> SubmitResult:
        """Validate and put a call in the outbox (``queued``), ready to send.

        Raises:
            InputErrors: nothing was recorded or changed.
        """
        spec, notes = self.validate(form, now=now)
        same = self.same_day(spec, exclude_id=call_id)
        if call_id is None:
            record = self.calls.create(
                form, spec, CallState.QUEUED, actor=self.user, machine=self.machine
            )
        else:
            record = self.calls.update_form(
                call_id, form, spec, actor=self.actor, target=CallState.QUEUED
            )
        return SubmitResult(record=record, notes=notes, same_day=same)

    def queue_draft(self, call_id: int, *, now: datetime | None = None) -> SubmitResult:
        record = self._get(call_id)
        return self.submit(record.form, call_id, now=now)

    def to_draft(self, call_id: int) -> CallRecord:
        """Take a queued call back out of the outbox before it is sent."""
        return self.calls.move(
            call_id, [CallState.QUEUED], CallState.DRAFT, actor=self.actor, note="taken back"
        )

    def delete_draft(self, call_id: int) -> None:
        self.calls.delete_draft(call_id, actor=self.actor)

    def send_again(self, call_id: int) -> CallRecord:
        """A person's decision to send a rejected or unknown call once more."""
        record = self._get(call_id)
        if record.state not in SEND_AGAIN_FROM:
            raise StaleMove(
                f"call {call_id} is {record.state.value}; "
                "only rejected or unknown calls can be sent again"
            )
        if record.destination is not None:
            reason = self.blocked_reason(record.destination)
            if reason:
                raise FieldError("Destination", reason)
        note = "sent again by a person"
        if record.state is CallState.UNKNOWN:
            note += " (the patient may be called twice)"
        return self.calls.move(
            call_id,
            SEND_AGAIN_FROM,
            CallState.QUEUED,
            actor=self.actor,
            note=note,
            fields={"next_attempt_at": None, "reviewed": 1, "last_error": None},
        )

    def mark_reviewed(self, call_id: int) -> CallRecord:
        """A person has checked an ``unknown`` call; it may now be purged in time."""
        return self.calls.move(
            call_id,
            [CallState.UNKNOWN],
            CallState.UNKNOWN,
            actor=self.actor,
            note="reviewed",
            fields={"reviewed": 1},
        )

    # -- sending ---------------------------------------------------------

    def send_one(
        self, call_id: int, client: VoiceCallClient | None = None, *, fmt: str | None = None
    ) -> AttemptResult | None:
        """Send one queued call now. None if it is no longer queued (someone else took it).

        Raises:
            MissingKey: nothing was sent; the call stays queued.
        """
        key = self.api_key()
        settings = self.settings()
        own = client is None
        client = client or self.make_client(settings)
        try:
            record = self.calls.claim(self.lease.token, call_id=call_id, respect_backoff=False)
            if record is None:
                return None
            return self._attempt(record, client, key, fmt or settings.format)
        finally:
            if own:
                client.close()

    def flush(
        self,
        client: VoiceCallClient | None = None,
        *,
        respect_backoff: bool = False,
        should_stop: Callable[[], bool] = lambda: False,
        on_result: Callable[[AttemptResult], None] | None = None,
        fmt: str | None = None,
    ) -> FlushReport:
        """Send every queued call once, oldest first; stop at the first not-delivered.

        Raises:
            MissingKey: before anything is claimed.
        """
        key = self.api_key()
        settings = self.settings()
        own = client is None
        client = client or self.make_client(settings)
        report = FlushReport()
        try:
            while not should_stop():
                record = self.calls.claim(self.lease.token, respect_backoff=respect_backoff)
                if record is None:
                    break
                result = self._attempt(record, client, key, fmt or settings.format)
                report.results.append(result)
                if on_result is not None:
                    on_result(result)
                if result.outcome is Outcome.NOT_DELIVERED:
                    report.stopped = result.message
                    break
        finally:
            if own:
                client.close()
        report.still_queued = self.calls.count([CallState.QUEUED])
        return report

    def _attempt(
        self, record: CallRecord, client: VoiceCallClient, key: str, fmt: str
    ) -> AttemptResult:
        """Send a claimed (``sending``) call and record what came of it, whatever happens."""
        reason = self.blocked_reason(record.destination) if record.destination else None
        if reason:
            # Listed after it was queued (offline, or by another PC): it must not go out.
            message = f"Not sent: {reason}."
            return self._finish(
                record,
                Outcome.REJECTED,
                message,
                [CallState.SENDING],
                {"last_error": message, "owner": None, "status": "Not sent: do-not-call list"},
            )
        try:
            request = record.spec().to_request(key)
            shown = mask_key(encode(request, fmt), request)
            answer = client.send(request, fmt)
        except NotDelivered as exc:
            wait = backoff(record.attempts)
            if isinstance(exc, RateLimited) and exc.retry_after is not None:
                wait = max(wait, exc.retry_after)
            retry = datetime.now(UTC) + timedelta(seconds=wait)
            return self._finish(
                record,
                Outcome.NOT_DELIVERED,
                exc.message,
                [CallState.SENDING],
                {
                    "next_attempt_at": retry.isoformat(),
                    "last_error": exc.message,
                    "request_format": fmt,
                    "owner": None,
                },
            )
        except Rejected as exc:
            return self._finish(
                record,
                Outcome.REJECTED,
                exc.message,
                [CallState.SENDING, CallState.UNKNOWN],
                {
                    **self._answer(exc),
                    "last_error": exc.message,
                    "request_format": fmt,
                    "request_body": shown,
                },
            )
        except OutcomeUnknown as exc:
            fields: dict[str, object] = {
                "last_error": exc.message,
                "request_format": fmt,
                "request_body": shown,
            }
            if exc.body is not None:
                fields["response_body"] = exc.body[:65536]
            return self._finish(record, Outcome.UNKNOWN, exc.message, [CallState.SENDING], fields)
        except Exception as exc:
            # Our own failure after the claim: the request may have left, so never re-send.
            log.exception("unexpected failure sending call %d", record.id)
            message = (
                f"Unexpected error while sending ({type(exc).__name__}); "
                "check before sending again."
            )
            return self._finish(
                record, Outcome.UNKNOWN, message, [CallState.SENDING], {"last_error": message}
            )
        response = answer.response
        fields = answer_fields(
            success=True,
            status_id=response.StatusId,
            status=response.Status,
            errors=response.Errors,
            message_id=response.MessageId,
            credits=response.Credits,
            response_body=answer.body,
        )
        fields.update(
            last_error=None,
            request_format=fmt,
            request_body=answer.request_body,
            next_attempt_at=None,
        )
        return self._finish(
            record,
            Outcome.ACCEPTED,
            response.Status or "Accepted",
            [CallState.SENDING, CallState.UNKNOWN],
            fields,
        )

    @staticmethod
    def _answer(exc: ApiError) -> dict[str, object]:
        response = exc.response
        return answer_fields(
            success=False if response is None or response.Success is None else response.Success,
            status_id=response.StatusId if response else None,
            status=response.Status if response else None,
            errors=response.Errors if response else {},
            message_id=response.MessageId if response else None,
            credits=response.Credits if response else None,
            response_body=exc.body,
        )

    def _finish(
        self,
        record: CallRecord,
        outcome: Outcome,
        message: str,
        source: list[CallState],
        fields: Mapping[str, object],
    ) -> AttemptResult:
        target = state_after(outcome)
        try:
            moved = self.calls.move(
                record.id,
                source,
                target,
                actor=self.actor,
                note=message[:200],
                fields=fields,
                owner=self.lease.token,
            )
        except StaleMove:
            # Another process marked our live attempt stale: record what we learnt anyway.
            log.warning("call %d was moved while we sent it; keeping its state", record.id)
            moved = self._get(record.id)
        except StoreError as exc:
            # The answer could not be written (disk full, say). The row stays `sending`
            # under our lease and becomes `unknown` at the next start; say so now, so that
            # nobody books the call again by hand.
            log.error("call %d: outcome %s could not be recorded: %s", record.id, outcome, exc)
            heard = {
                Outcome.ACCEPTED: "PatientComms accepted the call",
                Outcome.REJECTED: "PatientComms refused the call",
                Outcome.NOT_DELIVERED: "The call did not reach PatientComms",
                Outcome.UNKNOWN: "PatientComms gave no clear answer",
            }[outcome]
            return AttemptResult(
                record=record,
                outcome=Outcome.UNKNOWN,
                message=f"{heard}, but that could not be saved ({exc}) The call may have "
                "been booked: check before sending it again.",
            )
        return AttemptResult(record=moved, outcome=outcome, message=message)

    # -- reading ---------------------------------------------------------

    def get(self, call_id: int) -> CallRecord | None:
        return self.calls.get(call_id)

    def _get(self, call_id: int) -> CallRecord:
        record = self.calls.get(call_id)
        if record is None:
            raise StaleMove(f"call {call_id} does not exist")
        return record


__all__ = [
    "AttemptResult",
    "FieldError",
    "FlushReport",
    "InputErrors",
    "MissingKey",
    "Service",
    "SubmitResult",
    "backoff",
]
