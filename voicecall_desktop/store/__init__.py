"""SQLite storage: the call records (drafts, outbox, history) and settings."""

from pathlib import Path

from voicecall_desktop.store.calls import CallStore, Page, StaleMove, answer_fields
from voicecall_desktop.store.db import Database, NewerDatabaseError, StoreError
from voicecall_desktop.store.lease import ProcessLease
from voicecall_desktop.store.lists import DoNotCallStore, PresetStore
from voicecall_desktop.store.records import CallRecord
from voicecall_desktop.store.schema import MIGRATIONS
from voicecall_desktop.store.settings import SettingsStore


def open_database(path: Path) -> Database:
    """Open (creating or migrating) the call database at ``path``."""
    return Database(path, MIGRATIONS)


__all__ = [
    "CallRecord",
    "CallStore",
    "Database",
    "DoNotCallStore",
    "NewerDatabaseError",
    "Page",
    "PresetStore",
    "ProcessLease",
    "SettingsStore",
    "StaleMove",
    "StoreError",
    "answer_fields",
    "open_database",
]
