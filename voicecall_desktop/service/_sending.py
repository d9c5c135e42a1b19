"""One attempt to send a claimed call, and recording whatever came of it.

Held privately by :class:`voicecall_desktop.service.Service`; imported on the
first send, so that reading the history does not load the API codecs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
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
from voicecall_desktop.core.states import CallState, Outcome, state_after
from voicecall_desktop.service._results import AttemptResult, FlushReport, backoff
from voicecall_desktop.store import CallChanges, CallRecord, StaleMove, StoreError, answer_fields
from voicecall_desktop.store.protocol import RESPONSE_LIMIT, CallStore

if TYPE_CHECKING:
    from voicecall_desktop.api.client import VoiceCallClient

log = logging.getLogger(__name__)

_HEARD = {
    Outcome.ACCEPTED: "PatientComms accepted the call",
    Outcome.REJECTED: "PatientComms refused the call",
    Outcome.NOT_DELIVERED: "The call did not reach PatientComms",
    Outcome.UNKNOWN: "PatientComms gave no clear answer",
}


class Sender:
    """Sends calls this process has claimed under ``token``, recording each outcome."""

    def __init__(
        self,
        calls: CallStore,
        token: str,
        actor: str,
        blocked_reason: Callable[[int], str | None],
    ) -> None:
        self._calls = calls
        self._token = token
        self._actor = actor
        self._blocked_reason = blocked_reason

    def send_one(
        self, call_id: int, client: VoiceCallClient, key: str, fmt: str
    ) -> AttemptResult | None:
        """Claim one queued call and send it; None if it is no longer queued."""
        record = self._calls.claim(self._token, call_id=call_id, respect_backoff=False)
        if record is None:
            return None
        return self.attempt(record, client, key, fmt)

    def flush(
        self,
        client: VoiceCallClient,
        key: str,
        fmt: str,
        *,
        respect_backoff: bool,
        should_stop: Callable[[], bool],
        on_result: Callable[[AttemptResult], None] | None,
    ) -> FlushReport:
        """Send every queued call once, oldest first; stop at the first not-delivered."""
        report = FlushReport()
        while not should_stop():
            record = self._calls.claim(self._token, respect_backoff=respect_backoff)
            if record is None:
                break
            result = self.attempt(record, client, key, fmt)
            report.results.append(result)
            if on_result is not None:
                on_result(result)
            if result.outcome is Outcome.NOT_DELIVERED:
                report.stopped = result.message
                break
        report.still_queued = self._calls.count([CallState.QUEUED])
        return report

    def attempt(
        self, record: CallRecord, client: VoiceCallClient, key: str, fmt: str
    ) -> AttemptResult:
        """Send a claimed (``sending``) call and record what came of it, whatever happens."""
        reason = self._blocked_reason(record.destination) if record.destination else None
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
            return self._finish(
                record,
                Outcome.NOT_DELIVERED,
                exc.message,
                [CallState.SENDING],
                {
                    "next_attempt_at": datetime.now(UTC) + timedelta(seconds=wait),
                    "last_error": exc.message,
                    "request_format": fmt,
                    "owner": None,
                },
            )
        except Rejected as exc:
            rejected: CallChanges = {
                **_answer(exc),
                "last_error": exc.message,
                "request_format": fmt,
                "request_body": shown,
            }
            return self._finish(
                record,
                Outcome.REJECTED,
                exc.message,
                [CallState.SENDING, CallState.UNKNOWN],
                rejected,
            )
        except OutcomeUnknown as exc:
            unclear: CallChanges = {
                "last_error": exc.message,
                "request_format": fmt,
                "request_body": shown,
            }
            if exc.body is not None:
                unclear["response_body"] = exc.body[:RESPONSE_LIMIT]
            return self._finish(record, Outcome.UNKNOWN, exc.message, [CallState.SENDING], unclear)
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
        accepted = answer_fields(
            success=True,
            status_id=response.StatusId,
            status=response.Status,
            errors=response.Errors,
            message_id=response.MessageId,
            credits=response.Credits,
            response_body=answer.body,
        )
        accepted["last_error"] = None
        accepted["request_format"] = fmt
        accepted["request_body"] = answer.request_body
        accepted["next_attempt_at"] = None
        return self._finish(
            record,
            Outcome.ACCEPTED,
            response.Status or "Accepted",
            [CallState.SENDING, CallState.UNKNOWN],
            accepted,
        )

    def _finish(
        self,
        record: CallRecord,
        outcome: Outcome,
        message: str,
        source: list[CallState],
        fields: CallChanges,
    ) -> AttemptResult:
        target = state_after(outcome)
        try:
            moved = self._calls.move(
                record.id,
                source,
                target,
                actor=self._actor,
                note=message[:200],
                fields=fields,
                owner=self._token,
            )
        except StaleMove:
            # Another process marked our live attempt stale: record what we learnt anyway.
            log.warning("call %d was moved while we sent it; keeping its state", record.id)
            moved = self._calls.get(record.id) or record
        except StoreError as exc:
            # The answer could not be written (disk full, say). The row stays `sending`
            # under our lease and becomes `unknown` at the next start; say so now, so that
            # nobody books the call again by hand.
            log.error("call %d: outcome %s could not be recorded: %s", record.id, outcome, exc)
            return AttemptResult(
                record=record,
                outcome=Outcome.UNKNOWN,
                message=f"{_HEARD[outcome]}, but that could not be saved ({exc}) The call may "
                "have been booked: check before sending it again.",
            )
        return AttemptResult(record=moved, outcome=outcome, message=message)


def _answer(exc: ApiError) -> CallChanges:
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
