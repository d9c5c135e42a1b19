"""The practice-wide lists and settings: do-not-call, presets, settings.

One list for every desk on the URL: a number listed at one desk is refused at
all of them from that moment (the sender checks the list again just before a
call leaves).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from psycopg.rows import DictRow
from psycopg.types.json import Jsonb
from pydantic import ValidationError

from voicecall_desktop.core.settings import Settings
from voicecall_desktop.store.protocol import BlockedNumber
from voicecall_desktop.store_pg.session import Session

log = logging.getLogger(__name__)

#: Never stored in the shared settings: the API key (anywhere), and the URL that leads here.
NOT_SHARED = {"apikey", "api_key", "key", "database_url"}


def _blocked(row: DictRow) -> BlockedNumber:
    return BlockedNumber(
        destination=int(row["destination"]),
        added_at=row["added_at"].astimezone(UTC),
        added_by=row["added_by"],
        note=row["note"],
    )


class PgDoNotCallStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, destination: int, *, actor: str, note: str = "") -> bool:
        return self.add_many([destination], actor=actor, note=note) == 1

    def add_many(self, destinations: list[int], *, actor: str, note: str = "") -> int:
        now = datetime.now(UTC)
        with self.session.transaction() as tx:
            # One statement for the whole list: an import of thousands is one round trip.
            cur = tx.execute(
                "INSERT INTO do_not_call (destination, added_at, added_by, note) "
                "SELECT d, %s, %s, %s FROM unnest(%s::bigint[]) AS d "
                "ON CONFLICT (destination) DO NOTHING",
                (now, actor, note, list(dict.fromkeys(destinations))),
            )
            return int(cur.rowcount)

    def remove(self, destination: int) -> bool:
        with self.session.transaction() as tx:
            cur = tx.execute("DELETE FROM do_not_call WHERE destination = %s", (destination,))
            return cur.rowcount == 1

    def get(self, destination: int) -> BlockedNumber | None:
        rows = self.session.read("SELECT * FROM do_not_call WHERE destination = %s", (destination,))
        return _blocked(rows[0]) if rows else None

    def all(self) -> list[BlockedNumber]:
        rows = self.session.read("SELECT * FROM do_not_call ORDER BY added_at, destination")
        return [_blocked(r) for r in rows]


class PgPresetStore:
    """Names are unique ignoring case (an index on ``lower(name)``)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def names(self) -> list[str]:
        rows = self.session.read("SELECT name FROM presets ORDER BY lower(name), name")
        return [r["name"] for r in rows]

    def get(self, name: str) -> dict[str, Any] | None:
        rows = self.session.read("SELECT value FROM presets WHERE lower(name) = lower(%s)", (name,))
        return dict(rows[0]["value"]) if rows else None

    def save(self, name: str, value: dict[str, Any]) -> None:
        with self.session.transaction() as tx:
            tx.execute(
                "INSERT INTO presets (name, value) VALUES (%s, %s) "
                "ON CONFLICT (lower(name)) DO UPDATE SET name = excluded.name, "
                "value = excluded.value",
                (name, Jsonb(value)),
            )

    def rename(self, old: str, new: str) -> bool:
        with self.session.transaction() as tx:
            cur = tx.execute(
                "UPDATE presets SET name = %s WHERE lower(name) = lower(%s)", (new, old)
            )
            return cur.rowcount == 1

    def delete(self, name: str) -> bool:
        with self.session.transaction() as tx:
            cur = tx.execute("DELETE FROM presets WHERE lower(name) = lower(%s)", (name,))
            return cur.rowcount == 1


class PgSettingsStore:
    """The practice's settings, one JSON value per key (never a key or the URL itself)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def load(self) -> Settings:
        settings = Settings()
        for row in self.session.read("SELECT key, value FROM settings"):
            name = row["key"]
            if name not in Settings.model_fields or name.lower() in NOT_SHARED:
                continue
            try:
                setattr(settings, name, row["value"])
            except ValidationError:
                log.warning("setting %s has a bad value; using its default", name)
        return settings

    def save(self, settings: Settings) -> None:
        with self.session.transaction() as tx:
            for name, value in settings.model_dump(mode="json").items():
                if name.lower() in NOT_SHARED:
                    continue
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (name, Jsonb(value)),
                )
