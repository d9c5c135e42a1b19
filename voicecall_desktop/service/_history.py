"""Reading the calls: pages of the outbox and the history, a call's audit trail, exports,
counts, and removing old finished calls (retention).

Reads go to the store in use at that moment; nothing here changes a call.
Purging is the one write: explicit, logged, and never of a draft, the outbox
or an ``unknown`` call nobody has reviewed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from voicecall_desktop.core.states import CallState

if TYPE_CHECKING:
    from voicecall_desktop.service._desk import Desk
    from voicecall_desktop.service._settings import Configuration
    from voicecall_desktop.service._store import StoreInUse
    from voicecall_desktop.store import CallEvent, CallRecord, Page

log = logging.getLogger(__name__)

#: States shown in the outbox, oldest first.
OUTBOX_STATES = (CallState.QUEUED, CallState.SENDING)


class History:
    """Pages, counts and audit trails of the calls, and the purge of old ones."""

    def __init__(self, desk: Desk, in_use: StoreInUse, config: Configuration) -> None:
        self._desk = desk
        self._in_use = in_use
        self._config = config

    def get(self, call_id: int) -> CallRecord | None:
        """The call, or None when there is no such call (any more)."""
        return self._in_use.calls.get(call_id)

    def count(self, states: Iterable[CallState] | None = None) -> int:
        """How many calls there are (in any of ``states``)."""
        return self._in_use.calls.count(states)

    def queued_count(self) -> int:
        return self._in_use.calls.count([CallState.QUEUED])

    def page(
        self,
        *,
        search: str = "",
        states: Iterable[CallState] | None = None,
        before_id: int | None = None,
        limit: int = 200,
        oldest_first: bool = False,
    ) -> Page:
        """One keyset page of calls (the store's :meth:`CallStore.page`; search by any part)."""
        return self._in_use.calls.page(
            search=search,
            states=states,
            before_id=before_id,
            limit=limit,
            oldest_first=oldest_first,
        )

    def history_page(
        self,
        *,
        search: str = "",
        states: Iterable[CallState] | None = None,
        before_id: int | None = None,
        limit: int = 200,
    ) -> Page:
        """Calls newest first, matching ``search`` and ``states``; ``before_id`` pages on."""
        return self.page(search=search, states=states, before_id=before_id, limit=limit)

    def outbox_page(self, *, limit: int = 100_000, after_id: int | None = None) -> Page:
        """Queued and sending calls, oldest first (the order they go out in)."""
        return self.page(states=OUTBOX_STATES, before_id=after_id, limit=limit, oldest_first=True)

    def iter_calls(
        self,
        search: str = "",
        states: Iterable[CallState] | None = None,
        *,
        page_size: int = 500,
    ) -> Iterator[CallRecord]:
        """Every matching call, newest first, a page at a time (for exports)."""
        wanted = None if states is None else list(states)
        before: int | None = None
        while True:
            page = self.history_page(
                search=search, states=wanted, before_id=before, limit=page_size
            )
            yield from page.rows
            if not page.has_more or not page.rows:
                return
            before = page.rows[-1].id

    def events(self, call_id: int) -> list[CallEvent]:
        """A call's audit trail, oldest first."""
        return self._in_use.calls.events(call_id)

    def last_credits(self, *, look_back: int = 20) -> int | None:
        """The Credits of the latest answer that carried them, if any of the last few did."""
        answered = self.page(states=[CallState.SENT, CallState.REJECTED], limit=look_back)
        for record in answered.rows:
            if record.credits is not None:
                return record.credits
        return None

    def booked_counts(self, first: date, last: date) -> dict[date, int]:
        """Calls that ring (queued, sending, sent, unknown) on each day, ``first``..``last``.

        Days with none are left out; calls without a day are not counted. For
        the calendar's load per day; safe to call off the GUI thread.
        """
        return self._in_use.calls.booked_counts(first, last)

    def purge(self, *, now: datetime | None = None, days: int | None = None) -> int:
        """Delete finished calls older than the retention setting; an explicit, logged act.

        ``unknown`` calls are kept until a person has reviewed them (sent them
        again); drafts and the outbox are never purged.
        """
        keep = days if days is not None else self._config.settings().retention_days
        cutoff = (now or datetime.now(UTC)) - timedelta(days=keep)
        removed = self._in_use.calls.purge_before(cutoff)
        log.info("purged %d call(s) older than %d days (by %s)", removed, keep, self._desk.actor)
        return removed
