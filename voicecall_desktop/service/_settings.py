"""The settings in force, and settings checked with the rules the form uses.

:class:`Configuration` reads the desk's settings with every value IT fixed put
over them, saves them, and decides from them where requests go (the base URL,
the proxy, the HTTP client). One way for the window and the command line.

A saved default that the form would refuse (a Source of one letter, say) is
accepted today and then fails every send; so the defaults the form fills in
(``username``, ``source``, ``site``) are checked by the form's own validator,
:meth:`CallSpec.from_input`, and every other setting by its type in
:class:`~voicecall_desktop.core.settings.Settings` (quiet hours, nation, open
weekdays and closures typed as people type them: ``08:00``, ``scotland``,
``mon-fri``, ``2026-12-24 Staff training``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.service._store import save_local_database_url

if TYPE_CHECKING:
    from voicecall_desktop.api.client import VoiceCallClient
    from voicecall_desktop.core.settings import Settings
    from voicecall_desktop.policy import Policy
    from voicecall_desktop.service._desk import Desk
    from voicecall_desktop.service._store import StoreInUse

log = logging.getLogger(__name__)

ClientFactory = Callable[["Settings", str], "VoiceCallClient"]

#: The form's field for each setting that is a default for it.
FORM_FIELDS = {"username": "Username", "source": "Source", "site": "CustomerSiteId"}
_SETTING_OF = {form: setting for setting, form in FORM_FIELDS.items()}
# A number the form accepts, standing in while only the defaults are judged.
_ANY_NUMBER = "07700 900000"
_BOOLEAN_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def setting_problems(settings: Settings) -> list[FieldError]:
    """What the form would refuse in the saved defaults, named by setting (empty: none).

    A blank default is allowed (the form then asks for the field). The ``proxy``
    setting is judged by the API client's rules too.
    """
    from voicecall_desktop.api import ConfigurationError, check_proxy_setting
    from voicecall_desktop.core.models import CallSpec

    problems: list[FieldError] = []
    try:
        check_proxy_setting(settings.proxy)
    except ConfigurationError as exc:
        problems.append(FieldError("proxy", exc.message.removeprefix("proxy: ")))

    try:
        CallSpec.from_input(
            destination=_ANY_NUMBER,
            username=settings.username or "reception",
            source=settings.source or "Surgery",
            site=settings.site or None,
        )
    except InputErrors as exc:
        problems += [
            FieldError(_SETTING_OF[e.field], e.message)
            for e in exc.errors
            if e.field in _SETTING_OF
        ]
    return problems


def _message(exc: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        text = str(exc.errors()[0].get("msg", "is not allowed"))
        return text.removeprefix("Value error, ")
    return str(exc)


def apply_setting(settings: Settings, name: str, text: str) -> Settings:
    """``settings`` with ``name`` set from typed ``text``, checked as the form checks it.

    Raises:
        FieldError: on ``name``: not a setting, or the value is not allowed (saying why).
    """
    from pydantic import ValidationError

    fields = type(settings).model_fields
    if name not in fields:
        raise FieldError(name, "not a setting; choose one of " + ", ".join(fields))
    value: object = text
    if fields[name].annotation is bool:
        word = text.strip().lower()
        if word not in _BOOLEAN_WORDS:
            raise FieldError(name, f"'{text}' is not yes/no, true/false, on/off or 1/0")
        value = _BOOLEAN_WORDS[word]
    changed = settings.model_copy()
    try:
        setattr(changed, name, value)
    except ValidationError as exc:
        raise FieldError(name, _message(exc)) from None
    if name in ("base_url", "proxy"):
        from voicecall_desktop.api import ConfigurationError, check_base_url, check_proxy_setting

        try:
            if name == "base_url":
                check_base_url(changed.base_url)
            else:
                changed.proxy = check_proxy_setting(changed.proxy)
        except ConfigurationError as exc:
            message = _message(exc).removeprefix("base URL: ").removeprefix("proxy: ")
            raise FieldError(name, message) from None
    for problem in setting_problems(changed):
        if problem.field == name:
            raise problem
    return changed


def default_client(settings: Settings, base_url: str) -> VoiceCallClient:
    from voicecall_desktop.api.client import VoiceCallClient

    return VoiceCallClient(
        base_url,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        deadline=settings.send_deadline,
        proxy=settings.proxy,
    )


class Configuration:
    """The settings in force for one service, and where its requests go.

    Args:
        base_url: ``--base-url`` (or training mode's sandbox) for this run, or None.
        client_factory: builds the HTTP client (tests hand in a mock transport).
    """

    def __init__(
        self,
        desk: Desk,
        in_use: StoreInUse,
        policy: Policy,
        base_url: str | None,
        client_factory: ClientFactory,
    ) -> None:
        self._desk = desk
        self._in_use = in_use
        self.policy = policy
        self._base_url = base_url
        self._client_factory = client_factory

    def settings(self) -> Settings:
        """The user's settings with every value IT fixed put over them."""
        settings = self.policy.apply(self._in_use.store.settings.load())
        if self._in_use.desk_url and not settings.database_url:
            settings.database_url = self._in_use.desk_url  # the desk's own, not the practice's
        return settings

    def save_settings(self, settings: Settings) -> None:
        """Save ``settings`` (as handed out by :meth:`settings`, then edited).

        Raises:
            LockedSetting: a setting IT fixed was given another value; nothing saved.
        """
        store = self._in_use.store
        settings = self.policy.keep_locked(settings, store.settings.load())
        store.settings.save(settings)
        if (
            settings.database_url != self._in_use.desk_url
            and self._in_use.store_status().shared
            and not self.policy.locks("database_url")
        ):
            # The shared settings never hold the URL that leads to them: keep it on the desk.
            save_local_database_url(self._desk.home, settings.database_url)
        self._in_use.desk_url = settings.database_url

    def policy_locks(self) -> dict[str, str]:
        """Setting name → why it is read-only ("set by your IT department (where)").

        For the window, which shows these fields read-only with that reason.
        """
        return self.policy.reasons()

    def update_setting(self, name: str, text: str) -> Settings:
        """Set one setting from typed text, checked as the form checks it, and save it.

        Raises:
            FieldError: on ``name``, saying which rule the value breaks; nothing saved.
            LockedSetting: ``name`` is fixed by IT (a FieldError too).
        """
        self.policy.check_unlocked(name)
        changed = apply_setting(self.settings(), name, text)
        self.save_settings(changed)
        log.info("setting %s changed by %s", name, self._desk.actor)
        return changed

    def base_url(self, settings: Settings | None = None) -> str:
        """``--base-url`` wins over ``VOICECALL_BASE_URL``, which wins over the setting.

        A base URL fixed by IT wins over the variable too; ``--base-url`` (and training
        mode's sandbox) still wins for the one run: the command line refuses one that is
        not on this computer (:func:`voicecall_desktop.cli.calls.open_service`).
        """
        if self._base_url:
            return self._base_url
        if self.policy.locks("base_url"):
            return (settings or self.settings()).base_url
        env = os.environ.get("VOICECALL_BASE_URL", "").strip()
        return env or (settings or self.settings()).base_url

    def set_base_url(self, url: str | None) -> None:
        self._base_url = url

    def make_client(self, settings: Settings | None = None) -> VoiceCallClient:
        settings = settings or self.settings()
        return self._client_factory(settings, self.base_url(settings))

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
