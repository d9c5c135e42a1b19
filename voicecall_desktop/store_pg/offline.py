"""Calls kept on the desk while the server was unreachable, moved into the shared store once.

Exactly once, whatever stops the move half way (a crash, the server gone
again): every local call has an id that is the same in both places (a UUID
derived from the desk, the moment it was booked and its local number), and
the shared store's insert ignores an id it already has. The steps for one
call, each its own transaction:

1. a queued local call is taken out of the desk's outbox (``queued → draft``,
   noted :data:`MOVING_NOTE`), so that nothing on this desk can send it;
2. it is inserted into the shared store, as queued if it was queued (the note
   says so even after a crash), unless its id is already there;
3. the local copy is deleted.

Run again after a stop anywhere, step 2 finds the id and does nothing, and
step 3 finishes. A local call that is ``sending`` (this desk sent it from its
own store) is left alone.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from voicecall_desktop.core.states import CallState
from voicecall_desktop.store.errors import StaleMove
from voicecall_desktop.store.protocol import Store
from voicecall_desktop.store.records import CallRecord, dump_times
from voicecall_desktop.store_pg.calls import PgCallStore, add_event, insert_call, utcnow

log = logging.getLogger(__name__)

MOVING_NOTE = "moving to the shared store"
#: Namespace of the ids shared between a desk's store and the shared one.
NAMESPACE = uuid.UUID("0f6b7d1e-4a53-4d56-9a0e-5c1d3c2b8e71")


def shared_uid(record: CallRecord, version: str = "") -> str:
    """The call's id in both places: the same every time it is computed for this call.

    ``version`` tells apart a later edit of a draft whose first move was
    interrupted (see :func:`move_offline_calls`).
    """
    name = f"{record.booked_on}/{record.created_at.isoformat()}/{record.id}"
    return str(uuid.uuid5(NAMESPACE, name + (f"/{version}" if version else "")))


def _same_form(one: CallRecord, other: CallRecord) -> bool:
    return one.form == other.form


@dataclass
class MoveReport:
    moved: dict[int, int] = field(default_factory=dict)  # local id → shared id
    already: list[int] = field(default_factory=list)  # found there from an earlier, stopped move
    left: list[int] = field(default_factory=list)  # busy on this desk (being sent): not moved

    @property
    def count(self) -> int:
        return len(self.moved)


def _intended(local: Store, record: CallRecord) -> CallState:
    """What the call was before the move began: a crash after step 1 must not demote it."""
    if record.state is CallState.QUEUED:
        return CallState.QUEUED
    events = local.calls.events(record.id)
    if events and events[-1].note == MOVING_NOTE and events[-1].from_state is CallState.QUEUED:
        return CallState.QUEUED
    return CallState.DRAFT


def adopt(
    shared: PgCallStore, record: CallRecord, state: CallState, *, actor: str, version: str = ""
) -> tuple[int, bool]:
    """Insert ``record`` into the shared store unless its id is there; (shared id, new?)."""
    uid = shared_uid(record, version)
    now = utcnow()
    cols: dict[str, Any] = {
        "state": state.value,
        "destination": record.destination,
        "destination_text": record.destination_text,
        "username": record.username,
        "source": record.source,
        "site": record.site,
        "restrict_sends": record.restrict_sends,
        "day": record.day,
        "times": dump_times(record.times),
        "created_at": record.created_at,
        "updated_at": now,
        "booked_by": record.booked_by,
        "desk": record.booked_on,
        "origin": f"{record.booked_on} own store, call {record.id}",
    }
    with shared.session.transaction() as tx:
        new_id = insert_call(tx, cols, uid=uid)
        if new_id is None:
            row = tx.execute("SELECT id FROM calls WHERE uid = %s", (uid,)).fetchone()
            assert row is not None
            return int(row["id"]), False
        add_event(
            tx,
            new_id,
            None,
            state,
            actor,
            f"kept on {record.booked_on} while the server was unreachable (call {record.id} there)",
        )
    return new_id, True


def move_offline_calls(local: Store, shared: PgCallStore, *, actor: str) -> MoveReport:
    """Move every draft and queued call of the desk's own store into the shared store."""
    report = MoveReport()
    waiting = local.calls.page(
        states=[CallState.DRAFT, CallState.QUEUED], oldest_first=True, limit=100_000
    ).rows
    for record in waiting:
        state = _intended(local, record)
        if record.state is CallState.QUEUED:
            try:
                local.calls.move(
                    record.id, [CallState.QUEUED], CallState.DRAFT, actor=actor, note=MOVING_NOTE
                )
            except StaleMove:
                report.left.append(record.id)  # this desk is sending it: it stays here
                continue
        shared_id, new = adopt(shared, record, state, actor=actor)
        there = shared.get(shared_id)
        if (
            not new
            and state is CallState.DRAFT
            and there is not None
            and not _same_form(there, record)
        ):
            # An earlier move stopped before deleting the local draft, and it has been
            # edited since (here, or the shared copy at another desk): keep both, the
            # local one as a draft of its own, rather than lose an edit. Only ever for a
            # draft: a second copy of a queued call would ring the patient twice.
            version = record.updated_at.isoformat()
            shared_id, new = adopt(shared, record, state, actor=actor, version=version)
        now_here = local.calls.get(record.id)
        if now_here is not None and now_here.form != record.form:
            # Edited while it was being moved: left for the next move, which keeps the edit.
            report.left.append(record.id)
            continue
        try:
            local.calls.delete_draft(record.id, actor=actor)
        except StaleMove:
            log.info("local call %d was already removed by another move", record.id)
        if new:
            report.moved[record.id] = shared_id
        else:
            report.already.append(record.id)
        log.info("local call %d is now shared call %d (%s)", record.id, shared_id, state)
    return report
