"""Shared test helpers: ``voicecall`` command lines, the CLI run three ways, servers in a child.

One place for what many test modules used to spell out for themselves:

* :func:`send_argv` — a ``voicecall send`` argument list for the usual patient, and
  :func:`call_form` — the form the same patient fills in;
* :func:`run_cli` / :func:`start_cli` — ``voicecall`` in a real subprocess with this test's
  environment (``VOICECALL_HOME``, keyring file), waited for or left running;
* :func:`run_here` — ``cli.run`` in this process, its output taken from ``capsys``;
* :func:`serving_child` — a program that serves until SIGINT (``voicecall sandbox``,
  ``sandbox.serve``), its first line read and its exit collected;
* :func:`imported_names` — what a source file imports, read with ``ast``;
* :func:`fixture_path` / :func:`fixture_text` / :func:`call_list` — the sample files in
  ``tests/fixtures/``;
* :func:`not_none` — a value that may be missing, asserted present (a call read back).
"""

from __future__ import annotations

import ast
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest

if TYPE_CHECKING:
    from voicecall_desktop.core.models import CallForm

NUMBER = "07700 900123"

T = TypeVar("T")


def not_none(value: T | None) -> T:
    """``value``, asserted present: a call read back by id, an answer that must have come."""
    assert value is not None
    return value


FIXTURES = Path(__file__).parent / "fixtures"
_CLI = [sys.executable, "-m", "voicecall_desktop.cli"]
_OPEN_DAY = object()  # "the first open day two days from now", worked out at call time


def send_argv(
    base_url: str,
    *extra: str,
    destination: str = NUMBER,
    username: str = "reception",
    day: object = _OPEN_DAY,
    time: str | None = "09:30",
    fmt: str | None = None,
    as_json: bool = False,
) -> list[str]:
    """``send`` for ``destination`` from "Surgery", booked at ``base_url``; ``extra`` goes last.

    ``day`` is the first open day two days ahead unless given; ``day=None`` or ``time=None``
    leave the option out (the command's own default, or times that ``extra`` gives).
    """
    argv = ["send", "--destination", destination, "--source", "Surgery", "--username", username]
    if day is _OPEN_DAY:
        from tests.days import open_day

        day = open_day(2)
    if isinstance(day, date):
        day = day.isoformat()
    if isinstance(day, str):
        argv += ["--date", day]
    if time is not None:
        argv += ["--time", time]
    if fmt is not None:
        argv += ["--format", fmt]
    argv += ["--base-url", base_url]
    if as_json:
        argv.append("--json")
    return [*argv, *extra]


def call_form(destination: str = NUMBER) -> CallForm:
    """The usual patient's form (or ``destination``'s), for Monday 7 January 2030 at 09:30."""
    from voicecall_desktop.core.models import CallForm

    return CallForm(
        destination=destination,
        username="reception",
        source="Surgery",
        day=date(2030, 1, 7),
        times=(time(9, 30),),
    )


def run_cli(
    *args: str, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``voicecall`` in a real subprocess with this test's environment."""
    return subprocess.run(
        [*_CLI, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ.copy(),
    )


def start_cli(*args: str) -> subprocess.Popen[str]:
    """Start ``voicecall`` in a subprocess with this test's environment; the caller waits."""
    return subprocess.Popen(
        [*_CLI, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def run_here(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``cli.run(argv)`` in this process: the exit code and only what it printed."""
    from voicecall_desktop import cli

    capsys.readouterr()
    code = cli.run(argv)
    out, err = capsys.readouterr()
    return code, out, err


class ServingChild:
    """A child process that prints one line once it listens and serves until SIGINT."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        assert proc.stdout is not None
        self.first_line = proc.stdout.readline()

    def interrupt(self, timeout: float = 5) -> tuple[int, str, str]:
        """Send SIGINT and wait: the exit code, the rest of stdout, and stderr."""
        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, err


@contextlib.contextmanager
def serving_child(argv: list[str]) -> Iterator[ServingChild]:
    """Run ``argv`` (this test's environment); a child still running at the end is killed."""
    with subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    ) as proc:
        try:
            yield ServingChild(proc)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


def cli_argv(*args: str) -> list[str]:
    """The full command line of ``voicecall args…`` run by this Python."""
    return [*_CLI, *args]


def fixture_path(name: str) -> Path:
    """A sample file in ``tests/fixtures/``."""
    return FIXTURES / name


def fixture_text(name: str) -> str:
    return fixture_path(name).read_text(encoding="utf-8")


def call_list(folder: Path, name: str, **values: str) -> Path:
    """``call_lists/<name>`` with its ``{placeholders}`` filled in, written as ``list.csv``."""
    path = folder / "list.csv"
    path.write_text(fixture_text(f"call_lists/{name}").format(**values), encoding="utf-8")
    return path


def imported_names(path: Path, *, members: bool = False) -> set[str]:
    """Every module ``path`` imports (lazy imports inside functions too, read with ``ast``).

    ``members`` adds ``package.name`` for each ``from package import name``.
    """
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if members:
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names
