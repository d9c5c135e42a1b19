"""What ``voicecall db`` does: status, migrate, and the password in the keyring.

Kept here, not in the command line, so that the CLI never opens a store or a
connection itself.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from voicecall_desktop.store.errors import StoreError
from voicecall_desktop.store_pg.config import (
    configured_url,
    local_database_url,
    policy_database_url,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DbStatus:
    store: str  # "sqlite" or "postgresql"
    location: str  # a file, or the URL without any password
    reachable: bool
    schema_version: int | None
    expected_schema: int | None
    reason: str | None  # unreachable, password, tls, schema-too-new, schema-missing, ...
    message: str

    @property
    def ok(self) -> bool:
        return self.reason is None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def desk_url(home: Path) -> str | None:
    """IT's policy, else ``VOICECALL_DATABASE_URL``, else the desk's ``database_url`` setting."""
    fixed = policy_database_url()  # IT's wins over the variable, as for base_url
    if fixed:
        return fixed
    from_env = configured_url(None)
    if from_env:
        return from_env
    from voicecall_desktop.store import open_store

    store = open_store(home)
    try:
        setting = local_database_url(store)
    finally:
        store.close()
    return configured_url(setting)


def status(home: Path) -> DbStatus:
    url_text = desk_url(home)
    if url_text is None:
        from voicecall_desktop.store import open_store

        store = open_store(home)
        try:
            info = store.info()
        finally:
            store.close()
        return DbStatus(
            "sqlite",
            info.location,
            True,
            info.schema_version,
            info.schema_version,
            None,
            "This PC's own store.",
        )
    return _shared_status(url_text)


def _shared_status(url_text: str) -> DbStatus:
    from voicecall_desktop.store_pg import schema
    from voicecall_desktop.store_pg.errors import SharedStoreError, SharedStoreUnavailable
    from voicecall_desktop.store_pg.session import connect
    from voicecall_desktop.store_pg.store import parse_url

    try:
        url = parse_url(url_text)
    except SharedStoreError as exc:
        return DbStatus(
            "postgresql", "(invalid URL)", False, None, schema.VERSION, exc.reason, str(exc)
        )
    where = url.display()
    found: int | None = None
    try:
        with connect(url, purpose="status") as conn:
            found = schema.found_version(conn)
            schema.check(conn, where)
    except StoreError as exc:
        reachable = not isinstance(exc, SharedStoreUnavailable)
        reason = getattr(exc, "reason", "other")
        return DbStatus("postgresql", where, reachable, found, schema.VERSION, reason, str(exc))
    return DbStatus(
        "postgresql", where, True, found, schema.VERSION, None, f"Shared store at {where}."
    )


def migrate(home: Path) -> tuple[str, int, int]:
    """Create or upgrade the shared schema; (where, before, after). Raises StoreError."""
    from voicecall_desktop.store_pg import schema
    from voicecall_desktop.store_pg.errors import SharedStoreError
    from voicecall_desktop.store_pg.session import connect
    from voicecall_desktop.store_pg.store import parse_url

    url_text = desk_url(home)
    if url_text is None:
        raise SharedStoreError(
            "database_url: not set. Set VOICECALL_DATABASE_URL (as the schema owner's user) "
            "to create or upgrade the shared store; this PC's own store migrates by itself.",
            "no-url",
        )
    url = parse_url(url_text)
    with connect(url, purpose="migrate") as conn:
        before, after = schema.migrate(conn, url.display())
    log.info("shared schema at %s: %d -> %d", url.display(), before, after)
    return url.display(), before, after


def _password_store(home: Path) -> Any:
    from voicecall_desktop.store_pg.errors import SharedStoreError
    from voicecall_desktop.store_pg.password import PasswordStore
    from voicecall_desktop.store_pg.store import parse_url

    url_text = desk_url(home)
    if url_text is None:
        raise SharedStoreError(
            "database_url: not set; the password belongs to a database URL "
            "(VOICECALL_DATABASE_URL or the database_url setting).",
            "no-url",
        )
    return PasswordStore(parse_url(url_text))


def set_password(home: Path, password: str) -> None:
    _password_store(home).set(password)


def clear_password(home: Path) -> bool:
    return bool(_password_store(home).delete())
