"""Run any part of the suite on the shared store instead of the desk's SQLite file.

    pytest -p tests.pg.shared_plugin tests/test_service.py

Every test gets a fresh, migrated PostgreSQL database, ``VOICECALL_DATABASE_URL``
pointing at it (the least-privilege desk role) and the password in that test's
keyring; the service then opens the store a desk with that URL opens
(:func:`voicecall_desktop.store_pg.open_for_desk`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg.fixtures import empty_db, open_store_pg, pg_db, pg_server, pg_store, pg_url

__all__ = ["empty_db", "open_store_pg", "pg_db", "pg_server", "pg_store", "pg_url"]


@pytest.fixture(autouse=True)
def on_shared_store(isolated: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # The service picks its store from the URL itself (service_store.open_desk_store).
    monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)
    yield pg_url


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the tests marked ``sqlite_only`` (they check the desk's file itself)."""
    kept = [item for item in items if item.get_closest_marker("sqlite_only") is None]
    left = [item for item in items if item.get_closest_marker("sqlite_only") is not None]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
