"""Which store the service works on: the desk's own SQLite file, or the shared PostgreSQL one.

``database_url`` fixed by IT's policy wins over ``VOICECALL_DATABASE_URL``, which
wins over the desk's own ``database_url`` setting; with none, the desk's own
store is used and nothing PostgreSQL-related is imported (the setting is read
straight from the desk's file, without the settings model). With a URL,
:func:`voicecall_desktop.store_pg.open_for_desk` picks the shared store, or,
when the server cannot be reached, the desk's own store *holding* calls (kept
``queued``, never sent from there) until the shared store is reachable again;
then they move into it, each exactly once.

:class:`StoreInUse` is the one holder of the store the service works on: every
part of the service reads the store through it, so a move between the shared
store and this PC's happens in one place.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar

from voicecall_desktop.store import (
    SqliteStore,
    Store,
    StoreError,
    StoreInfo,
    StoreUnavailable,
    open_store,
)

if TYPE_CHECKING:
    from voicecall_desktop.policy import Policy
    from voicecall_desktop.service._desk import Desk
    from voicecall_desktop.store.protocol import CallStore

log = logging.getLogger(__name__)

LOCAL_STATUS = "This PC's own store"


@dataclass(frozen=True)
class StoreStatus:
    """What the status bar says about the store in use."""

    text: str
    shared: bool  # a database URL is configured
    reachable: bool  # False: calls are kept on this PC (queued) and nothing is sent
    moved: int = 0  # calls kept on this PC earlier and moved into the shared store just now


class Watch(Protocol):
    def stop(self) -> None: ...


class _NoWatch:
    """The desk's own store has no notifications: the window's periodic refresh covers it."""

    def stop(self) -> None:
        return None


def save_local_database_url(home: Path, value: str) -> None:
    """Keep ``database_url`` in the desk's own file (the shared settings never hold it)."""
    local = SqliteStore(home)
    try:
        with local.db.transaction() as tx:
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('database_url', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (json.dumps(value),),
            )
    finally:
        local.close()


def open_desk_store(home: Path, actor: str, fixed_url: str = "") -> tuple[Store, StoreStatus, str]:
    """The store this desk uses, its status and the desk's own ``database_url`` setting.

    Raises:
        StoreError: the shared store cannot be used for a reason other than reachability
            (password, TLS, schema, a bad URL), said in plain words.
    """
    from voicecall_desktop.store_pg.config import (  # no psycopg here
        configured_url,
        local_database_url,
    )

    # IT's URL (the service read the policy) wins over the variable, as for base_url.
    setting = fixed_url
    if not fixed_url and configured_url(None) is None:
        local = open_store(home)
        try:
            setting = local_database_url(local)
        except BaseException:
            local.close()
            raise
        if not setting:
            return local, StoreStatus(LOCAL_STATUS, shared=False, reachable=True), ""
        local.close()
    return (*shared_or_holding(home, setting, actor, fixed=bool(fixed_url)), setting)


def shared_or_holding(
    home: Path, setting: str, actor: str, *, fixed: bool = False
) -> tuple[Store, StoreStatus]:
    from voicecall_desktop.store_pg import open_for_desk

    choice = open_for_desk(home, setting, actor=actor, fixed_by_it=fixed)
    status = StoreStatus(choice.status, shared=True, reachable=choice.reachable, moved=choice.moved)
    return choice.store, status


def status_of(store: Store) -> StoreStatus:
    """The status of a store handed in by the caller (tests, tools)."""
    if getattr(store, "reason", None) is not None:  # the desk's store holding calls
        return StoreStatus(
            "Shared store unreachable: calls are kept on this PC", shared=True, reachable=False
        )
    info = store.info()
    if info.kind == "sqlite":
        return StoreStatus(LOCAL_STATUS, shared=False, reachable=True)
    return StoreStatus(f"Shared store: {info.location}", shared=True, reachable=True)


def holding(home: Path, reason: str) -> tuple[Store, StoreStatus]:
    """The desk's own store holding calls, after a write to the shared store found it gone."""
    from voicecall_desktop.store_pg import open_holding_store

    store = open_holding_store(home, reason)
    status = StoreStatus(
        "Shared store unreachable: calls are kept on this PC", shared=True, reachable=False
    )
    return store, status


