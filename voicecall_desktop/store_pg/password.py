"""The database password in the OS keyring (one entry per user, server and database).

Kept apart from :mod:`voicecall_desktop.secrets`, which holds only the API key,
so that neither can ever be handed out as the other.
"""

from __future__ import annotations

import logging
import os

from voicecall_desktop.secrets import KeyringUnavailable, KeyStore
from voicecall_desktop.store_pg.url import DatabaseUrl

log = logging.getLogger(__name__)

SERVICE = "VoiceCall Desktop database"


class PasswordStore:
    def __init__(self, url: DatabaseUrl) -> None:
        self._keys = KeyStore(SERVICE, url.keyring_account())

    def get(self) -> str | None:
        return self._keys.get()

    def set(self, password: str) -> None:
        value = password.rstrip("\r\n")
        if not value:
            raise ValueError("password: nothing was given on standard input")
        # KeyStore.set checks for an API key's shape; a password is stored as it is.
        import keyring

        try:
            keyring.set_password(self._keys.service, self._keys.account, value)
        except Exception as exc:  # backends raise what they like (dbus, OSError)
            raise KeyringUnavailable(
                "The system keyring cannot be used to keep the database password "
                f"({type(exc).__name__}). Use PGPASSFILE instead, or set up the keyring."
            ) from exc
        log.info("database password stored in the keyring for %s", self._keys.account)

    def delete(self) -> bool:
        return self._keys.delete()


def password_for(url: DatabaseUrl) -> str | None:
    """The keyring's password for ``url``, or None to let libpq find one (PGPASSWORD, PGPASSFILE).

    A keyring that cannot be read is not fatal: libpq's own sources may still
    hold the password, and the server says so plainly if none does.
    """
    if os.environ.get("PGPASSWORD"):
        return None
    try:
        return PasswordStore(url).get()
    except KeyringUnavailable as exc:
        log.warning("keyring unavailable for the database password: %s", exc)
        return None
