"""A call's life and the moves allowed between its states."""

from __future__ import annotations

import itertools

import pytest

from voicecall_desktop.core.states import (
    ALLOWED,
    DELETABLE,
    PENDING,
    SEND_AGAIN_FROM,
    CallState,
    Outcome,
    can_move,
    state_after,
)

S = CallState

EXPECTED_MOVES = {
    (S.DRAFT, S.QUEUED),
    (S.QUEUED, S.SENDING),
    (S.QUEUED, S.DRAFT),
    (S.SENDING, S.SENT),
    (S.SENDING, S.REJECTED),
    (S.SENDING, S.UNKNOWN),
    (S.SENDING, S.QUEUED),
    (S.UNKNOWN, S.SENT),
    (S.UNKNOWN, S.REJECTED),
    (S.UNKNOWN, S.QUEUED),
    (S.REJECTED, S.QUEUED),
}


def test_state_values_are_the_contracts() -> None:
    assert [s.value for s in CallState] == [
        "draft",
        "queued",
        "sending",
        "sent",
        "rejected",
        "unknown",
    ]
    assert CallState("unknown") is S.UNKNOWN


def test_every_state_has_an_entry() -> None:
    assert set(ALLOWED) == set(CallState)


@pytest.mark.parametrize(("source", "target"), list(itertools.product(CallState, CallState)))
def test_allowed_moves_are_exactly_these(source: CallState, target: CallState) -> None:
    assert can_move(source, target) is ((source, target) in EXPECTED_MOVES)
    assert (target in ALLOWED[source]) is ((source, target) in EXPECTED_MOVES)


def test_no_state_moves_to_itself() -> None:
    assert not any(can_move(s, s) for s in CallState)


def test_sent_is_final() -> None:
    assert ALLOWED[S.SENT] == frozenset()
    assert not any(can_move(S.SENT, t) for t in CallState)


def test_unknown_leaves_only_for_a_late_answer_or_a_persons_send_again() -> None:
    assert ALLOWED[S.UNKNOWN] == {S.SENT, S.REJECTED, S.QUEUED}
    # never straight back to sending: nothing re-sends it automatically
    assert not can_move(S.UNKNOWN, S.SENDING)
    assert not can_move(S.UNKNOWN, S.DRAFT)


def test_only_queued_calls_are_picked_up() -> None:
    assert {s for s in CallState if can_move(s, S.SENDING)} == {S.QUEUED}


@pytest.mark.parametrize(
    ("outcome", "state"),
    [
        (Outcome.ACCEPTED, S.SENT),
        (Outcome.REJECTED, S.REJECTED),
        (Outcome.NOT_DELIVERED, S.QUEUED),
        (Outcome.UNKNOWN, S.UNKNOWN),
    ],
)
def test_state_after(outcome: Outcome, state: CallState) -> None:
    assert state_after(outcome) is state


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_outcome_is_an_allowed_move_from_sending(outcome: Outcome) -> None:
    assert can_move(S.SENDING, state_after(outcome))


def test_state_after_covers_every_outcome() -> None:
    assert {state_after(o) for o in Outcome} == {S.SENT, S.REJECTED, S.QUEUED, S.UNKNOWN}


def test_helper_sets() -> None:
    assert {S.REJECTED, S.UNKNOWN} == SEND_AGAIN_FROM
    assert all(can_move(s, S.QUEUED) for s in SEND_AGAIN_FROM)
    assert {S.DRAFT} == DELETABLE
    assert {S.DRAFT, S.QUEUED, S.SENDING} == PENDING
    assert not PENDING & {S.SENT, S.REJECTED, S.UNKNOWN}


def test_labels() -> None:
    assert {s: s.label for s in CallState} == {
        S.DRAFT: "Draft",
        S.QUEUED: "Queued",
        S.SENDING: "Sending",
        S.SENT: "Sent",
        S.REJECTED: "Rejected",
        S.UNKNOWN: "Outcome unknown",
    }
