"""Sending from the outbox: one call now, or every queued call (a flush).

Before anything is claimed the API key is read (no key: nothing is claimed)
and a flush first moves calls kept on this PC into the shared store if it is
back. The claiming and recording is :class:`~voicecall_desktop.service._sending.Sender`'s,
imported on the first send so that reading the history does not load the API codecs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from voicecall_desktop.store import StoreError

if TYPE_CHECKING:
    from voicecall_desktop.api.client import VoiceCallClient
    from voicecall_desktop.service._desk import Desk
    from voicecall_desktop.service._do_not_call import DoNotCallList
    from voicecall_desktop.service._keys import ApiKeys
    from voicecall_desktop.service._results import AttemptResult, FlushReport
    from voicecall_desktop.service._sending import Sender
    from voicecall_desktop.service._settings import Configuration
    from voicecall_desktop.service._store import StoreInUse

log = logging.getLogger(__name__)


class Outbox:
    """Sends queued calls with the settings, key and store in use at that moment."""

    def __init__(
        self,
        desk: Desk,
        in_use: StoreInUse,
        config: Configuration,
        keys: ApiKeys,
        do_not_call: DoNotCallList,
    ) -> None:
        self._desk = desk
        self._in_use = in_use
        self._config = config
        self._keys = keys
        self._do_not_call = do_not_call

    def _sender(self) -> Sender:
        # A new one per send: the store in use (and so the claim token) may have changed.
        from voicecall_desktop.service._sending import Sender

        store = self._in_use.store
        return Sender(
            store.calls, store.lease.token, self._desk.actor, self._do_not_call.blocked_reason
        )

    def send_one(
        self, call_id: int, client: VoiceCallClient | None = None, *, fmt: str | None = None
    ) -> AttemptResult | None:
        """Send one queued call now. None if it is no longer queued (someone else took it).

        Raises:
            MissingKey: nothing was sent; the call stays queued.
        """
        key = self._keys.key()
        settings = self._config.settings()
        sender = self._sender()
        used = client or self._config.make_client(settings)
        try:
            return sender.send_one(call_id, used, key, fmt or settings.format)
        finally:
            if client is None:  # ours: close it
                used.close()

    def flush(
        self,
        client: VoiceCallClient | None = None,
        *,
        respect_backoff: bool = False,
        should_stop: Callable[[], bool] = lambda: False,
        on_result: Callable[[AttemptResult], None] | None = None,
        fmt: str | None = None,
    ) -> FlushReport:
        """Send every queued call once, oldest first; stop at the first not-delivered.

        Calls kept on this PC while the shared store was unreachable move into it
        first, if it is reachable now.

        Raises:
            MissingKey: before anything is claimed.
        """
        key = self._keys.key()
        try:
            self._in_use.retry_shared_store()
        except StoreError as exc:  # still kept here; said by store_status()
            log.warning("shared store still not usable: %s", exc)
        settings = self._config.settings()
        sender = self._sender()
        used = client or self._config.make_client(settings)
        try:
            return sender.flush(
                used,
                key,
                fmt or settings.format,
                respect_backoff=respect_backoff,
                should_stop=should_stop,
                on_result=on_result,
            )
        finally:
            if client is None:  # ours: close it
                used.close()
