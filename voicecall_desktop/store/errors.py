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


class StoreUnavailable(StoreError):
    """The store cannot be reached just now (a server down, the network gone).

    Nothing was written. A caller may keep the work elsewhere and try later.
    """


class StaleMove(Exception):
    """The call was no longer in a state that allows the move (someone else moved it)."""
