"""The use cases: the one boundary the window and the command line talk to.

save draft · check before sending · submit · send one · flush the outbox ·
send again · take back to draft · delete a draft · pages of the outbox and
history · the do-not-call list · presets · settings · the API key · purge.
The service is handed its adapters (a :class:`~voicecall_desktop.store.protocol.Store`,
the keyring, a client factory), keeps them private and holds no Qt. It cannot
tell which store engine it holds.

Two promises shape every method: a patient is never called twice by us (a
call is claimed in one transaction, ``sending`` is on disk before the request
leaves, and nothing that may have reached the API is re-sent without a
person's say-so), and nothing saved is lost (every move is one transaction
and nothing is deleted implicitly).

:class:`Service` is put together here from small parts, one job each, that
share the :class:`~voicecall_desktop.service._desk.Desk` (who, where) and the
:class:`~voicecall_desktop.service._store.StoreInUse`; each public method *is*
a part's method (its docstring is there), so there is no layer of
pass-through methods to keep in step.

Heavy modules (pydantic models, the API codecs, httpx, keyring) are imported by
the methods that need them, so that ``voicecall history`` starts quickly.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from voicecall_desktop.paths import home_dir
from voicecall_desktop.secrets import KeyStore
from voicecall_desktop.service._booking import Booking
from voicecall_desktop.service._call_lists import CallLists
from voicecall_desktop.service._desk import Desk, who
from voicecall_desktop.service._do_not_call import DoNotCallList
from voicecall_desktop.service._history import History
from voicecall_desktop.service._keys import ApiKeys
from voicecall_desktop.service._outbox import Outbox
from voicecall_desktop.service._presets import PresetBook
from voicecall_desktop.service._settings import (
    ClientFactory,
    Configuration,
    default_client,
    setting_problems,
)
from voicecall_desktop.service._store import StoreInUse
from voicecall_desktop.store import Store, StoreError

if TYPE_CHECKING:
    from voicecall_desktop.policy import Policy
    from voicecall_desktop.store.backup import Backup

log = logging.getLogger(__name__)


class Service:
    """Everything the window and the command line do with calls; a context manager.

    Args:
        home: the data folder (``VOICECALL_HOME`` or the app-data folder when None).
        base_url: overrides ``VOICECALL_BASE_URL`` and the saved setting.
        keys: the keyring adapter.
        client_factory: builds the HTTP client (tests hand in a mock transport).
        store: an open store to use instead of the desk's SQLite file in ``home``;
            the service closes it.
        daily_backup: take the day's backup copy if none was taken today (the window
            and every command do; ``voicecall backup`` takes its own).
        policy: the settings fixed by IT (default: read now, ``VOICECALL_POLICY`` and
            on Windows the registry policy keys).

    Raises:
        PolicyError: the policy cannot be read or holds an invalid value (checked
            before the store is opened; the message names the file or key).
        StoreError: the store cannot be used; :class:`DamagedDatabase` when the file
            is damaged (offer :meth:`restore_backup` with :meth:`backups`).
    """

    def __init__(
        self,
        home: Path | None = None,
        *,
        base_url: str | None = None,
        keys: KeyStore | None = None,
        client_factory: ClientFactory = default_client,
        store: Store | None = None,
        daily_backup: bool = True,
        policy: Policy | None = None,
    ) -> None:
        if policy is None:
            from voicecall_desktop.policy import load_policy

            policy = load_policy()
        try:
            folder = home_dir(home)
        except OSError as exc:
            raise StoreError(
                f"Cannot use the data folder {home or os.environ.get('VOICECALL_HOME', '')}: "
                f"{exc.strerror or exc}. Check that it exists and can be written."
            ) from exc
        self._desk = desk = Desk(folder, *who())
        self._in_use = in_use = StoreInUse.open(desk, policy, store)
        try:
            api_keys = ApiKeys(keys)
            recovered = in_use.calls.recover_stale(in_use.store.lease.is_alive, actor=desk.actor)
        except BaseException:
            # Whatever failed (a damaged page met late, say): release the lease file and
            # the connection before saying so.
            in_use.close()
            raise
        if recovered:
            log.warning(
                "%d call(s) left sending by a stopped program are now unknown", len(recovered)
            )

        self._config = config = Configuration(desk, in_use, policy, base_url, client_factory)
        do_not_call = DoNotCallList(desk, in_use)
        presets = PresetBook(in_use)
        booking = Booking(desk, in_use, config, do_not_call, api_keys)
        call_lists = CallLists(desk, in_use, config, do_not_call)
        outbox = Outbox(desk, in_use, config, api_keys, do_not_call)
        history = History(desk, in_use, config)

        # What the service offers, each the method of the part that does it.
        # -- settings, IT's policy, where requests go (_settings.py)
        self.settings = config.settings
        self.save_settings = config.save_settings
        self.policy_locks = config.policy_locks
        self.check_settings = setting_problems
        self.update_setting = config.update_setting
        self.base_url = config.base_url
        self.set_base_url = config.set_base_url
        self.make_client = config.make_client
        self.check_connection_settings = config.check_connection_settings
        # -- the store in use: one desk's, or the practice's shared one (_store.py)
        self.store_status = in_use.store_status
        self.watch = in_use.watch
        self.retry_shared_store = in_use.retry_shared_store
        self.store_info = in_use.store_info
        self.integrity_check = in_use.integrity_check
        self.daily_backup = in_use.daily_backup
        self.backup_now = in_use.backup_now
        # -- the API key in the OS keyring (_keys.py)
        self.api_key = api_keys.key
        self.key_status = api_keys.status
        self.has_key = api_keys.is_stored
        self.store_key = api_keys.store
        self.clear_key = api_keys.clear
        self.key_backend = api_keys.backend
        # -- booking one call, and a person's moves (_booking.py)
        self.validate = booking.validate
        self.prepare_send = booking.prepare_send
        self.same_day = booking.same_day
        self.repeat_problem = booking.repeat_problem
        self.save_draft = booking.save_draft
        self.submit = booking.submit
        self.queue_draft = booking.queue_draft
        self.to_draft = booking.to_draft
        self.delete_draft = booking.delete_draft
        self.send_again = booking.send_again
        self.mark_reviewed = booking.mark_reviewed
        # -- call lists from CSV (_call_lists.py)
        self.read_batch = call_lists.read_batch
        self.check_batch = call_lists.check_batch
        self.queue_batch = call_lists.queue_batch
        # -- sending (_outbox.py)
        self.send_one = outbox.send_one
        self.flush = outbox.flush
        # -- reading: pages, counts, audit trails, exports; purging old calls (_history.py)
        self.get = history.get
        self.count = history.count
        self.queued_count = history.queued_count
        self.page = history.page
        self.history_page = history.history_page
        self.outbox_page = history.outbox_page
        self.iter_calls = history.iter_calls
        self.events = history.events
        self.last_credits = history.last_credits
        self.booked_counts = history.booked_counts
        self.purge = history.purge
        # -- the do-not-call list (_do_not_call.py)
        self.do_not_call_list = do_not_call.all
        self.blocked_reason = do_not_call.blocked_reason
        self.block = do_not_call.block
        self.unblock = do_not_call.unblock
        self.import_do_not_call = do_not_call.import_csv
        self.export_do_not_call = do_not_call.export_csv
        # -- presets (_presets.py)
        self.preset_names = presets.names
        self.get_preset = presets.get
        self.save_preset = presets.save
        self.rename_preset = presets.rename
        self.delete_preset = presets.delete

        if daily_backup:
            self.daily_backup()

    # -- who and where ---------------------------------------------------

    @property
    def home(self) -> Path:
        """The data folder."""
        return self._desk.home

    @property
    def user(self) -> str:
        """The signed-in user, written as who booked or moved a call."""
        return self._desk.user

    @user.setter
    def user(self, value: str) -> None:
        self._desk.user = value

    @property
    def machine(self) -> str:
        """This PC's name, written as where a call was booked."""
        return self._desk.machine

    @machine.setter
    def machine(self, value: str) -> None:
        self._desk.machine = value

    @property
    def actor(self) -> str:
        return self._desk.actor

    @property
    def policy(self) -> Policy:
        """The settings fixed by IT in force for this service."""
        return self._config.policy

    # -- life cycle ------------------------------------------------------

    def close(self) -> None:
        self._in_use.close()

    def __enter__(self) -> Service:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- backups of a desk whose database may not open -------------------

    @staticmethod
    def backups(home: Path | None = None) -> list[Backup]:
        """The desk's backup copies, newest first. Needs no open database (a damaged one)."""
        from voicecall_desktop.service._backups import backups

        return backups(home)

    @staticmethod
    def restore_backup(file: Path, home: Path | None = None) -> Path | None:
        """Replace the desk's database with a backup copy; where the old file was kept.

        For the window when the database is found damaged at start-up (and
        ``voicecall restore``). Needs no open database; refuses while another
        VoiceCall program has it open, and refuses a damaged or newer copy.

        Raises:
            StoreError: (DamagedDatabase, NewerDatabaseError) nothing was changed.
        """
        from voicecall_desktop.service._backups import restore_backup

        user, machine = who()
        return restore_backup(file, home, actor=f"{user}@{machine}")
