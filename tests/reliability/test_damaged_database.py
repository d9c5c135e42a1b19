"""A database whose header still reads but whose table pages are damaged (issue 10).

Staged on a real file: bytes overwritten in the middle of a leaf page of the
``calls`` table, the first pages (header, schema) left intact, so that opening
and reading ``user_version`` succeed and only a page check finds the damage.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from tests.days import open_day
from tests.fixtures.damaged_db import damage_a_table_page, digest
from tests.kit import run_cli, send_argv
from tests.reliability.helpers import DB_NAME, message_problems
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service
from voicecall_desktop.store import DamagedDatabase

pytestmark = pytest.mark.slow

DAY = open_day(2).isoformat()


def test_self_test_fails_naming_the_file(home: Path) -> None:
    db_file = damage_a_table_page(home)
    original = digest(db_file)
    result = run_cli("self-test")
    assert result.returncode == 1, result.stderr
    assert "FAIL database" in result.stderr and str(db_file) in result.stderr
    assert "damaged" in result.stderr and "voicecall restore" in result.stderr
    assert "Self-test passed" not in result.stderr
    assert message_problems(result.stderr.replace("FAIL", "")) == []
    assert digest(db_file) == original


def test_a_damaged_file_is_refused_before_any_write_and_left_byte_identical(
    home: Path, sandbox: Sandbox, api_key: str
) -> None:
    db_file = damage_a_table_page(home)
    original = digest(db_file)
    send = send_argv(sandbox.url, destination="07700 900999", username="r", day=DAY, time="10:00")
    for argv in (send, ["outbox", "--flush", "--base-url", sandbox.url], ["history"]):
        result = run_cli(*argv)
        assert result.returncode == 2, (argv, result.stderr)
        assert str(db_file) in result.stderr and "damaged" in result.stderr
        assert "voicecall restore" in result.stderr  # says what to do
        assert message_problems(result.stderr) == [], result.stderr
        assert digest(db_file) == original, f"{argv[0]} changed the damaged file"
    assert sandbox.received == []
    assert (
        not (home / (DB_NAME + "-wal")).exists() or (home / (DB_NAME + "-wal")).stat().st_size == 0
    )


def test_service_releases_the_lease_and_connection_when_the_file_is_damaged(home: Path) -> None:
    damage_a_table_page(home)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(DamagedDatabase) as raised:
            Service(home)
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert list((home / "leases").iterdir()) == []
    assert raised.value.path == str(home / DB_NAME)


def test_the_damage_is_found_in_a_fresh_process_too(home: Path) -> None:
    """No state carried over from the process that wrote the file."""
    damage_a_table_page(home)
    code = (
        "import sys\n"
        "from voicecall_desktop.service import Service, StoreError\n"
        "try:\n    Service()\nexcept StoreError as exc:\n    print(exc); sys.exit(2)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and "damaged" in result.stdout
