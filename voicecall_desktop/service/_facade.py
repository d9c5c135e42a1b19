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

Heavy modules (pydantic models, the API codecs, httpx, keyring) are imported by
the methods that need them, so that ``voicecall history`` starts quickly.
"""

from __future__ import annotations

import getpass
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.states import SEND_AGAIN_FROM, CallState
from voicecall_desktop.paths import home_dir
from voicecall_desktop.secrets import KeyStore
from voicecall_desktop.service._checks import (
    Confirmations,
    call_problems,
    check_batch_rows,
    find_repeats,
    repeat_message,
)
from voicecall_desktop.service._keys import ApiKeys
from voicecall_desktop.service._lists import DoNotCallList, PresetBook
from voicecall_desktop.service._results import (
    AttemptResult,
    FlushReport,
    KeyStatus,
    SendCheck,
    SubmitResult,
)
from voicecall_desktop.service._store import (
    StoreStatus,
    Watch,
    holding,
    keeps_new_calls,
    open_desk_store,
    save_local_database_url,
    shared_or_holding,
    status_of,
    watch,
)
from voicecall_desktop.store import (
    BlockedNumber,
    CallEvent,
    CallRecord,
    Page,
    RepeatedCall,
    StaleMove,
    Store,
    StoreError,
    StoreInfo,
)

if TYPE_CHECKING:
    from voicecall_desktop.api.client import VoiceCallClient
    from voicecall_desktop.core.batch import BatchFile, RowProblem
    from voicecall_desktop.core.models import CallForm, CallSpec
    from voicecall_desktop.core.presets import Preset
    from voicecall_desktop.core.settings import Settings
    from voicecall_desktop.policy import Policy
    from voicecall_desktop.service._sending import Sender
    from voicecall_desktop.store.backup import Backup

log = logging.getLogger(__name__)

#: States shown in the outbox, oldest first.
OUTBOX_STATES = (CallState.QUEUED, CallState.SENDING)


def who() -> tuple[str, str]:
    """The user name and machine that book a call (for the audit trail)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = os.environ.get("USERNAME", "") or "unknown"
    return user, socket.gethostname()


ClientFactory = Callable[["Settings", str], "VoiceCallClient"]


