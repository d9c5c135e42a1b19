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
    import voicecall_desktop.service as service_module
    from voicecall_desktop.store_pg import open_for_desk

    monkeypatch.setenv("VOICECALL_DATABASE_URL", pg_url)
    if "open_for_desk" not in service_module.__dict__:
        # Until the service picks its store from the URL itself, open it as a desk would.
        monkeypatch.setattr(
            service_module,
            "open_store",
            lambda home: open_for_desk(home, None, actor="test@desk").store,
        )
    yield pg_url
