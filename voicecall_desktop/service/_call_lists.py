"""Call lists: many calls from one CSV file, checked row by row and queued all at once.

``voicecall batch`` and the window's Import read a list here; nothing is
recorded until :meth:`CallLists.queue_batch` queues the valid rows in one
transaction, the repeat rule checked again inside it so that a list booked at
once on two desks is booked once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service._checks import Confirmations, check_batch_rows, repeat_message
from voicecall_desktop.service._store import keeps_new_calls
from voicecall_desktop.store import RepeatedCall

if TYPE_CHECKING:
    from voicecall_desktop.core.batch import BatchFile
    from voicecall_desktop.core.settings import Settings
    from voicecall_desktop.service._desk import Desk
    from voicecall_desktop.service._do_not_call import DoNotCallList
    from voicecall_desktop.service._settings import Configuration
    from voicecall_desktop.service._store import StoreInUse


class CallLists:
    """Reads, checks and queues CSV call lists."""

    def __init__(
        self, desk: Desk, in_use: StoreInUse, config: Configuration, do_not_call: DoNotCallList
    ) -> None:
        self._desk = desk
        self._in_use = in_use
        self._config = config
        self._do_not_call = do_not_call

    def read_batch(
        self,
        data: bytes,
        *,
        now: datetime | None = None,
        confirmed: Confirmations | None = None,
        allow_repeat: bool = False,
    ) -> BatchFile:
        """Validate every row of a CSV call list; nothing is recorded.

        Besides each row's fields: the do-not-call list, humane hours and a day far
        ahead (unless ``confirmed``), and the repeat rule (unless ``allow_repeat``).
        """
        from voicecall_desktop.core.batch import parse_batch

        settings = self._config.settings()
        batch = parse_batch(data, settings, blocked=self._do_not_call.blocked_reason, now=now)
        self.check_batch(batch, confirmed=confirmed, allow_repeat=allow_repeat, now=now)
        return batch

    def check_batch(
        self,
        batch: BatchFile,
        *,
        confirmed: Confirmations | None = None,
        allow_repeat: bool = False,
        settings: Settings | None = None,
        now: datetime | None = None,
    ) -> None:
        """Add humane-hours, far-ahead and repeat problems to the rows of a parsed list.

        For the window's import, which parses with a preset's fallbacks itself.
        """
        check_batch_rows(
            batch,
            settings or self._config.settings(),
            self._in_use.calls,
            confirmed or Confirmations(),
            allow_repeat=allow_repeat,
            now=now,
        )

    @keeps_new_calls
    def queue_batch(self, batch: BatchFile, *, allow_repeat: bool = True) -> list[int]:
        """Queue the valid rows, all in one transaction (none if anything fails).

        Args:
            allow_repeat: False checks the repeat rule again inside the transaction,
                so that a list booked at once on two desks is booked once. (True by
                default only because the window's import still asks per list; the
                command line passes ``--allow-repeat``'s value.)

        Raises:
            InputErrors: on ``destination`` when a row would repeat a call; nothing queued.
        """
        items = [(row.form, row.spec) for row in batch.valid_rows if row.form is not None]
        calls = self._in_use.calls
        try:
            return calls.create_many(
                items,
                CallState.QUEUED,
                actor=self._desk.user,
                machine=self._desk.machine,
                note="from a call list",
                refuse_repeats=not allow_repeat,
            )
        except RepeatedCall as exc:
            existing = calls.get(exc.existing_id)
            day = date.fromisoformat(exc.day)
            message = (
                repeat_message(exc.destination, day, existing) if existing is not None else str(exc)
            )
            raise InputErrors([FieldError("destination", message)]) from None
