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
from voicecall_desktop.store import SqliteStore


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