def default_client(settings: Settings, base_url: str) -> VoiceCallClient:
    from voicecall_desktop.api.client import VoiceCallClient

    return VoiceCallClient(
        base_url,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        deadline=settings.send_deadline,
        proxy=settings.proxy,
    )


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
        self._policy = policy
        try:
            self.home = home_dir(home)
        except OSError as exc:
            raise StoreError(
                f"Cannot use the data folder {home or os.environ.get('VOICECALL_HOME', '')}: "
                f"{exc.strerror or exc}. Check that it exists and can be written."
            ) from exc
        self.user, self.machine = who()
        # The one place the store is chosen (service_store): the desk's own file, or the
        # shared store of VOICECALL_DATABASE_URL / IT's database_url / the desk's setting.
        self._retired: list[Store] = []
        # The window's retry timer and a flush on the send thread may try at once: one moves.
        self._retry_lock = threading.Lock()
        self._desk_url = ""
        if store is None:
            fixed = policy.values.get("database_url")
            store, self._store_status, self._desk_url = open_desk_store(
                self.home, self.actor, fixed if isinstance(fixed, str) else ""
            )
        else:
            self._store_status = status_of(store)
        self._store: Store = store
        try:
            self._use(store)
            self._api_keys = ApiKeys(keys)
            self._base_url = base_url
            self._client_factory = client_factory
            recovered = self._calls.recover_stale(self._store.lease.is_alive, actor=self.actor)
        except BaseException:
            # Whatever failed (a damaged page met late, say): release the lease file and
            # the connection before saying so.
            self._store.close()
            raise
        if recovered:
            log.warning(
                "%d call(s) left sending by a stopped program are now unknown", len(recovered)
            )
        if daily_backup:
            self.daily_backup()

    def _use(self, store: Store) -> None:
        self._store = store
        self._calls = store.calls
        self._do_not_call = DoNotCallList(store.do_not_call, self.actor)
        self._presets = PresetBook(store.presets)
        self._sender: Sender | None = None

    @property
    def actor(self) -> str:
        return f"{self.user}@{self.machine}"

    def close(self) -> None:
        for old in self._retired:
            old.close()
        self._retired.clear()
        self._store.close()

    def __enter__(self) -> Service:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- configuration ---------------------------------------------------

    def settings(self) -> Settings:
        """The user's settings with every value IT fixed put over them."""
        settings = self._policy.apply(self._store.settings.load())
        if self._desk_url and not settings.database_url:
            settings.database_url = self._desk_url  # the desk's own, not the practice's
        return settings

    def save_settings(self, settings: Settings) -> None:
        """Save ``settings`` (as handed out by :meth:`settings`, then edited).

        Raises:
            LockedSetting: a setting IT fixed was given another value; nothing saved.
        """
        settings = self._policy.keep_locked(settings, self._store.settings.load())
        self._store.settings.save(settings)
        if (
            settings.database_url != self._desk_url
            and self._store_status.shared
            and not self._policy.locks("database_url")
        ):
            # The shared settings never hold the URL that leads to them: keep it on the desk.
            save_local_database_url(self.home, settings.database_url)
        self._desk_url = settings.database_url

    def policy_locks(self) -> dict[str, str]:
        """Setting name → why it is read-only ("set by your IT department (where)").

        For the window, which shows these fields read-only with that reason.
        """
        return self._policy.reasons()

    @property
    def policy(self) -> Policy:
        """The settings fixed by IT in force for this service."""
        return self._policy

    def check_settings(self, settings: Settings) -> list[FieldError]:
        """What the form would refuse in these settings' defaults (Source 3-14, ...).

        For the settings dialog before it saves; named by setting (``source``).
        """
        from voicecall_desktop.service._settings import setting_problems

        return setting_problems(settings)

    def update_setting(self, name: str, text: str) -> Settings:
        """Set one setting from typed text, checked as the form checks it, and save it.

        Raises:
            FieldError: on ``name``, saying which rule the value breaks; nothing saved.
            LockedSetting: ``name`` is fixed by IT (a FieldError too).
        """
        from voicecall_desktop.service._settings import apply_setting

        self._policy.check_unlocked(name)
        changed = apply_setting(self.settings(), name, text)
        self.save_settings(changed)
        log.info("setting %s changed by %s", name, self.actor)
        return changed

    def base_url(self, settings: Settings | None = None) -> str:
        """``--base-url`` wins over ``VOICECALL_BASE_URL``, which wins over the setting.

        A base URL fixed by IT wins over the variable too; ``--base-url`` (and training
        mode's sandbox) still wins for the one run: the command line refuses one that is
        not on this computer (:func:`voicecall_desktop.cli.calls.open_service`).
        """
        if self._base_url:
            return self._base_url
        if self._policy.locks("base_url"):
            return (settings or self.settings()).base_url
        env = os.environ.get("VOICECALL_BASE_URL", "").strip()
        return env or (settings or self.settings()).base_url

    def set_base_url(self, url: str | None) -> None:
        self._base_url = url

    def make_client(self, settings: Settings | None = None) -> VoiceCallClient:
        settings = settings or self.settings()
        return self._client_factory(settings, self.base_url(settings))

    # -- the store in use (one desk, or the practice's shared store) ------------

    def store_status(self) -> StoreStatus:
        """Which store is in use and whether it is reachable (the status bar's words)."""
        return self._store_status

    def watch(self, on_change: Callable[[], None]) -> Watch:
        """Call ``on_change`` when another desk books, sends or changes a list; ``.stop()`` it.

        On the shared store it runs on a listener thread (emit a Qt signal from it);
        on the desk's own store it never fires (the periodic refresh covers it).
        """
        return watch(self._store, on_change)

    def retry_shared_store(self) -> int:
        """When calls are being kept on this PC, try the shared store again.

        Once it is reachable, the kept calls and drafts move into it (each exactly
        once) and the service works on it from then on. Returns how many moved.
        Call it when nothing is being sent (the window: on its refresh timer).

        Raises:
            StoreError: the server answers but cannot be used (password, TLS, schema).
        """
        with self._retry_lock:
            return self._retry_shared_store()

    def _retry_shared_store(self) -> int:
        if not self._store_status.shared or self._store_status.reachable:
            return 0
        store, status = shared_or_holding(
            self.home, self._desk_url, self.actor, fixed=self._policy.locks("database_url")
        )
        if not status.reachable:
            store.close()
            return 0
        # The holding store stays open until close(): a read in flight elsewhere finishes.
        self._retired.append(self._store)
        self._use(store)
        self._store_status = status
        log.info("shared store reachable again; %d kept call(s) moved into it", status.moved)
        return status.moved

    def _keep_here(self, reason: str) -> bool:
        """The shared server went away mid-session: new calls are kept on this PC from now.

        False when the store in use is not the shared one (nothing to fall back to).
        Called by :func:`keeps_new_calls` on :class:`StoreUnavailable` (nothing was
        written); a lost commit, whose outcome is unknown, is another error and is
        raised, so a call never exists in both places.
        """
        if not (self._store_status.shared and self._store_status.reachable):
            return False
        log.warning("shared store lost; keeping new calls on this PC: %s", reason)
        store, self._store_status = holding(self.home, reason)
        self._retired.append(self._store)
        self._use(store)
        return True

    def store_info(self) -> StoreInfo:
        """Which store is in use (for the self-test and the About box)."""
        return self._store.info()

    def integrity_check(self) -> str:
        """The store's own consistency check: ``"ok"`` or what is wrong."""
        return self._store.integrity_check()

    # -- backups ---------------------------------------------------------

    def daily_backup(self) -> Path | None:
        """Take the day's backup copy unless one was taken today; never raises.

        For a window that opens the service with ``daily_backup=False`` so as to
        take the copy off the GUI thread.
        """
        try:
            return self._store.backup(daily=True)
        except StoreError as exc:  # a missed copy must not stop the day's work
            log.warning("the daily backup copy was not taken: %s", exc)
            return None

    def backup_now(self) -> Path | None:
        """Take a backup copy now (the last 7 are kept); None when the store keeps its own.

        Raises:
            StoreError: the copy could not be written.
        """
        return self._store.backup()

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

    # -- the API key ---------------------------------------------------------

    def api_key(self) -> str:
        """The stored key, checked, for the request about to leave.

        Raises:
            MissingKey: none stored, or what is stored is not a key.
            KeyringUnavailable: the keyring cannot be read.
        """
        return self._api_keys.key()

    def key_status(self) -> KeyStatus:
        """Whether a key is stored and is a key (raises KeyringUnavailable)."""
        return self._api_keys.status()

    def has_key(self) -> bool:
        """True when a key is stored (cheap enough for a banner; raises KeyringUnavailable)."""
        return self._api_keys.is_stored()

    def store_key(self, text: str) -> None:
        """Check and keep the API key in the OS keyring (raises BadKey, KeyringUnavailable)."""
        self._api_keys.store(text)

    def clear_key(self) -> bool:
        """Remove the key; False when none was stored."""
        return self._api_keys.clear()

    def key_backend(self) -> str:
        return self._api_keys.backend()

    # -- booking ---------------------------------------------------------

    @keeps_new_calls  # the window checks before it books: the server gone keeps the call here
    def validate(
        self, form: CallForm, *, now: datetime | None = None, settings: Settings | None = None
    ) -> tuple[CallSpec, list[str]]:
        """Check a form; raises :class:`InputErrors` naming every wrong field.

        A number on the do-not-call list is refused like any other bad input;
        a number outside the UK unless the ``allow_abroad`` setting allows it.
        """
        from voicecall_desktop.core.models import CallSpec

        allow_abroad = (settings or self.settings()).allow_abroad
        spec, notes = CallSpec.from_form(form, now=now, allow_abroad=allow_abroad)
        reason = self.blocked_reason(spec.destination)
        if reason:
            raise InputErrors([FieldError("Destination", reason)])
        return spec, notes

    @keeps_new_calls
    def prepare_send(
        self,
        form: CallForm,
        *,
        call_id: int | None = None,
        settings: Settings | None = None,
        now: datetime | None = None,
        confirmed: Confirmations | None = None,
    ) -> SendCheck:
        """Every check made before a call is sent, in one place for the window and the CLI.

        Records nothing. In order: the form's fields (and the do-not-call list),
        when the call would ring (quiet hours, bank holidays, closed days, a day
        more than a year ahead) unless ``confirmed``, the API address, and a
        stored, valid API key. Returns the validated call, its notes and the
        calls already booked to that number that day.

        Raises:
            InputErrors: naming every wrong field.
            NeedsConfirmation: (an InputErrors) the day or times need the person's yes;
                ask, then call again with ``confirmed``.
            ConfigurationError: the base URL must not be sent to, or a proxy setting
                cannot be used (naming the variable).
            MissingKey: no key is stored, or what is stored is not a key.
            KeyringUnavailable: the keyring cannot be read.
            StoreError: the store cannot be read.
        """
        settings = settings or self.settings()
        spec, notes = self.validate(form, now=now, settings=settings)
        question = call_problems(spec, settings, confirmed or Confirmations(), now=now)
        if question is not None:
            raise question
        self.check_connection_settings(settings)
        self.api_key()
        return SendCheck(
            spec=spec, notes=notes, same_day=self.same_day(spec, exclude_id=call_id, now=now)
        )

    def check_connection_settings(self, settings: Settings | None = None) -> None:
        """Refuse, before anything is queued, settings that no attempt could get past.

        The base URL (https, no credentials), the ``proxy`` setting, or when it is empty
        the proxy variables (``HTTPS_PROXY``, ``ALL_PROXY``, ...; on Windows the system
        setting).

        Raises:
            ConfigurationError: naming the setting or variable, and what would work.
        """
        from voicecall_desktop.api import (
            check_base_url,
            check_proxy_environment,
            check_proxy_setting,
            is_loopback,
        )

        settings = settings or self.settings()
        url = self.base_url(settings)
        check_base_url(url)
        if is_loopback(url):
            return  # never through a proxy
        if not check_proxy_setting(settings.proxy):
            check_proxy_environment(base_url=url)

    def same_day(
        self, spec: CallSpec, *, exclude_id: int | None = None, now: datetime | None = None
    ) -> list[CallRecord]:
        """Calls already ringing this number on the call's day (today when it has none).

        The repeat rule's lookup: ``queued``, ``sending``, ``sent`` or ``unknown``,
        booked by anyone (every desk of a shared store).
        """
        return find_repeats(self._calls, spec.destination, spec.day, exclude_id=exclude_id, now=now)

    def repeat_problem(
        self, spec: CallSpec, *, exclude_id: int | None = None, now: datetime | None = None
    ) -> str | None:
        """Why booking ``spec`` would repeat a call (naming it), or None: the repeat rule."""
        earlier = self.same_day(spec, exclude_id=exclude_id, now=now)
        return repeat_message(spec.destination, spec.day, earlier[0]) if earlier else None

    @keeps_new_calls
    def save_draft(self, form: CallForm, call_id: int | None = None) -> CallRecord:
        """Keep the form as it is, valid or not: a draft is never refused."""
        if call_id is None:
            return self._calls.create(
                form, None, CallState.DRAFT, actor=self.user, machine=self.machine
            )
        return self._calls.update_form(
            call_id, form, None, actor=self.actor, target=CallState.DRAFT
        )

    @keeps_new_calls
    def submit(
        self, form: CallForm, call_id: int | None = None, *, now: datetime | None = None
    ) -> SubmitResult:
        """Validate and put a call in the outbox (``queued``), ready to send.

        Raises:
            InputErrors: nothing was recorded or changed.
            ConfigurationError: the base URL or a proxy variable cannot be used; nothing
                was recorded (it would only wait in the outbox failing).
        """
        settings = self.settings()
        spec, notes = self.validate(form, now=now, settings=settings)
        self.check_connection_settings(settings)
        same = self.same_day(spec, exclude_id=call_id)
        if call_id is None:
            record = self._calls.create(
                form, spec, CallState.QUEUED, actor=self.user, machine=self.machine
            )
        else:
            record = self._calls.update_form(
                call_id, form, spec, actor=self.actor, target=CallState.QUEUED
            )
        return SubmitResult(record=record, notes=notes, same_day=same)

    def queue_draft(self, call_id: int, *, now: datetime | None = None) -> SubmitResult:
        record = self._get(call_id)
        return self.submit(record.form, call_id, now=now)

    def to_draft(self, call_id: int) -> CallRecord:
        """Take a queued call back out of the outbox before it is sent."""
        return self._calls.move(
            call_id, [CallState.QUEUED], CallState.DRAFT, actor=self.actor, note="taken back"
        )

    def delete_draft(self, call_id: int) -> None:
        self._calls.delete_draft(call_id, actor=self.actor)

    def send_again(self, call_id: int) -> CallRecord:
        """A person's decision to send a rejected or unknown call once more."""
        record = self._get(call_id)
        if record.state not in SEND_AGAIN_FROM:
            raise StaleMove(
                f"call {call_id} is {record.state.value}; "
                "only rejected or unknown calls can be sent again"
            )
        if record.destination is not None:
            reason = self.blocked_reason(record.destination)
            if reason:
                raise FieldError("Destination", reason)
        note = "sent again by a person"
        if record.state is CallState.UNKNOWN:
            note += " (the patient may be called twice)"
        return self._calls.move(
            call_id,
            SEND_AGAIN_FROM,
            CallState.QUEUED,
            actor=self.actor,
            note=note,
            fields={"next_attempt_at": None, "reviewed": True, "last_error": None},
        )

    def mark_reviewed(self, call_id: int) -> CallRecord:
        """A person has checked an ``unknown`` call; it may now be purged in time."""
        return self._calls.move(
            call_id,
            [CallState.UNKNOWN],
            CallState.UNKNOWN,
            actor=self.actor,
            note="reviewed",
            fields={"reviewed": True},
        )

    # -- sending ---------------------------------------------------------

    def _sending(self) -> Sender:
        if self._sender is None:
            from voicecall_desktop.service._sending import Sender

            self._sender = Sender(
                self._calls, self._store.lease.token, self.actor, self.blocked_reason
            )
        return self._sender

    def send_one(
        self, call_id: int, client: VoiceCallClient | None = None, *, fmt: str | None = None
    ) -> AttemptResult | None:
        """Send one queued call now. None if it is no longer queued (someone else took it).

        Raises:
            MissingKey: nothing was sent; the call stays queued.
        """
        key = self.api_key()
        settings = self.settings()
        sender = self._sending()
        own = client is None
        client = client or self.make_client(settings)
        try:
            return sender.send_one(call_id, client, key, fmt or settings.format)
        finally:
            if own:
                client.close()

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
        key = self.api_key()
        try:
            self.retry_shared_store()
        except StoreError as exc:  # still kept here; said by store_status()
            log.warning("shared store still not usable: %s", exc)
        settings = self.settings()
        sender = self._sending()
        own = client is None
        client = client or self.make_client(settings)
        try:
            return sender.flush(
                client,
                key,
                fmt or settings.format,
                respect_backoff=respect_backoff,
                should_stop=should_stop,
                on_result=on_result,
            )
        finally:
            if own:
                client.close()

    # -- reading ---------------------------------------------------------

    def get(self, call_id: int) -> CallRecord | None:
        return self._calls.get(call_id)

    def _get(self, call_id: int) -> CallRecord:
        record = self._calls.get(call_id)
        if record is None:
            raise StaleMove(f"call {call_id} does not exist")
        return record

    def count(self, states: Iterable[CallState] | None = None) -> int:
        """How many calls there are (in any of ``states``)."""
        return self._calls.count(states)

    def queued_count(self) -> int:
        return self._calls.count([CallState.QUEUED])

    def page(
        self,
        *,
        search: str = "",
        states: Iterable[CallState] | None = None,
        before_id: int | None = None,
        limit: int = 200,
        oldest_first: bool = False,
    ) -> Page:
        """One keyset page of calls (the store's :meth:`CallStore.page`; search by any part)."""
        return self._calls.page(
            search=search,
            states=states,
            before_id=before_id,
            limit=limit,
            oldest_first=oldest_first,
        )

    def history_page(
        self,
        *,
        search: str = "",
        states: Iterable[CallState] | None = None,
        before_id: int | None = None,
        limit: int = 200,
    ) -> Page:
        """Calls newest first, matching ``search`` and ``states``; ``before_id`` pages on."""
        return self.page(search=search, states=states, before_id=before_id, limit=limit)

    def outbox_page(self, *, limit: int = 100_000, after_id: int | None = None) -> Page:
        """Queued and sending calls, oldest first (the order they go out in)."""
        return self.page(states=OUTBOX_STATES, before_id=after_id, limit=limit, oldest_first=True)

    def iter_calls(
        self,
        search: str = "",
        states: Iterable[CallState] | None = None,
        *,
        page_size: int = 500,
    ) -> Iterator[CallRecord]:
        """Every matching call, newest first, a page at a time (for exports)."""
        wanted = None if states is None else list(states)
        before: int | None = None
        while True:
            page = self.history_page(
                search=search, states=wanted, before_id=before, limit=page_size
            )
            yield from page.rows
            if not page.has_more or not page.rows:
                return
            before = page.rows[-1].id

    def events(self, call_id: int) -> list[CallEvent]:
        """A call's audit trail, oldest first."""
        return self._calls.events(call_id)

    def last_credits(self, *, look_back: int = 20) -> int | None:
        """The Credits of the latest answer that carried them, if any of the last few did."""
        answered = self.page(states=[CallState.SENT, CallState.REJECTED], limit=look_back)
        for record in answered.rows:
            if record.credits is not None:
                return record.credits
        return None

    def booked_counts(self, first: date, last: date) -> dict[date, int]:
        """Calls that ring (queued, sending, sent, unknown) on each day, ``first``..``last``.

        Days with none are left out; calls without a day are not counted. For
        the calendar's load per day; safe to call off the GUI thread.
        """
        return self._calls.booked_counts(first, last)

    # -- do-not-call list -------------------------------------------------

    def do_not_call_list(self) -> list[BlockedNumber]:
        """Every number on the list, oldest first."""
        return self._do_not_call.all()

    def blocked_reason(self, destination: int) -> str | None:
        """Why this number must not be called, or None."""
        return self._do_not_call.blocked_reason(destination)

    def block(self, number: str, note: str = "") -> tuple[int, bool]:
        """Put a number on the do-not-call list; returns it and whether it was new."""
        return self._do_not_call.block(number, note)

    def unblock(self, number: str) -> tuple[int, bool]:
        return self._do_not_call.unblock(number)

    def import_do_not_call(self, data: bytes) -> tuple[int, list[RowProblem]]:
        """Add the numbers of a CSV file; how many were new, and the rows that were not numbers."""
        return self._do_not_call.import_csv(data)

    def export_do_not_call(self) -> str:
        """The list as CSV text (``destination,added_at,added_by,note``)."""
        return self._do_not_call.export_csv()

    # -- presets ---------------------------------------------------------

    def preset_names(self) -> list[str]:
        return self._presets.names()

    def get_preset(self, name: str) -> Preset | None:
        return self._presets.get(name)

    def save_preset(self, preset: Preset) -> None:
        self._presets.save(preset)

    def rename_preset(self, old: str, new: str) -> bool:
        return self._presets.rename(old, new)

    def delete_preset(self, name: str) -> bool:
        return self._presets.delete(name)

    # -- call lists (CSV) ------------------------------------------------

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

        settings = self.settings()
        batch = parse_batch(data, settings, blocked=self.blocked_reason, now=now)
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
            settings or self.settings(),
            self._calls,
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
        try:
            return self._calls.create_many(
                items,
                CallState.QUEUED,
                actor=self.user,
                machine=self.machine,
                note="from a call list",
                refuse_repeats=not allow_repeat,
            )
        except RepeatedCall as exc:
            existing = self._calls.get(exc.existing_id)
            day = date.fromisoformat(exc.day)
            message = (
                repeat_message(exc.destination, day, existing) if existing is not None else str(exc)
            )
            raise InputErrors([FieldError("destination", message)]) from None

    # -- retention -------------------------------------------------------

    def purge(self, *, now: datetime | None = None, days: int | None = None) -> int:
        """Delete finished calls older than the retention setting; an explicit, logged act.

        ``unknown`` calls are kept until a person has reviewed them (sent them
        again); drafts and the outbox are never purged.
        """
        keep = days if days is not None else self.settings().retention_days
        cutoff = (now or datetime.now(UTC)) - timedelta(days=keep)
        removed = self._calls.purge_before(cutoff)
        log.info("purged %d call(s) older than %d days (by %s)", removed, keep, self.actor)
        return removed
