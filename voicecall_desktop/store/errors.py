"""The errors a store raises, whatever its engine (no engine module imported here).

:class:`StoreError` is the environment's fault (disk full, read-only folder,
locked, corrupt, a server that cannot be reached, a newer program's schema) and
is shown to the person as it is; its message says why and what to do.
:class:`StaleMove` is a lost race, not a fault: the call was moved by someone
else first. Anything else a store lets escape is a bug.
"""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer version of the program."""


class DamagedDatabase(StoreError):
    """The database file is damaged; it was left byte for byte as it was.

    ``path`` is the file; the window offers to restore a backup
    (:meth:`voicecall_desktop.service.Service.restore_backup`).
    """

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


class StoreUnavailable(StoreError):
    """The store cannot be reached just now (a server down, the network gone).

    Nothing was written. A caller may keep the work elsewhere and try later.
    """


class StaleMove(Exception):
    """The call was no longer in a state that allows the move (someone else moved it)."""


class RepeatedCall(StaleMove):
    """A call would repeat one the number already has that day (queued, sending, sent, unknown).

    Raised by ``create_many(..., refuse_repeats=True)`` inside its transaction, so
    that two desks booking the same list at once cannot both book it. Nothing was
    written.
    """

    def __init__(self, destination: int, day: str, existing_id: int, state: str) -> None:
        super().__init__(
            f"call {existing_id} ({state}) already rings this number on {day}; nothing was booked"
        )
        self.destination = destination
        self.day = day
        self.existing_id = existing_id
        self.state = state
