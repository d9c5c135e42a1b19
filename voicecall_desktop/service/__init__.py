"""The use cases: the one boundary the window and the command line talk to.

The window (``ui``) and the command line (``cli``) import from here only; they never
open the store, the keyring or a database connection themselves (a test checks it).

| module | what |
|---|---|
| ``_facade`` | :class:`Service`, the boundary: each public method is one of the parts' below |
| ``_desk`` | who works where: the data folder, the user and the PC (the audit trail's names) |
| ``_store`` | which store a desk uses (its own or the shared one), the store in use, backups |
| ``_settings`` | the settings in force (IT's over the desk's), their checks; base URL, client |
| ``_keys`` | the API key in the OS keyring |
| ``_booking`` | booking one call: the checks, drafts, submit, take back, send again, reviewed |
| ``_checks`` | checks before anything is queued: humane hours, far ahead, the repeat rule |
| ``_call_lists`` | CSV call lists: check every row, queue the valid ones in one transaction |
| ``_outbox`` | send one call now, or flush the outbox |
| ``_sending`` | claiming and sending one call, recording whatever came of it |
| ``_results`` | what an attempt or a flush came to |
| ``_history`` | reading: pages of the outbox and history, counts, audit trails, exports; purge |
| ``_do_not_call`` | the do-not-call list |
| ``_presets`` | named presets of the form's non-patient fields |
| ``_backups`` | the desk's backup copies and restoring one, without opening the database |
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
