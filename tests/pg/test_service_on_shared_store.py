"""The service's own tests, run on the shared store (``-p tests.pg.shared_plugin``).

The modules that hold the promises, chosen to keep the added time near a
minute: the service's use cases (``tests/test_service.py``), the fault matrix
(every way a send can end, and what the store must then hold) and the repeat
rule through the real command line. They run in a fresh process with every
test on a PostgreSQL database of its own, the service choosing the shared
store from ``VOICECALL_DATABASE_URL`` as a desk does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = (
    "tests/test_service.py",
    "tests/reliability/test_fault_matrix.py",
    "tests/integration/test_repeat_rule.py",
)


@pytest.mark.slow
def test_the_service_suite_holds_on_the_shared_store() -> None:
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
            *MODULES,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ.copy(),
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout
