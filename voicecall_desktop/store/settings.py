"""Settings kept in the ``settings`` table, one JSON value per key."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from voicecall_desktop.store.db import Database

if TYPE_CHECKING:
    from voicecall_desktop.core.settings import Settings

log = logging.getLogger(__name__)

#: Never stored, whatever a caller passes.
_FORBIDDEN = {"apikey", "api_key", "key"}


class SettingsStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self) -> Settings:
        from pydantic import ValidationError

        from voicecall_desktop.core.settings import Settings

        values = {}
        for row in self.db.read("SELECT key, value FROM settings"):
            try:
                values[row["key"]] = json.loads(row["value"])
            except json.JSONDecodeError:
                log.warning("setting %s is unreadable; using its default", row["key"])
        settings = Settings()
        for name, value in values.items():
            if name not in Settings.model_fields:
                continue
            try:
                setattr(settings, name, value)
            except ValidationError:
                log.warning("setting %s has a bad value; using its default", name)
        return settings

    def save(self, settings: Settings) -> None:
        with self.db.transaction() as tx:
            for name, value in settings.model_dump().items():
                if name.lower() in _FORBIDDEN:
                    continue
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (name, json.dumps(value)),
                )
