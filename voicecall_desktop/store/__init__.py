"""Storage: the typed protocol the service uses (:mod:`.protocol`) and its SQLite implementation.

Only the service imports this package; the window and the command line go through the service.
"""

from pathlib import Path

from voicecall_desktop.store.calls import CallStore
from voicecall_desktop.store.db import Database
from voicecall_desktop.store.errors import (
    DamagedDatabase,
    NewerDatabaseError,
    RepeatedCall,
    StaleMove,
    StoreError,
    StoreUnavailable,
)
from voicecall_desktop.store.lease import ProcessLease
from voicecall_desktop.store.lists import DoNotCallStore, PresetStore
from voicecall_desktop.store.protocol import (
    BlockedNumber,
    CallChanges,
    CallEvent,
    Page,
    Store,
    StoreInfo,
)
from voicecall_desktop.store.records import CallRecord, answer_fields
from voicecall_desktop.store.settings import SettingsStore
from voicecall_desktop.store.sqlite import SqliteStore, open_database


def open_store(home: Path) -> Store:
    """The store for the data folder ``home`` (the desk's SQLite file)."""
    return SqliteStore(home)


__all__ = [
    "BlockedNumber",
    "CallChanges",
    "CallEvent",
    "CallRecord",
    "CallStore",
    "DamagedDatabase",
    "Database",
    "DoNotCallStore",
    "NewerDatabaseError",
    "Page",
    "PresetStore",
    "ProcessLease",
    "RepeatedCall",
    "SettingsStore",
    "SqliteStore",
    "StaleMove",
    "Store",
    "StoreError",
    "StoreInfo",
    "StoreUnavailable",
    "answer_fields",
    "open_database",
    "open_store",
]
