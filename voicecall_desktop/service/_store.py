"""Which store the service works on: the desk's own SQLite file, or the shared PostgreSQL one.

``database_url`` fixed by IT's policy wins over ``VOICECALL_DATABASE_URL``, which
wins over the desk's own ``database_url`` setting; with none, the desk's own
store is used and nothing PostgreSQL-related is imported (the setting is read
straight from the desk's file, without the settings model). With a URL,
:func:`voicecall_desktop.store_pg.open_for_desk` picks the shared store, or,
when the server cannot be reached, the desk's own store *holding* calls (kept
``queued``, never sent from there) until the shared store is reachable again;
then they move into it, each exactly once.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from voicecall_desktop.store import SqliteStore, Store, StoreUnavailable, open_store

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


def watch(store: Store, on_change: Callable[[], None]) -> Watch:
    """Call ``on_change`` (on another thread) when another desk changes something."""
    listener: Callable[[Callable[[Any], None]], Watch] | None = getattr(store, "listener", None)
    if listener is None:
        return _NoWatch()
    return listener(lambda _changes: on_change())


class _CanKeep(Protocol):
    def _keep_here(self, reason: str) -> bool: ...


_S = TypeVar("_S", bound=_CanKeep)
_P = ParamSpec("_P")
_R = TypeVar("_R")


def keeps_new_calls(
    method: Callable[Concatenate[_S, _P], _R],
) -> Callable[Concatenate[_S, _P], _R]:
    """Booking a new call survives the shared server going away mid-session.

    On :class:`StoreUnavailable` (nothing was written) the service switches to the
    desk's own store holding calls and does the whole booking again there, checks
    included. Editing an existing call (a ``call_id``) is not redone: that id is
    the shared store's.
    """

    def booking(service: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(service, *args, **kwargs)
        except StoreUnavailable as exc:
            editing = kwargs["call_id"] if "call_id" in kwargs else (args[1:2] or [None])[0]
            if editing is not None or not service._keep_here(str(exc)):
                raise
        return method(service, *args, **kwargs)

    functools.update_wrapper(booking, method)
    return booking
