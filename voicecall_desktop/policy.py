"""Settings fixed by IT: the ``VOICECALL_POLICY`` file and, on Windows, the policy registry keys.

A practice's IT department fixes settings (the API address, the sender name, retention...)
for every desk. Each value found here overrides the user's setting and cannot be changed
from the window or ``voicecall settings set``. Three places, each over the one before:

1. ``VOICECALL_POLICY``: the path of a JSON object of setting name → value (tests, Linux,
   or a Windows PC without Group Policy);
2. ``HKCU\\Software\\Policies\\PatientComms\\VoiceCall Desktop`` (a user policy);
3. ``HKLM\\Software\\Policies\\PatientComms\\VoiceCall Desktop`` (the machine policy: IT's
   last word, which no user can write).

Values are checked exactly as the settings themselves are; a policy that cannot be read or
holds an invalid value raises :class:`PolicyError`, whose message names the file or key and
the setting, so that start-up can stop with that message (exit 2) instead of running with a
setting IT did not mean. No Qt here: the command line and the window both use it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from voicecall_desktop.core.errors import FieldError

if TYPE_CHECKING:
    from voicecall_desktop.core.settings import Settings

log = logging.getLogger(__name__)

POLICY_ENV = "VOICECALL_POLICY"
REGISTRY_PATH = r"Software\Policies\PatientComms\VoiceCall Desktop"
# Names the contract uses for a setting that the settings model spells differently.
ALIASES = {"customer_site_id": "site"}
SET_BY_IT = "set by your IT department"


class PolicyError(ValueError):
    """A policy that cannot be read, or that holds a value no setting accepts."""


class LockedSetting(FieldError):
    """A change to a setting IT fixed: refused, naming the setting and where IT set it."""

    def __init__(self, name: str, where: str | None) -> None:
        at = f" ({where})" if where else ""
        super().__init__(name, f"{SET_BY_IT}{at}; it cannot be changed here")


class RegistryReader(Protocol):
    """Reads one hive's policy key: value name → data; empty when the key does not exist."""

    def read(self, hive: str) -> Mapping[str, object]: ...


@dataclass(frozen=True)
class Policy:
    """The settings fixed by IT, already checked, and where each one was set."""

    values: Mapping[str, object] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)

    def locks(self, name: str) -> bool:
        """True when the setting ``name`` is fixed by IT (read-only for the user)."""
        return ALIASES.get(name, name) in self.values

    def source(self, name: str) -> str | None:
        """Where the setting was fixed (a file path or a registry key), or None."""
        return self.sources.get(ALIASES.get(name, name))

    def reasons(self) -> dict[str, str]:
        """Setting name → why it is read-only, saying where IT set it (for the window)."""
        return {name: f"{SET_BY_IT} ({self.sources[name]})" for name in sorted(self.values)}

    def check_unlocked(self, name: str) -> None:
        """Raise :class:`LockedSetting` when ``name`` is fixed by IT."""
        if self.locks(name):
            raise LockedSetting(ALIASES.get(name, name), self.source(name))

    def keep_locked(self, changed: Settings, saved: Settings) -> Settings:
        """What to save of ``changed``: the user's own ``saved`` value under each lock.

        ``changed`` comes from settings handed out with the policy applied, so a locked
        value equal to the policy's is no change; any other value for it is refused, and
        the policy's value is never written as the user's own (were the policy lifted,
        the user's setting comes back).

        Raises:
            LockedSetting: ``changed`` gives a locked setting a value other than IT's.
        """
        for name, value in self.values.items():
            if getattr(changed, name) != value:
                raise LockedSetting(name, self.sources[name])
        if not self.values:
            return changed
        return changed.model_copy(update={name: getattr(saved, name) for name in self.values})

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with every value IT fixed put over the user's own."""
        if not self.values:
            return settings
        return settings.model_copy(update=dict(self.values))


