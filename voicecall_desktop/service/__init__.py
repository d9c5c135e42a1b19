"""The use cases: the one boundary the window and the command line talk to.

The window (``ui``) and the command line (``cli``) import from here only; they never
open the store, the keyring or a database connection themselves (a test checks it).

| module | what |
|---|---|
| ``_facade`` | :class:`Service`, the boundary itself: every use case as a method |
| ``_store`` | which store a desk uses (its own SQLite file or the practice's PostgreSQL) |
| ``_checks`` | the checks made before anything is queued (``prepare_send``) |
| ``_sending`` | claiming and sending one call, the outbox flush |
| ``_results`` | what an attempt or a flush came to |
| ``_keys`` | the API key in the OS keyring |
| ``_lists`` | the do-not-call list and presets |
| ``_settings`` | settings checked with the form's rules, one setting typed as text |
| ``_backups`` | daily copies of the desk's database, restore |
"""

from __future__ import annotations

from voicecall_desktop.core.errors import (
    FieldError,
    InputErrors,
)
from voicecall_desktop.secrets import (
    BadKey,
    KeyringUnavailable,
    KeyStore,
    normalise_key,
)
from voicecall_desktop.service._checks import (
    Confirmations,
    NeedsConfirmation,
)
from voicecall_desktop.service._facade import Service
from voicecall_desktop.service._keys import ApiKeys
from voicecall_desktop.service._results import (
    AttemptResult,
    FlushReport,
    KeyStatus,
    MissingKey,
    SendCheck,
    SubmitResult,
    backoff,
)
from voicecall_desktop.service._store import StoreStatus
from voicecall_desktop.store.errors import (
    DamagedDatabase,
    StaleMove,
    StoreError,
)
from voicecall_desktop.store.protocol import (
    BlockedNumber,
    CallEvent,
    Page,
)
from voicecall_desktop.store.records import CallRecord

__all__ = [
    "ApiKeys",
    "AttemptResult",
    "BadKey",
    "BlockedNumber",
    "CallEvent",
    "CallRecord",
    "Confirmations",
    "DamagedDatabase",
    "FieldError",
    "FlushReport",
    "InputErrors",
    "KeyStatus",
    "KeyStore",
    "KeyringUnavailable",
    "MissingKey",
    "NeedsConfirmation",
    "Page",
    "SendCheck",
    "Service",
    "StaleMove",
    "StoreError",
    "StoreStatus",
    "SubmitResult",
    "backoff",
    "normalise_key",
]
