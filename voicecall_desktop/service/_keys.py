"""The API key, as the window and the command line see it: status, store, clear.

Usable without opening the call store (``voicecall key set`` works on a damaged
database); :class:`voicecall_desktop.service.Service` holds one too.
"""

from __future__ import annotations

from voicecall_desktop.secrets import KeyStore, normalise_key
from voicecall_desktop.service._results import KeyStatus, MissingKey


class ApiKeys:
    """The API key in the OS keyring. Every method may raise ``KeyringUnavailable``."""

    def __init__(self, keys: KeyStore | None = None) -> None:
        self.keystore = keys or KeyStore()

    def key(self) -> str:
        """The stored key, checked, for the request about to leave.

        Raises:
            MissingKey: none stored, or what is stored is not a key.
        """
        stored = self.keystore.get()
        if not stored:
            raise MissingKey()
        try:
            return normalise_key(stored)
        except ValueError:
            raise MissingKey() from None

    def status(self) -> KeyStatus:
        """Whether a key is stored, and whether it is a key."""
        stored = self.keystore.get()
        if not stored:
            return KeyStatus(stored=False, valid=False)
        try:
            normalise_key(stored)
        except ValueError:
            return KeyStatus(stored=True, valid=False)
        return KeyStatus(stored=True, valid=True)

    def is_stored(self) -> bool:
        return self.keystore.is_stored()

    def store(self, text: str) -> None:
        """Check ``text`` is a key and keep it (raises ``BadKey`` without echoing it)."""
        self.keystore.set(text)

    def clear(self) -> bool:
        """Remove the key; False when none was stored."""
        return self.keystore.delete()

    def backend(self) -> str:
        return self.keystore.backend_name()
