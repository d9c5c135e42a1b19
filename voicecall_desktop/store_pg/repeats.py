"""The repeat rule inside a shared-store booking: no number rung twice on a day, across desks.

Two desks booking the same call list at the same moment must not both book
it. Under READ COMMITTED a check and an insert are not atomic between
sessions, so each (number, day) is first locked for the transaction with a
two-key advisory lock (a key space apart from the desks' one-key leases),
in a fixed order so that two lists never wait on each other in a circle.
Then the check sees every committed call, and the other desk waits for ours.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from voicecall_desktop.core.models import CallSpec
from voicecall_desktop.core.schedule import LONDON
from voicecall_desktop.store.errors import RepeatedCall
from voicecall_desktop.store_pg.session import Conn

#: States in which a call rings (or may have rung) its number.
RINGING = ["queued", "sending", "sent", "unknown"]
#: First key of the advisory locks taken here ("VCRP"); leases use one-key locks.
_NAMESPACE = 0x56435250


def wanted_day(spec: CallSpec, now: datetime) -> date:
    """The London day the call rings: its own day, or the day it is booked when undated."""
    return spec.day or now.astimezone(LONDON).date()


def _key(destination: int, day: date) -> int:
    # A 32-bit signed key; two numbers sharing one only wait for each other, never more.
    value = zlib.crc32(f"{destination}/{day.isoformat()}".encode())
    return value - (1 << 32) if value >= 1 << 31 else value


def refuse_repeats(tx: Conn, specs: Iterable[CallSpec], now: datetime) -> None:
    """Lock each (number, day) of ``specs`` and raise :class:`RepeatedCall` on the first
    one the shared store already rings. Call inside the booking transaction."""
    wanted = sorted({(spec.destination, wanted_day(spec, now)) for spec in specs})
    for key in sorted({_key(d, day) for d, day in wanted}):
        tx.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_NAMESPACE, key))
    for destination, day in wanted:
        midnight = datetime.combine(day, datetime.min.time(), LONDON)
        row = tx.execute(
            "SELECT id, state FROM calls WHERE destination = %s AND state = ANY(%s) "
            "AND (day = %s OR (day IS NULL AND created_at >= %s AND created_at < %s)) "
            "ORDER BY id LIMIT 1",
            (destination, RINGING, day, midnight, midnight + timedelta(days=1)),
        ).fetchone()
        if row is not None:
            raise RepeatedCall(destination, day.isoformat(), int(row["id"]), str(row["state"]))


def repeated_within(specs: list[CallSpec | None], ids: list[int], now: datetime) -> None:
    """Raise :class:`RepeatedCall` when the list itself books one number twice on a day
    (the id is the earlier row's, rolled back with the transaction)."""
    seen: dict[tuple[int, date], int] = {}
    for spec, call_id in zip(specs, ids, strict=True):
        if spec is None:
            continue
        key = (spec.destination, wanted_day(spec, now))
        if key in seen:
            raise RepeatedCall(key[0], key[1].isoformat(), seen[key], "queued")
        seen[key] = call_id
