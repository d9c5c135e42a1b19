"""The service's own tests, run on the shared store (``-p tests.pg.shared_plugin``).

The fault matrix (every way a send can end, and what the store must then hold)
is the service suite's core; here it runs in a fresh process with every test on
a PostgreSQL database of its own instead of the desk's SQLite file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_fault_matrix_holds_on_the_shared_store() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.pg.shared_plugin",
            "tests/reliability/test_fault_matrix.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ.copy(),
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout
