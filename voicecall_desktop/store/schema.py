"""Schema versions, applied in order; ``PRAGMA user_version`` counts those applied."""

from __future__ import annotations

import sqlite3

from voicecall_desktop.core.states import CallState
from voicecall_desktop.store.db import Migration


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, and a migration must be one transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE calls (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            state            TEXT    NOT NULL,
            destination      INTEGER,            -- NULL only for a draft without a valid number
            destination_text TEXT    NOT NULL DEFAULT '',
            username         TEXT    NOT NULL DEFAULT '',
            source           TEXT    NOT NULL DEFAULT '',
            site             TEXT    NOT NULL DEFAULT '',
            restrict_sends   INTEGER NOT NULL DEFAULT 0,
            day              TEXT,               -- YYYY-MM-DD, Europe/London
            times            TEXT    NOT NULL DEFAULT '[]',  -- JSON list of HH:MM
            created_at       TEXT    NOT NULL,   -- UTC ISO 8601
            updated_at       TEXT    NOT NULL,
            attempts         INTEGER NOT NULL DEFAULT 0,
            next_attempt_at  TEXT,
            owner            TEXT,               -- lease token of the process sending it
            attempt_at       TEXT,
            answered_at      TEXT,
            request_format   TEXT,
            success          INTEGER,
            status_id        INTEGER,
            status           TEXT,
            errors           TEXT,               -- JSON map
            message_id       INTEGER,
            credits          INTEGER,
            last_error       TEXT,
            request_body     TEXT,               -- as sent, API key masked
            response_body    TEXT,               -- as received, cut to 64 KB
            booked_by        TEXT    NOT NULL DEFAULT '',
            booked_on        TEXT    NOT NULL DEFAULT '',
            reviewed         INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX calls_state ON calls (state, id);
        CREATE INDEX calls_destination ON calls (destination, id);
        CREATE INDEX calls_destination_day ON calls (destination, day);

        CREATE TABLE events (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            call_id    INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
            at         TEXT    NOT NULL,
            from_state TEXT,
            to_state   TEXT    NOT NULL,
            actor      TEXT    NOT NULL DEFAULT '',
            note       TEXT    NOT NULL DEFAULT ''
        );
        CREATE INDEX events_call ON events (call_id, id);

        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


def _v2(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE do_not_call (
            destination INTEGER PRIMARY KEY,
            added_at    TEXT NOT NULL,
            added_by    TEXT NOT NULL DEFAULT '',
            note        TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE presets (
            name  TEXT PRIMARY KEY COLLATE NOCASE,
            value TEXT NOT NULL
        );
        CREATE INDEX calls_created ON calls (created_at)
        """,
    )


def _state_words() -> str:
    """SQL for the words a person reads for a state ("unknown Outcome unknown")."""
    cases = " ".join(
        f"WHEN '{state.value}' THEN '{state.value} {state.label}'" for state in CallState
    )
    return f"CASE NEW.state {cases} ELSE NEW.state END"


#: The text indexed for one call, from the row ``NEW``: each column searchable on its own,
#: so that a phrase never matches across two fields.
_SEARCH_VALUES = (
    "NEW.id, COALESCE(CAST(NEW.destination AS TEXT), ''), NEW.destination_text, "
    "COALESCE(NEW.status, ''), NEW.username, NEW.source, {state}, "
    "COALESCE((SELECT group_concat(value, char(10)) FROM json_each(NEW.errors) "
    "WHERE json_valid(NEW.errors)), '') || char(10) || COALESCE(NEW.last_error, '')"
)


def _v3(conn: sqlite3.Connection) -> None:
    """Search by any part of a number or word: an FTS5 trigram index kept in step by triggers.

    The triggers run inside the writing transaction, so the index can never
    disagree with ``calls``; existing rows are indexed here, once.
    """
    values = _SEARCH_VALUES.format(state=_state_words())
    into = (
        "INSERT INTO calls_search "
        "(rowid, number, destination_text, status, username, source, state, reasons)"
    )
    insert = f"{into} VALUES ({values})"
    conn.execute(
        "CREATE VIRTUAL TABLE calls_search USING fts5("
        "number, destination_text, status, username, source, state, reasons, "
        "tokenize = 'trigram')"
    )
    conn.execute(f"CREATE TRIGGER calls_search_insert AFTER INSERT ON calls BEGIN {insert}; END")
    conn.execute(
        "CREATE TRIGGER calls_search_update AFTER UPDATE OF destination, destination_text, "
        "status, username, source, state, errors, last_error ON calls BEGIN "
        f"DELETE FROM calls_search WHERE rowid = OLD.id; {insert}; END"
    )
    conn.execute(
        "CREATE TRIGGER calls_search_delete AFTER DELETE ON calls BEGIN "
        "DELETE FROM calls_search WHERE rowid = OLD.id; END"
    )
    # Back-fill: the same expression, with the existing row standing in for NEW.
    conn.execute(f"{into} SELECT {values.replace('NEW.', 'calls.')} FROM calls")


MIGRATIONS: list[Migration] = [_v1, _v2, _v3]