class StoreInUse:
    """The store the service works on now, and the moves between the shared one and this PC.

    The desk's own store, the shared one, or the desk's own holding calls while the
    shared one is unreachable. Parts of the service read :attr:`store` (or
    :attr:`calls`) at each use and never keep it, because it changes when the shared
    server goes away or comes back. A store left behind stays open until
    :meth:`close`, so that a read in flight elsewhere finishes.
    """

    def __init__(
        self, desk: Desk, store: Store, status: StoreStatus, *, desk_url: str, url_fixed: bool
    ) -> None:
        self._desk = desk
        self._store = store
        self._status = status
        #: The desk's own ``database_url`` setting (never kept in the shared settings).
        self.desk_url = desk_url
        self._url_fixed = url_fixed  # IT's policy fixes database_url
        self._retired: list[Store] = []
        # The window's retry timer and a flush on the send thread may try at once: one moves.
        self._retry_lock = threading.Lock()

    @classmethod
    def open(cls, desk: Desk, policy: Policy, given: Store | None = None) -> StoreInUse:
        """The store ``desk`` uses (``given``, when the caller hands one in)."""
        url_fixed = policy.locks("database_url")
        if given is not None:
            return cls(desk, given, status_of(given), desk_url="", url_fixed=url_fixed)
        # The one place the store is chosen: the desk's own file, or the shared store of
        # VOICECALL_DATABASE_URL / IT's database_url / the desk's setting.
        fixed = policy.values.get("database_url")
        store, status, desk_url = open_desk_store(
            desk.home, desk.actor, fixed if isinstance(fixed, str) else ""
        )
        return cls(desk, store, status, desk_url=desk_url, url_fixed=url_fixed)

    @property
    def store(self) -> Store:
        return self._store

    @property
    def calls(self) -> CallStore:
        return self._store.calls

    def store_status(self) -> StoreStatus:
        """Which store is in use and whether it is reachable (the status bar's words)."""
        return self._status

    def store_info(self) -> StoreInfo:
        """Which store is in use (for the self-test and the About box)."""
        return self._store.info()

    def integrity_check(self) -> str:
        """The store's own consistency check: ``"ok"`` or what is wrong."""
        return self._store.integrity_check()

    def watch(self, on_change: Callable[[], None]) -> Watch:
        """Call ``on_change`` when another desk books, sends or changes a list; ``.stop()`` it.

        On the shared store it runs on a listener thread (emit a Qt signal from it);
        on the desk's own store it never fires (the periodic refresh covers it).
        """
        listener: Callable[[Callable[[Any], None]], Watch] | None = getattr(
            self._store, "listener", None
        )
        if listener is None:
            return _NoWatch()
        return listener(lambda _changes: on_change())

    def retry_shared_store(self) -> int:
        """When calls are being kept on this PC, try the shared store again.

        Once it is reachable, the kept calls and drafts move into it (each exactly
        once) and the service works on it from then on. Returns how many moved.
        Call it when nothing is being sent (the window: on its refresh timer).

        Raises:
            StoreError: the server answers but cannot be used (password, TLS, schema).
        """
        with self._retry_lock:
            if not self._status.shared or self._status.reachable:
                return 0
            store, status = shared_or_holding(
                self._desk.home, self.desk_url, self._desk.actor, fixed=self._url_fixed
            )
            if not status.reachable:
                store.close()
                return 0
            self._switch(store, status)
            log.info("shared store reachable again; %d kept call(s) moved into it", status.moved)
            return status.moved

    def keep_here(self, reason: str) -> bool:
        """The shared server went away mid-session: new calls are kept on this PC from now.

        False when the store in use is not the shared one (nothing to fall back to).
        Called by :func:`keeps_new_calls` on :class:`StoreUnavailable` (nothing was
        written); a lost commit, whose outcome is unknown, is another error and is
        raised, so a call never exists in both places.
        """
        if not (self._status.shared and self._status.reachable):
            return False
        log.warning("shared store lost; keeping new calls on this PC: %s", reason)
        self._switch(*holding(self._desk.home, reason))
        return True

    def _switch(self, store: Store, status: StoreStatus) -> None:
        # The store left behind stays open until close(): a read in flight elsewhere finishes.
        self._retired.append(self._store)
        self._store = store
        self._status = status

    def daily_backup(self) -> Path | None:
        """Take the day's backup copy unless one was taken today; never raises.

        For a window that opens the service with ``daily_backup=False`` so as to
        take the copy off the GUI thread.
        """
        try:
            return self._store.backup(daily=True)
        except StoreError as exc:  # a missed copy must not stop the day's work
            log.warning("the daily backup copy was not taken: %s", exc)
            return None

    def backup_now(self) -> Path | None:
        """Take a backup copy now (the last 7 are kept); None when the store keeps its own.

        Raises:
            StoreError: the copy could not be written.
        """
        return self._store.backup()

    def close(self) -> None:
        for old in self._retired:
            old.close()
        self._retired.clear()
        self._store.close()


class _UsesStore(Protocol):
    """A part of the service that books through a :class:`StoreInUse`."""

    @property
    def _in_use(self) -> StoreInUse: ...


_S = TypeVar("_S", bound=_UsesStore)
_P = ParamSpec("_P")
_R = TypeVar("_R")


def keeps_new_calls(
    method: Callable[Concatenate[_S, _P], _R],
) -> Callable[Concatenate[_S, _P], _R]:
    """Booking a new call survives the shared server going away mid-session.

    On :class:`StoreUnavailable` (nothing was written) the store in use becomes the
    desk's own store holding calls and does the whole booking again there, checks
    included. Editing an existing call (a ``call_id``) is not redone: that id is
    the shared store's.
    """

    def booking(part: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(part, *args, **kwargs)
        except StoreUnavailable as exc:
            editing = kwargs["call_id"] if "call_id" in kwargs else (args[1:2] or [None])[0]
            if editing is not None or not part._in_use.keep_here(str(exc)):
                raise
        return method(part, *args, **kwargs)

    functools.update_wrapper(booking, method)
    return booking
