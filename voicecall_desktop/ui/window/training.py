"""Training mode: the built-in sandbox, a data folder of its own and a key kept in memory.

No patient can be called: requests go only to the loopback sandbox, the
training calls live in ``<home>/training`` (so they can never leak into the
real outbox), and the practice key never touches the system keyring.
"""

from __future__ import annotations

import logging
from pathlib import Path

from voicecall_desktop.core.settings import Settings
from voicecall_desktop.paths import home_dir
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import KeyStore, Service, normalise_key

log = logging.getLogger(__name__)

TRAINING_KEY = "00000000-0000-4000-8000-0000000000d0"
TRAINING_DEFAULTS = {"username": "training", "source": "Training GP"}


class MemoryKeyStore(KeyStore):
    """A key that lives only as long as this process (training mode)."""

    def __init__(self, key: str | None = None) -> None:
        super().__init__()
        self._key = normalise_key(key) if key else None

    def get(self) -> str | None:
        return self._key

    def set(self, text: str) -> None:
        self._key = normalise_key(text)

    def delete(self) -> bool:
        had, self._key = self._key is not None, None
        return had

    def backend_name(self) -> str:
        return "memory (training mode)"


def training_home(home: Path | None = None) -> Path:
    folder = home_dir(home) / "training"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Training:
    """The sandbox and the service pointed at it, started and stopped together."""

    def __init__(self, home: Path | None = None) -> None:
        self.sandbox = Sandbox(port=0).start()
        try:
            self.service = Service(
                training_home(home),
                base_url=self.sandbox.url,
                keys=MemoryKeyStore(TRAINING_KEY),
            )
        except BaseException:
            self.sandbox.stop()
            raise
        settings = self.service.settings()
        if not settings.username and not settings.source:
            self.service.save_settings(
                Settings.model_validate({**settings.model_dump(), **TRAINING_DEFAULTS})
            )
        log.info("training mode: sandbox at %s", self.sandbox.url)

    def stop(self) -> None:
        self.sandbox.stop()
