"""The desk's store, opened by a test beside a running Service (to seed or age rows).

The Service keeps its store private; a test that must write what no use case
writes (a row aged by a month, a late answer, a claim by another process) opens
the same SQLite file through the store's own public API, with a lease of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from voicecall_desktop.service import Service
from voicecall_desktop.store import SqliteStore, Store


@contextmanager
def desk_store(service: Service) -> Iterator[SqliteStore]:
    """The SQLite store in ``service.home``; closed (its lease released) on leaving."""
    with open_desk(service.home) as store:
        yield store


@contextmanager
def open_desk(home: Path) -> Iterator[SqliteStore]:
    """The SQLite store in the data folder ``home``; closed on leaving."""
    store = SqliteStore(home)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def open_store_in_use(home: Path, actor: str = "other") -> Iterator[Store]:
    """The store a desk with this data folder uses (the shared one when
    ``VOICECALL_DATABASE_URL`` is set, as under ``tests.pg.shared_plugin``), opened
    as another process would open it; closed on leaving."""
    from voicecall_desktop.store_pg import open_for_desk

    store = open_for_desk(home, None, actor=actor).store
    try:
        yield store
    finally:
        store.close()