def load_policy(
    environ: Mapping[str, str] | None = None, registry: RegistryReader | None = None
) -> Policy:
    """The policy in force: the file named by ``VOICECALL_POLICY``, then HKCU, then HKLM.

    ``registry`` defaults to the Windows registry on Windows and to none elsewhere.
    Raises :class:`PolicyError` naming the file or key when any of them is unreadable or
    holds an invalid value.
    """
    environ = os.environ if environ is None else environ
    if registry is None:
        registry = windows_registry()
    raw: dict[str, tuple[object, str]] = {}
    path = environ.get(POLICY_ENV, "").strip()
    if path:
        for name, value in _read_file(Path(path)).items():
            raw[_setting_name(name, path)] = (value, path)
    if registry is not None:
        for hive in ("HKCU", "HKLM"):
            where = f"{hive}\\{REGISTRY_PATH}"
            for name, value in registry.read(hive).items():
                raw[_setting_name(name, where)] = (value, where)
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    for name, (value, where) in raw.items():
        values[name] = _checked(name, value, where)
        sources[name] = where
    if values:
        log.info("settings fixed by IT: %s", ", ".join(sorted(values)))
    return Policy(values, sources)


def _read_file(path: Path) -> dict[str, object]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read the policy file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise PolicyError(f"{path}: the policy file is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PolicyError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{path}: must hold a JSON object of setting name → value")
    return data


def _setting_name(name: str, where: str) -> str:
    from voicecall_desktop.core.settings import Settings

    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in Settings.model_fields:
        known = ", ".join(sorted(Settings.model_fields))
        raise PolicyError(f"{where}: {name!r} is not a setting; choose one of {known}")
    return key


def _checked(name: str, value: object, where: str) -> object:
    """The value as the setting holds it, checked as ``voicecall settings set`` checks it.

    The settings model's own rules, then the address rules of the API client for
    ``base_url`` and ``proxy`` (no credentials, a kind of proxy it can use...).
    """
    from pydantic import ValidationError

    from voicecall_desktop.api import ConfigurationError, check_base_url, check_proxy_setting
    from voicecall_desktop.core.settings import Settings

    if value is None or isinstance(value, list | dict):
        raise PolicyError(f"{where}: {name}: give a single value, not {json.dumps(value)}")
    try:
        settings = Settings.model_validate({name: value})
    except ValidationError as exc:
        problem = exc.errors()[0]["msg"]
        # Never echo a database URL: a refused one may carry a password.
        got = "" if name == "database_url" else f" (got {value!r})"
        raise PolicyError(f"{where}: {name}: {problem}{got}") from None
    checked: object = getattr(settings, name)
    try:
        if name == "base_url":
            check_base_url(str(checked))
        elif name == "proxy":
            checked = check_proxy_setting(str(checked))
    except ConfigurationError as exc:
        raise PolicyError(f"{where}: {name}: {exc.message.removeprefix('base URL: ')}") from None
    return checked


if sys.platform == "win32":
    import winreg

    class _WindowsRegistry:
        """Reads the policy key through ``winreg`` (64-bit view: where Group Policy writes)."""

        _HIVES: ClassVar[dict[str, int]] = {
            "HKLM": winreg.HKEY_LOCAL_MACHINE,
            "HKCU": winreg.HKEY_CURRENT_USER,
        }
        _NUMBER = (winreg.REG_DWORD, winreg.REG_QWORD)

        def read(self, hive: str) -> Mapping[str, object]:
            where = f"{hive}\\{REGISTRY_PATH}"
            access = winreg.KEY_READ | winreg.KEY_WOW64_64KEY
            try:
                key = winreg.OpenKey(self._HIVES[hive], REGISTRY_PATH, 0, access)
            except FileNotFoundError:
                return {}
            except OSError as exc:
                raise PolicyError(f"{where}: cannot read the key ({exc.strerror})") from None
            values: dict[str, object] = {}
            with key:
                index = 0
                while True:
                    try:
                        name, data, kind = winreg.EnumValue(key, index)
                    except OSError:  # no more values
                        break
                    index += 1
                    if not name:  # the key's (Default) value is no setting
                        continue
                    if kind == winreg.REG_SZ:
                        values[name] = str(data)
                    elif kind == winreg.REG_EXPAND_SZ:
                        values[name] = winreg.ExpandEnvironmentStrings(data)
                    elif kind in self._NUMBER:
                        values[name] = int(data)
                    else:
                        raise PolicyError(
                            f"{where}: {name}: use a string (REG_SZ) or a number (REG_DWORD)"
                        )
            return values

    def windows_registry() -> RegistryReader | None:
        """The policy keys of the Windows registry."""
        return _WindowsRegistry()

else:

    def windows_registry() -> RegistryReader | None:
        """No registry on this system: the policy file only."""
        return None
