"""What the call lists read: the part of :class:`~voicecall_desktop.service.Service` they use.

A small protocol, so that the models and the background reader depend on the
service's typed reads only (never on a store), and a test can hand in anything
that reads pages the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import CallEvent, Page


class CallPages(Protocol):
    """Keyset pages of calls, their count and their audit trail."""

    def page(
        self,
        *,
        search: str = "",
        states: Iterable[CallState] | None = None,
        before_id: int | None = None,
        limit: int = 200,
        oldest_first: bool = False,
    ) -> Page: ...

    def count(self, states: Iterable[CallState] | None = None) -> int: ...

    def events(self, call_id: int) -> list[CallEvent]: ...
