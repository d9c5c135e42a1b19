"""The do-not-call list and named presets."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from voicecall_desktop.store.db import Database
from voicecall_desktop.store.protocol import BlockedNumber


def _blocked(row: sqlite3.Row) -> BlockedNumber:
    return BlockedNumber(
        destination=int(row["destination"]),
        added_at=datetime.fromisoformat(row["added_at"]),
        added_by=row["added_by"] or "",
        note=row["note"] or "",
    )


class DoNotCallStore:
    """Numbers patients asked never to be called (as integer Destinations)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, destination: int, *, actor: str, note: str = "") -> bool:
        """False when the number was already on the list."""
        return self.add_many([destination], actor=actor, note=note) == 1

    def add_many(self, destinations: list[int], *, actor: str, note: str = "") -> int:
        """Add several numbers in one transaction; returns how many were new."""
        added = 0
        now = datetime.now(UTC).isoformat()
        with self.db.transaction() as tx:
            for destination in destinations:
                cur = tx.execute(
                    "INSERT OR IGNORE INTO do_not_call (destination, added_at, added_by, note) "
                    "VALUES (?, ?, ?, ?)",
                    (destination, now, actor, note),
                )
                added += cur.rowcount
        return added

    def remove(self, destination: int) -> bool:
        with self.db.transaction() as tx:
            return (
                tx.execute("DELETE FROM do_not_call WHERE destination = ?", (destination,)).rowcount
                == 1
            )

    def get(self, destination: int) -> BlockedNumber | None:
        rows = self.db.read("SELECT * FROM do_not_call WHERE destination = ?", (destination,))
        return _blocked(rows[0]) if rows else None

    def all(self) -> list[BlockedNumber]:
        rows = self.db.read("SELECT * FROM do_not_call ORDER BY added_at, destination")
        return [_blocked(r) for r in rows]


class PresetStore:
    """Named sets of the form's non-patient fields."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def names(self) -> list[str]:
        return [r["name"] for r in self.db.read("SELECT name FROM presets ORDER BY name")]

    def get(self, name: str) -> dict[str, Any] | None:
        rows = self.db.read("SELECT value FROM presets WHERE name = ?", (name,))
        return dict(json.loads(rows[0]["value"])) if rows else None

    def save(self, name: str, value: dict[str, Any]) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT INTO presets (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET name = excluded.name, value = excluded.value",
                (name, json.dumps(value)),
            )

    def rename(self, old: str, new: str) -> bool:
        with self.db.transaction() as tx:
            return (
                tx.execute("UPDATE presets SET name = ? WHERE name = ?", (new, old)).rowcount == 1
            )

    def delete(self, name: str) -> bool:
        with self.db.transaction() as tx:
            return tx.execute("DELETE FROM presets WHERE name = ?", (name,)).rowcount == 1
