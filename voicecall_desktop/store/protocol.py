"""The storage the service uses, as typed protocols: SQLite is one implementation.

The service holds one :class:`Store` and reaches calls, settings, the
do-not-call list, presets and the liveness of other processes only through
it, so a second engine (PostgreSQL, shared by several desks) can stand beside
SQLite without the service changing. Rules every implementation keeps:

* **Typed rows out.** Reads return the frozen dataclasses of
  :mod:`voicecall_desktop.store.records` (re-exported here), never an engine's
  row type, so nothing above the store can tell which engine it holds.
* **Our errors only.** Environment trouble is raised as :class:`StoreError`
  (or a subclass: :class:`NewerDatabaseError`, :class:`StoreUnavailable`) with a
  message a person can act on; a lost race as :class:`StaleMove`. ``ValueError``
  means the caller broke a precondition (a bug). Engine exceptions never escape.
* **Every write is one transaction.** A method either does all it says or
  nothing; the state a move starts from is re-read inside the transaction, so
  of two processes racing for one call exactly one wins.
* **At most once.** :meth:`CallStore.claim` puts ``sending`` and the claimer's
  token on the row, durably, before it returns; only then may a request leave.
* **Times are aware datetimes** (UTC when read back); days are Europe/London
  calendar days as :class:`datetime.date`.
* **Search** (:meth:`CallStore.page`) matches, case-insensitively: a whole
  phone number exactly; part of a number (digits, a leading ``0`` also matching
  the international form) anywhere in the number; and any other text anywhere in
  the status, the number as typed, user name, Source, the state's word as shown
  ("Outcome unknown", "Rejected", ...) and the API's reasons (``Errors``) or the
  last error. It must not slow down with the number of calls for searches of
  three characters or more (an index, not a scan).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from voicecall_desktop.core.states import CallState
from voicecall_desktop.store.errors import (
    DamagedDatabase,
    NewerDatabaseError,
    RepeatedCall,
    StaleMove,
    StoreError,
    StoreUnavailable,
)
from voicecall_desktop.store.records import (
    CHANGE_FIELDS,
    RESPONSE_LIMIT,
    BlockedNumber,
    CallChanges,
    CallEvent,
    CallRecord,
    Page,
    StoreInfo,
)

if TYPE_CHECKING:
    from voicecall_desktop.core.models import CallForm, CallSpec
    from voicecall_desktop.core.settings import Settings

# -- the parts of a store --------------------------------------------------


class CallStore(Protocol):
    """Calls (drafts, the outbox, history) and their audit trail."""

    def get(self, call_id: int) -> CallRecord | None:
        """The call, or None when there is no such call."""

    def count(self, states: Iterable[CallState] | None = None) -> int:
        """How many calls there are (in any of ``states`` when given)."""

    def page(
        self,
        *,
        search: str = "",
        states: Iterable[CallState] | None = None,
        before_id: int | None = None,
        limit: int = 200,
        oldest_first: bool = False,
    ) -> Page:
        """At most ``limit`` calls matching ``search`` (see the module's notes) and ``states``.

        Ordered by id, newest first (or oldest first); ``before_id`` is the
        keyset cursor: the last id of the previous page (ids below it when
        newest first, above it when oldest first). Text that is not valid
        Unicode is matched as far as it can be, never refused.
        """

    def same_day(
        self, destination: int, day: date | None, *, exclude_id: int | None = None
    ) -> list[CallRecord]:
        """``queued``/``sending``/``sent``/``unknown`` calls to this number on this day, by id.

        An empty list when ``day`` is None. Spans every desk of a shared store.
        """

    def booked_counts(self, first: date, last: date) -> dict[date, int]:
        """How many ``queued``/``sending``/``sent``/``unknown`` calls ring on each day.

        Days from ``first`` to ``last``, both included; a day with none is left
        out. Calls booked without a day are not counted. Spans every desk of a
        shared store. For the calendar's counts per day.
        """

    def sending(self) -> list[CallRecord]:
        """Every call now ``sending``, by id."""

    def events(self, call_id: int) -> list[CallEvent]:
        """The call's audit trail, oldest first (empty for an unknown id)."""

    def create(
        self,
        form: CallForm,
        spec: CallSpec | None,
        state: CallState,
        *,
        actor: str,
        machine: str,
    ) -> CallRecord:
        """Record a new call as ``draft`` or ``queued`` (queued needs ``spec``)."""

    def create_many(
        self,
        items: Iterable[tuple[CallForm, CallSpec | None]],
        state: CallState,
        *,
        actor: str,
        machine: str,
        note: str = "",
        refuse_repeats: bool = False,
    ) -> list[int]:
        """Record several calls in one transaction (all or none); their new ids, in order.

        Args:
            refuse_repeats: the repeat rule, checked inside the transaction: when an
                item's number already has a ``queued``/``sending``/``sent``/``unknown``
                call on the item's day (today's London date for an item without one;
                an undated call counts for the London day it was created), nothing
                is written. Spans every desk of a shared store.

        Raises:
            RepeatedCall: (with ``refuse_repeats``) naming the first existing call found.
            ValueError: ``state`` is not draft/queued, or a queued item has no spec.
        """

    def move(
        self,
        call_id: int,
        source: Iterable[CallState],
        target: CallState,
        *,
        actor: str,
        note: str = "",
        fields: CallChanges | None = None,
        owner: str | None = None,
    ) -> CallRecord:
        """Move a call from one of ``source`` to ``target`` and set ``fields``, atomically.

        A move to the same state only sets ``fields`` (and logs an event when
        ``note`` is given). Every other move is checked against
        :data:`voicecall_desktop.core.states.ALLOWED` and logged as an event.

        Args:
            owner: when given, the call must also still carry this claim token.

        Raises:
            StaleMove: the call is gone, not in a ``source`` state, not ``owner``'s,
                or the move is not allowed. Nothing was changed.
        """

    def update_form(
        self, call_id: int, form: CallForm, spec: CallSpec | None, *, actor: str, target: CallState
    ) -> CallRecord:
        """Save an edited draft's fields, as a draft or straight into the outbox.

        Raises:
            StaleMove: the call is no longer a draft.
        """

    def claim(
        self,
        owner: str,
        *,
        call_id: int | None = None,
        now: datetime | None = None,
        respect_backoff: bool = True,
    ) -> CallRecord | None:
        """Take one queued call for sending: ``queued → sending`` in one transaction.

        The oldest queued call (whose ``next_attempt_at`` has passed, when
        ``respect_backoff``), or exactly ``call_id``. Sets ``owner``,
        ``attempt_at`` and adds one to ``attempts``. Two claimers never get the
        same call. None when there is nothing (or not that call) to claim.
        """

    def recover_stale(self, is_alive: Callable[[str | None], bool], *, actor: str) -> list[int]:
        """``sending`` calls whose claimer is no longer alive become ``unknown``; their ids.

        Never re-queued: the request may have reached the API.
        """

    def purge_before(self, cutoff: datetime) -> int:
        """Delete sent, rejected and reviewed-unknown calls created before ``cutoff``; how many."""

    def delete_draft(self, call_id: int, *, actor: str) -> None:
        """Delete one draft (and its events).

        Raises:
            StaleMove: it is not (or no longer) a draft.
        """


class SettingsStore(Protocol):
    """The desk's saved settings (never the API key)."""

    def load(self) -> Settings:
        """The saved settings; an unreadable or invalid value falls back to its default."""

    def save(self, settings: Settings) -> None:
        """Save every setting in one transaction (any key-like field is left out)."""


class DoNotCallStore(Protocol):
    """Numbers patients asked never to be called, as integer Destinations."""

    def add(self, destination: int, *, actor: str, note: str = "") -> bool:
        """Add one number; False when it was already listed (left as it was)."""

    def add_many(self, destinations: list[int], *, actor: str, note: str = "") -> int:
        """Add several in one transaction; how many were new."""

    def remove(self, destination: int) -> bool:
        """Take a number off the list; False when it was not listed."""

    def get(self, destination: int) -> BlockedNumber | None:
        """The number's entry, or None."""

    def all(self) -> list[BlockedNumber]:
        """Every entry, oldest first (then by number)."""


class PresetStore(Protocol):
    """Named sets of the form's non-patient fields; names are unique ignoring case."""

    def names(self) -> list[str]:
        """Every name, sorted."""

    def get(self, name: str) -> dict[str, Any] | None:
        """The preset's JSON value (any case of its name), or None."""

    def save(self, name: str, value: dict[str, Any]) -> None:
        """Create or replace the preset ``name`` (a JSON-serialisable mapping)."""

    def rename(self, old: str, new: str) -> bool:
        """False when there is no preset ``old``."""

    def delete(self, name: str) -> bool:
        """False when there was no such preset."""


class Liveness(Protocol):
    """This process's claim token, and whether another claimer still lives.

    SQLite: an OS lock on a file per process. PostgreSQL: the database session
    of the claiming process. A call is judged abandoned only when its
    claimer's token is no longer alive, however that engine tells.
    """

    @property
    def token(self) -> str:
        """What this process writes as ``owner`` on the calls it claims."""

    def is_alive(self, token: str | None) -> bool:
        """True while the claimer holding ``token`` lives (ours: until :meth:`release`).

        When it cannot tell, it answers True: a live attempt must never be stolen.
        """

    def release(self) -> None:
        """Give up this process's token (at close); idempotent."""


class Store(Protocol):
    """One open store: its parts, its identity, and its life cycle."""

    @property
    def calls(self) -> CallStore: ...

    @property
    def settings(self) -> SettingsStore: ...

    @property
    def do_not_call(self) -> DoNotCallStore: ...

    @property
    def presets(self) -> PresetStore: ...

    @property
    def lease(self) -> Liveness: ...

    def info(self) -> StoreInfo:
        """Which store this is; reads nothing that could fail once open."""

    def integrity_check(self) -> str:
        """The engine's own consistency check: ``"ok"``, or what is wrong."""

    def backup(self, *, daily: bool = False) -> Path | None:
        """Copy the store's data to a file beside it (the data folder's ``backups/``).

        ``daily``: only when no copy was taken today. Returns the new file, or
        None when skipped, or when the engine's data is backed up elsewhere (a
        shared server: return None and do nothing).

        Raises:
            StoreError: the copy could not be written.
        """

    def close(self) -> None:
        """Release the lease, then the connections; idempotent."""


#: Opens the store for a data folder (``VOICECALL_HOME``); raises :class:`StoreError`.
StoreOpener = Callable[[Path], Store]

__all__ = [
    "CHANGE_FIELDS",
    "RESPONSE_LIMIT",
    "BlockedNumber",
    "CallChanges",
    "CallEvent",
    "CallRecord",
    "CallStore",
    "DamagedDatabase",
    "DoNotCallStore",
    "Liveness",
    "NewerDatabaseError",
    "Page",
    "PresetStore",
    "RepeatedCall",
    "SettingsStore",
    "StaleMove",
    "Store",
    "StoreError",
    "StoreInfo",
    "StoreOpener",
    "StoreUnavailable",
]
