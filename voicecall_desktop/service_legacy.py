"""TEMPORARY: ui switch pending. The old, untyped views of the stores that the window uses.

Until the window is switched to the :class:`~voicecall_desktop.service.Service`
methods, ``service.calls`` and ``service.do_not_call`` hand out these: the typed
stores, except that events and do-not-call entries come back as the mappings
the window reads by key. Delete this module with the temporary properties.
"""

from __future__ import annotations

from typing import Any

from voicecall_desktop.store.protocol import CallStore, DoNotCallStore


class LegacyCalls:  # TEMPORARY: ui switch pending
    """The call store, with :meth:`events` as mappings (``event["to_state"]``)."""

    def __init__(self, calls: CallStore) -> None:
        self._calls = calls

    def __getattr__(self, name: str) -> Any:
        return getattr(self._calls, name)

    def events(self, call_id: int) -> list[dict[str, object]]:
        return [
            {
                "id": e.id,
                "call_id": e.call_id,
                "at": e.at.isoformat(),
                "from_state": e.from_state.value if e.from_state else None,
                "to_state": e.to_state.value,
                "actor": e.actor,
                "note": e.note,
            }
            for e in self._calls.events(call_id)
        ]


class LegacyDoNotCall:  # TEMPORARY: ui switch pending
    """The do-not-call store, with :meth:`all` as mappings (``row["destination"]``)."""

    def __init__(self, store: DoNotCallStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def all(self) -> list[dict[str, object]]:
        return [
            {
                "destination": b.destination,
                "added_at": b.added_at.isoformat(),
                "added_by": b.added_by,
                "note": b.note,
            }
            for b in self._store.all()
        ]
