"""The disk lets us down: a read-only data folder, a full disk, a damaged database file,
a database from a newer version. Each time: a clear message that names the database
(or the folder), exit 2, no traceback, the file left exactly as it was, nothing lost.

How each is staged, honestly:

* **Read-only** — real file permissions. Tests run as root here, and root ignores
  permission bits, so the command runs under ``setpriv`` with CAP_DAC_OVERRIDE,
  CAP_DAC_READ_SEARCH and CAP_FOWNER dropped from its bounding set: it is still root,
  but the kernel now enforces ``chmod a-w``. Not root: plain ``chmod`` does it. Root
  without ``setpriv``: skipped, saying why.
* **Full disk** — twice. At the store, for real: ``PRAGMA max_page_count`` caps the
  file at its current size, so SQLite itself fails with SQLITE_FULL mid-transaction.
  Through ``voicecall send``: a connection factory raises SQLite's own
  ``OperationalError('database or disk is full')`` at a chosen statement (simulated,
  because a per-connection pragma cannot be reached from the command line).
* **Damaged / newer** — real files: random bytes, a real database with pages
  overwritten, one cut in half, one whose ``user_version`` is ahead of this program.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.damaged_db import (
    cut_in_half,
    digest,
    newer_version,
    overwrite_pages,
    random_bytes,
)
from tests.kit import cli_argv, send_argv
from tests.reliability.helpers import DB_NAME, integrity, message_problems, queue_calls, raw_rows
from voicecall_desktop import cli
from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import Service
from voicecall_desktop.store import SqliteStore, StoreError

#: ``voicecall`` run in this process: its exit code and what it wrote to stderr.
MainCli = Callable[..., tuple[int, str]]

DROP_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def seed(home: Path) -> dict[int, dict[str, object]]:
    """Three queued calls and two drafts (one half filled in): what must never be lost."""
    queue_calls(home, 3)
    service = Service(home)
    service.save_draft(CallForm(destination="07700 900777", username="reception"))
    service.save_draft(CallForm(destination="0770", source="x"))
    service.close()
    return raw_rows(home)


@pytest.fixture
def main_cli(capsys: pytest.CaptureFixture[str]) -> Iterator[MainCli]:
    """``voicecall`` in-process through ``main`` (logging set up, every error caught)."""
    root = logging.getLogger()
    level = root.level

    def run(*argv: str) -> tuple[int, str]:
        capsys.readouterr()
        code = cli.main(list(argv))
        return code, capsys.readouterr().err

    yield run
    for handler in list(root.handlers):
        if getattr(handler, "_voicecall", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def assert_clear(err: str, *, names: tuple[str, ...]) -> None:
    assert any(n.lower() in err.lower() for n in names), f"message names none of {names}: {err!r}"
    assert message_problems(err) == [], err


# -- read-only VOICECALL_HOME -------------------------------------------------------------


def unprivileged_prefix(probe_dir: Path) -> list[str]:
    """The command prefix under which permission bits really apply to us."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip(
            "running as root without setpriv: root ignores chmod, so read-only "
            "cannot be staged honestly"
        )
    probe_dir.mkdir()
    probe_dir.chmod(0o555)
    try:
        result = subprocess.run(
            [*DROP_DAC, sys.executable, "-c", f"open({str(probe_dir / 'x')!r}, 'w')"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        probe_dir.chmod(0o755)
    if result.returncode == 0 or "PermissionError" not in result.stderr:
        pytest.skip("setpriv could not drop CAP_DAC_OVERRIDE here (a restricted container?)")
    return DROP_DAC


@dataclass(frozen=True)
class ReadOnly:
    name: str
    paths: tuple[str, ...]  # made read-only, relative to VOICECALL_HOME ("" is the folder)
    known_bug: str | None = None


READ_ONLY = [
    ReadOnly("whole folder", ("", "leases", "logs", DB_NAME)),
    ReadOnly("database file only", (DB_NAME,)),
    ReadOnly("leases folder only", ("leases",)),
]


@pytest.mark.slow
@pytest.mark.parametrize("case", READ_ONLY, ids=[c.name for c in READ_ONLY])
def test_read_only_home(
    case: ReadOnly, home: Path, tmp_path: Path, sandbox: Sandbox, api_key: str
) -> None:
    prefix = unprivileged_prefix(tmp_path / "probe")
    before = seed(home)
    (home / "logs").mkdir(exist_ok=True)
    db_file = home / DB_NAME
    original = digest(db_file)
    targets = [home / p if p else home for p in case.paths]
    modes = {t: t.stat().st_mode for t in targets}
    for target in targets:
        target.chmod(0o555 if target.is_dir() else 0o444)
    try:
        results = {}
        for name, argv in (("send", send_argv(sandbox.url)), ("history", ["history"])):
            results[name] = subprocess.run(
                [*prefix, *cli_argv(*argv)],
                capture_output=True,
                text=True,
                timeout=60,
                env=os.environ.copy(),
            )
    finally:
        for target, mode in modes.items():
            target.chmod(mode)

    # Hard promises: nothing sent, nothing changed, nothing lost.
    assert sandbox.received == [], "a call was sent although it could not be recorded"
    assert digest(db_file) == original, "the database file was changed"
    assert raw_rows(home) == before
    assert integrity(db_file) == "ok"

    send = results["send"]
    history = results["history"]
    failures = []
    if send.returncode != 2:
        failures.append(f"send exited {send.returncode}: {send.stderr!r}")
    if history.returncode not in (0, 2):
        failures.append(f"history exited {history.returncode}: {history.stderr!r}")
    for result in (send, history):
        if result.returncode == 2:
            names = (str(db_file), str(home), "VOICECALL_HOME")
            if not any(n in result.stderr for n in names) or message_problems(result.stderr):
                failures.append(f"unclear message: {result.stderr!r}")
    if case.known_bug:
        if failures:
            pytest.xfail(case.known_bug)
        pytest.fail(f"known bug seems fixed, remove its marker: {case.known_bug}")
    assert failures == []


# -- full disk ----------------------------------------------------------------------------


def test_full_disk_in_a_transaction_rolls_back_and_says_so(home: Path) -> None:
    """Real SQLITE_FULL: the file may not grow by a page while 300 calls are queued."""
    before = seed(home)
    store = SqliteStore(home)  # handed to the service, so the test can cap its file
    service = Service(home, store=store)
    conn = store.db.connection()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    spec, _ = CallSpec.from_input(destination="07700 900999", username="r", source="Surgery")
    try:
        with pytest.raises(Exception) as raised:
            store.calls.create_many(
                [(spec.to_form(), spec)] * 300, CallState.QUEUED, actor="t", machine="t"
            )
        # Hard promises: all or nothing, the connection still usable, the file sound.
        assert not conn.in_transaction, "left inside a transaction"
        assert service.count() == len(before)
        conn.execute(f"PRAGMA max_page_count = {pages * 100}")
        store.calls.create_many([(spec.to_form(), spec)], CallState.QUEUED, actor="t", machine="t")
        assert service.count() == len(before) + 1
    finally:
        service.close()
    assert integrity(home / DB_NAME) == "ok"
    after = raw_rows(home)
    assert {k: after[k] for k in before} == before

    error = raised.value
    assert isinstance(error, StoreError), f"{type(error).__name__}: {error}"
    assert "full" in str(error) and DB_NAME in str(error), str(error)


class _Faults:
    """Which statements fail as if the disk were full (a substring of the SQL)."""

    match: tuple[str, ...] = ()


class FullDiskConnection(sqlite3.Connection):
    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if any(m in sql for m in _Faults.match):
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)  # type: ignore[arg-type]


@pytest.fixture
def disk_fills(monkeypatch: pytest.MonkeyPatch) -> type[_Faults]:
    real_connect = sqlite3.connect

    def connect(database: str | os.PathLike[str], **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", FullDiskConnection)
        opened: sqlite3.Connection = real_connect(database, **kwargs)
        return opened

    # voicecall_desktop.store.db opens its files through this same module object.
    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(_Faults, "match", ())
    return _Faults


def test_full_disk_before_sending(
    home: Path, sandbox: Sandbox, api_key: str, disk_fills: type[_Faults], main_cli: MainCli
) -> None:
    """The new call cannot be recorded: nothing is sent and the user is told why."""
    before = seed(home)
    disk_fills.match = ("INSERT INTO calls",)
    code, err = main_cli(*send_argv(sandbox.url))
    disk_fills.match = ()
    assert sandbox.received == [], "sent a call that was never recorded"
    assert raw_rows(home) == before
    assert integrity(home / DB_NAME) == "ok"
    assert code == 2, err
    assert "full" in err and DB_NAME in err, err
    assert message_problems(err) == [], err


def test_full_disk_while_recording_the_answer(
    home: Path, sandbox: Sandbox, api_key: str, disk_fills: type[_Faults], main_cli: MainCli
) -> None:
    """The API booked the call but the answer cannot be saved: never sent again."""
    disk_fills.match = ("success = ?",)  # the move that records an answer
    code, err = main_cli(*send_argv(sandbox.url))
    disk_fills.match = ()
    assert len(sandbox.received) == 1
    # A later flush (a new process) must treat the call as unknown, never queue it again.
    main_cli("outbox", "--flush", "--base-url", sandbox.url)
    assert len(sandbox.received) == 1, "a booked call whose answer was lost was sent again"
    service = Service(home)
    try:
        states = [c.state for c in service.page().rows]
    finally:
        service.close()
    assert states == [CallState.UNKNOWN], states
    assert integrity(home / DB_NAME) == "ok"
    # What the receptionist reads must stop them from booking it again by hand.
    warned = "may have been booked" in err or "check before sending" in err.lower()
    if code != 4 or not warned or "full" not in err or message_problems(err):
        pytest.xfail(
            "BUG service.py Service._finish/_attempt: a StoreError while recording an answer "
            "(the request has already gone out) escapes send_one/flush; the CLI then says "
            "'Cannot use the call database …: the disk is full; free some space and try "
            "again' (exit 2, which CONTRACT.md defines as 'nothing was sent'), inviting a "
            "second booking by hand. Expected exit 4 and a warning that the call may have "
            f"been booked. Got exit {code}: {err!r}"
        )


# -- damaged and newer databases ----------------------------------------------------------


DAMAGE = [
    ("random bytes", random_bytes, ("damaged", "backup")),
    ("pages overwritten", overwrite_pages, ("damaged", "backup")),
    ("cut in half", cut_in_half, ("damaged", "backup")),
    ("newer version", newer_version, ("newer version",)),
]


@pytest.mark.parametrize(("name", "damage", "says"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_damaged_or_newer_database_is_left_untouched(
    name: str,
    damage: Callable[[Path], None],
    says: tuple[str, ...],
    home: Path,
    sandbox: Sandbox,
    api_key: str,
    main_cli: MainCli,
) -> None:
    service = Service(home)
    for i in range(200):  # enough rows that the file has pages past the first two
        service.save_draft(CallForm(destination=f"07700 900{i:03d}", username="reception"))
    service.close()
    db_file = home / DB_NAME
    damage(db_file)
    original = digest(db_file)
    leaked: list[str] = []
    for argv in (send_argv(sandbox.url), ["history"], ["outbox", "--flush"]):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            code, err = main_cli(*argv)
            gc.collect()
        leaked += [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
        assert code == 2, f"{argv[0]}: exit {code}: {err!r}"
        assert str(db_file) in err, f"{argv[0]}: the message does not name the file: {err!r}"
        assert_clear(err, names=says)
        assert digest(db_file) == original, f"{argv[0]} changed the damaged file"
    assert sandbox.received == []
    assert leaked == [], "a failed open left the lease file or a connection open"
    assert list((home / "leases").iterdir()) == [], "a lease file was left behind"
