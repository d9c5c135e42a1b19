"""A call's life: ``draft → queued → sending → sent | rejected | unknown``.

Every move a store makes is checked against :data:`ALLOWED`. What an attempt's
outcome means for the call is :func:`state_after`.
"""

from __future__ import annotations

from enum import StrEnum


class CallState(StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    REJECTED = "rejected"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    CallState.DRAFT: "Draft",
    CallState.QUEUED: "Queued",
    CallState.SENDING: "Sending",
    CallState.SENT: "Sent",
    CallState.REJECTED: "Rejected",
    CallState.UNKNOWN: "Outcome unknown",
}


class Outcome(StrEnum):
    """What one attempt to send a call came to."""

    ACCEPTED = "accepted"  # Success: true
    REJECTED = "rejected"  # Success: false, or a 4xx answer
    NOT_DELIVERED = "not_delivered"  # cannot have reached the API: safe to try again
    UNKNOWN = "unknown"  # may have reached the API: never re-sent automatically


ALLOWED: dict[CallState, frozenset[CallState]] = {
    CallState.DRAFT: frozenset({CallState.QUEUED}),
    CallState.QUEUED: frozenset({CallState.SENDING, CallState.DRAFT}),
    CallState.SENDING: frozenset(
        {CallState.SENT, CallState.REJECTED, CallState.UNKNOWN, CallState.QUEUED}
    ),
    # A late answer for a call already marked unknown is still recorded; a
    # person's "Send again" queues it once more.
    CallState.UNKNOWN: frozenset({CallState.SENT, CallState.REJECTED, CallState.QUEUED}),
    CallState.REJECTED: frozenset({CallState.QUEUED}),
    CallState.SENT: frozenset(),
}

#: States a person may send again from (with a warning for ``unknown``).
SEND_AGAIN_FROM = frozenset({CallState.REJECTED, CallState.UNKNOWN})
#: States whose row a person may delete (a draft never sent).
DELETABLE = frozenset({CallState.DRAFT})
#: States still waiting to go out.
PENDING = frozenset({CallState.DRAFT, CallState.QUEUED, CallState.SENDING})


def can_move(source: CallState, target: CallState) -> bool:
    return target in ALLOWED[source]


def state_after(outcome: Outcome) -> CallState:
    """The state an attempt's outcome leaves its call in."""
    return {
        Outcome.ACCEPTED: CallState.SENT,
        Outcome.REJECTED: CallState.REJECTED,
        Outcome.NOT_DELIVERED: CallState.QUEUED,
        Outcome.UNKNOWN: CallState.UNKNOWN,
    }[outcome]
