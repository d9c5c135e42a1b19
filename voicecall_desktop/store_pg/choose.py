"""Pick the desk's store: its own SQLite file, or the shared PostgreSQL one.

:func:`open_for_desk` is what the service (or whoever builds it) calls at
start-up. Without a database URL it opens the SQLite store and never imports
psycopg. With one, it opens the shared store and first moves into it any
calls this desk kept while the server was unreachable. When the server cannot
be reached, it opens the desk's own store *holding* calls: new calls and
drafts are kept there (queued), nothing is sent from it, and they move into
the shared store when :func:`open_for_desk` next reaches the server (at the
next start, or when the window tries again: close the holding store, call it
again).

Any other trouble with the shared store (password refused, TLS, schema too
new or missing, a bad URL) is raised: working silently on the desk's own
store would split the practice's records without anyone knowing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from voicecall_desktop.store import open_store
from voicecall_desktop.store.protocol import (
    CallStore,
    DoNotCallStore,
    Liveness,
    PresetStore,
    SettingsStore,
    Store,
    StoreInfo,
)
from voicecall_desktop.store.records import CallRecord
from voicecall_desktop.store_pg.config import configured_url

if TYPE_CHECKING:
    from voicecall_desktop.store_pg.offline import MoveReport
    from voicecall_desktop.store_pg.store import PgStore

log = logging.getLogger(__name__)


class HoldingCalls:
    """The desk's own calls while the shared server is away: everything but sending."""

    def __init__(self, inner: CallStore) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    def claim(
        self,
        owner: str,
        *,
        call_id: int | None = None,
        now: datetime | None = None,
        respect_backoff: bool = True,
    ) -> CallRecord | None:
        # Nothing leaves from the holding store: its calls are sent once they are shared,
        # so a call can never be sent here and again from the shared outbox.
        return None


class HoldingStore:
    """:class:`Store` over the desk's SQLite file that never hands out a call to send."""

    def __init__(self, inner: Store, reason: str) -> None:
        self._inner = inner
        self._calls = HoldingCalls(inner.calls)
        self.reason = reason

    @property
    def calls(self) -> CallStore:
        return self._calls  # type: ignore[return-value]

    @property
    def settings(self) -> SettingsStore:
        return self._inner.settings

    @property
    def do_not_call(self) -> DoNotCallStore:
        return self._inner.do_not_call

    @property
    def presets(self) -> PresetStore:
        return self._inner.presets

    @property
    def lease(self) -> Liveness:
        return self._inner.lease

    def info(self) -> StoreInfo:
        return self._inner.info()

    def integrity_check(self) -> str:
        return self._inner.integrity_check()

    def backup(self, *, daily: bool = False) -> Path | None:
        return self._inner.backup(daily=daily)  # the desk's own file holds kept calls

    def close(self) -> None:
        self._inner.close()


@dataclass
class StoreChoice:
    """The store to use, and what the status bar says about it."""

    store: Store
    shared: bool  # a database URL is configured
    reachable: bool  # False: calls are held on this desk and nothing is sent
    status: str
    moved: int = 0  # calls kept on this desk earlier and moved into the shared store now


def _move_held(home: Path, shared: PgStore, actor: str) -> MoveReport | None:
    from voicecall_desktop.paths import database_path
    from voicecall_desktop.store_pg.offline import move_offline_calls

    if not database_path(home).exists():
        return None
    local = open_store(home)
    try:
        return move_offline_calls(local, shared.calls, actor=actor)
    finally:
        local.close()


def open_holding_store(home: Path, reason: str) -> HoldingStore:
    """The desk's own store, holding calls: for a call booked when the server went away.

    The service calls this when a write to the shared store raised
    :class:`~voicecall_desktop.store.errors.StoreUnavailable`: nothing was written
    there, so the call is recorded here (``queued``, exit 3 for ``send``) and moves
    into the shared store the next time :func:`open_for_desk` reaches it.
    """
    return HoldingStore(open_store(home), reason)


def open_for_desk(
    home: Path, setting: str | None, *, actor: str, fixed_by_it: bool = False
) -> StoreChoice:
    """The store for this desk: see the module's notes. Raises :class:`StoreError`.

    ``fixed_by_it``: ``setting`` is IT's policy, which wins over the variable too.
    """
    url = setting.strip() if fixed_by_it and setting else configured_url(setting)
    if url is None:
        return StoreChoice(open_store(home), shared=False, reachable=True, status="This PC")
    from voicecall_desktop.store_pg.errors import SharedStoreUnavailable
    from voicecall_desktop.store_pg.store import PgStore

    try:
        shared = PgStore(url)
    except SharedStoreUnavailable as exc:
        log.warning("shared store unreachable; holding calls on this desk: %s", exc)
        holding = open_holding_store(home, str(exc))
        return StoreChoice(
            holding,
            shared=True,
            reachable=False,
            status="Shared store unreachable: calls are kept on this PC",
        )
    try:
        report = _move_held(home, shared, actor)
    except BaseException:
        shared.close()
        raise
    moved = report.count if report else 0
    if moved:
        log.info("%d call(s) kept on this desk moved into the shared store", moved)
    return StoreChoice(
        shared,
        shared=True,
        reachable=True,
        status=f"Shared store: {shared.url.host}/{shared.url.dbname}",
        moved=moved,
    )
