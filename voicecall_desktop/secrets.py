"""The only module that reads or writes the API key, kept in the OS keyring.

The key is added to a request at the last moment; it is never stored in the
database, logged, exported or shown after entry.
"""

from __future__ import annotations

import logging
import uuid
from types import ModuleType

log = logging.getLogger(__name__)

SERVICE = "VoiceCall Desktop"
ACCOUNT = "PatientComms API key"


class KeyringUnavailable(Exception):
    """No usable keyring backend; the message says what to do."""


class KeyNotKept(KeyringUnavailable):
    """The keyring accepted the key but did not keep it (read back found another value)."""


class BadKey(ValueError):
    """The text given is not an API key (a GUID)."""


def _unavailable(exc: Exception) -> KeyringUnavailable:
    return KeyringUnavailable(
        "The system keyring cannot be used to keep the API key "
        f"({type(exc).__name__}). On Windows this is Credential Manager; on Linux, "
        "a Secret Service such as GNOME Keyring must be running. "
        "PYTHON_KEYRING_BACKEND selects another backend."
    )


def normalise_key(text: str) -> str:
    """Check that ``text`` is a GUID and return it in its canonical form.

    Raises:
        BadKey: with a message that does not echo the text back.
    """
    candidate = text.strip().strip("{}")
    try:
        value = uuid.UUID(candidate)
    except ValueError:
        raise BadKey(
            "APIKey: that is not a PatientComms API key; it looks like "
            "94670106-3242-43ff-96fa-475c7de2425c (32 hex digits in 5 groups)"
        ) from None
    return str(value)


def _keyring() -> ModuleType:
    """keyring, imported on first use: finding its backend takes a while."""
    import keyring
    import keyring.errors

    return keyring


class KeyStore:
    """The API key in the OS keyring."""

    def __init__(self, service: str = SERVICE, account: str = ACCOUNT) -> None:
        self.service = service
        self.account = account

    def get(self) -> str | None:
        keyring = _keyring()
        try:
            value = keyring.get_password(self.service, self.account)
        except keyring.errors.KeyringError as exc:
            raise _unavailable(exc) from exc
        except Exception as exc:  # backends raise what they like (dbus, OSError)
            raise _unavailable(exc) from exc
        return value or None

    def set(self, text: str) -> None:
        key = normalise_key(text)
        keyring = _keyring()
        try:
            keyring.set_password(self.service, self.account, key)
        except keyring.errors.PasswordSetError as exc:
            raise _unavailable(exc) from exc
        except Exception as exc:
            raise _unavailable(exc) from exc
        # Some keyrings (a locked or misconfigured one) accept a key and keep nothing:
        # read it back now rather than find out at the first send.
        if self.get() != key:
            log.error("the keyring accepted the API key but did not keep it")
            raise KeyNotKept(
                "The system keyring said it stored the API key, but reading it back found "
                "nothing (or something else), so it was not kept. Unlock the keyring (on "
                "Windows: Credential Manager) or ask IT to check it, then enter the key again."
            )
        log.info("API key stored in the keyring")

    def delete(self) -> bool:
        """Remove the key; False when there was none."""
        keyring = _keyring()
        try:
            keyring.delete_password(self.service, self.account)
        except keyring.errors.PasswordDeleteError:
            return False
        except Exception as exc:
            raise _unavailable(exc) from exc
        log.info("API key removed from the keyring")
        return True

    def is_stored(self) -> bool:
        return self.get() is not None

    def backend_name(self) -> str:
        backend = _keyring().get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"
