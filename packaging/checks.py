"""Checks of the installed Windows programs: one list, two runners.

Run by ``packaging/wine/build.sh`` on Linux (``--wine``: each program through Wine, on the
Xvfb display the script started) and by ``.github/workflows/windows.yml`` on Windows::

    python packaging/checks.py [--wine] --install-dir DIR [--logs DIR] [--skip NAME] installed
    python packaging/checks.py [--wine] --install-dir DIR --bundle DIR uninstalled
    python packaging/checks.py sizes --bundle DIR [--setup FILE] [--msi FILE]
    python packaging/checks.py --list

``installed`` runs every check below against the programs in DIR; ``uninstalled`` checks
that the uninstaller (run with /PURGEUSERDATA, or ``msiexec /x``) left nothing behind.
The programs use the default data folder, as a receptionist's would, so that the purge has
something to remove. Checks named in ``packaging/build.json``'s ``pending_checks`` are run
and reported, but do not fail the run until they are taken off that list.

Standard library only: it runs on the build machine's own Python.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
BUILD = json.loads((PACKAGING / "build.json").read_text(encoding="utf-8"))

CLI = "voicecall.exe"
DESKTOP = "VoiceCall Desktop.exe"
WINDOW_TITLE = "VoiceCall Desktop"
DATA_SUBFOLDER = ("PatientComms", "VoiceCall Desktop")  # under %LOCALAPPDATA%
POLICY_KEY = r"HKLM\Software\Policies\PatientComms\VoiceCall Desktop"
TEST_KEY = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
TEST_NUMBER = "07700 900123"  # Ofcom's drama range: never a real patient
DEMO_NUMBER = "07700 900456"
MARK = "VOICECALL_CHECK_MARK"
BOOKING = 90.0  # seconds from the keys to a sent call in the training history
SLOW = 180.0  # seconds: Wine's first start of a program is slow on a busy 2-core machine


class CheckFailed(Exception):
    """A check's own failure, with what was seen."""


@dataclass
class Run:
    code: int
    out: str

    def lines(self) -> list[str]:
        return self.out.splitlines()


@dataclass
class Machine:
    """Runs the installed programs, natively on Windows or through Wine on Linux."""

    install_dir: Path
    logs: Path
    wine: bool
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    folders: dict[str, Path] = field(default_factory=dict)  # known folders, asked once
    marks: dict[int, str] = field(default_factory=dict)  # started process → its mark
    outputs: dict[int, tuple[threading.Thread, list[str]]] = field(default_factory=dict)

    def program(self, name: str) -> Path:
        return self.install_dir / name

    def command(self, program: Path | str, *args: str) -> list[str]:
        return ["wine", str(program), *args] if self.wine else [str(program), *args]

    def environment(self, extra: dict[str, str] | None, mark: str) -> dict[str, str]:
        # The runner's own QT_* settings (CI sets QT_QPA_PLATFORM=offscreen) must not leak
        # into a check that means the real platform: each check says what it wants.
        env = {k: v for k, v in self.env.items() if not k.startswith(("QT_", "WINEQT_"))}
        # Every program gets a mark of its own, so that a hung one can be found and ended.
        env[MARK] = mark
        for name, value in (extra or {}).items():
            # Wine drops QT_* variables; WINEQT_X reaches the program as QT_X.
            env["WINE" + name if self.wine and name.startswith("QT_") else name] = value
        return env

    def run(
        self,
        program: Path | str,
        *args: str,
        stdin: str = "",
        env: dict[str, str] | None = None,
        timeout: float = SLOW,
    ) -> Run:
        # Output through a pipe: a Windows Python whose stdout is a plain file dies at start.
        mark = uuid.uuid4().hex
        try:
            done = subprocess.run(
                self.command(program, *args),
                input=stdin,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=self.environment(env, mark),
                timeout=timeout,
                text=True,
                encoding="utf-8",
                errors="replace",
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            self.end_marked(mark)  # on Windows, subprocess.run has ended it already
            out = exc.output if isinstance(exc.output, str) else ""
            name = f"{Path(program).name} {' '.join(args)}"
            raise CheckFailed(f"{name}: no exit in {timeout:.0f} s\n{out}") from None
        return Run(done.returncode, done.stdout.replace("\r\n", "\n"))

    def start(
        self, program: Path | str, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen[str]:
        mark = uuid.uuid4().hex
        # A pipe for standard input too, as for run().
        process = subprocess.Popen(
            self.command(program, *args),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=self.environment(env, mark),
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.marks[process.pid] = mark
        # Read as it comes: under Wine a helper it started may keep the pipe open after the
        # program has ended, so waiting for the end of the output could take for ever.
        output: list[str] = []
        reader = threading.Thread(target=lambda: output.extend(process.stdout or []), daemon=True)
        reader.start()
        self.outputs[process.pid] = (reader, output)
        return process

    def stop(self, process: subprocess.Popen[str]) -> str:
        """End a program started with :meth:`start` and return what it printed."""
        if self.wine:
            self.end_marked(self.marks.pop(process.pid, ""))
        elif process.poll() is None:
            # The launcher is the program itself; /T takes any child it started.
            command = ["taskkill", "/F", "/T", "/PID", str(process.pid)]
            subprocess.run(command, capture_output=True, check=False)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        reader, output = self.outputs.pop(process.pid)
        reader.join(timeout=5)
        return "".join(output)

    def end_marked(self, mark: str) -> None:
        """Under Wine: end the processes carrying ``mark`` (found by their own id).

        The Windows process is not a child of Wine's launcher, and Wine's taskkill does not
        find it by name; its environment, which Wine keeps, names it.
        """
        if not self.wine or not mark:
            return
        wanted = f"{MARK}={mark}".encode()
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                marked = wanted in (proc / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if marked:
                with suppress(OSError):
                    os.kill(int(proc.name), signal.SIGKILL)

    def windows_path(self, path: Path) -> str:
        if not self.wine:
            return str(path)
        done = subprocess.run(["winepath", "-w", str(path)], capture_output=True, text=True)
        return done.stdout.strip()

    def known_folder(self, variable: str) -> Path:
        """A folder named by a Windows variable (LOCALAPPDATA, APPDATA, ProgramData)."""
        if not self.wine:
            return Path(os.environ[variable])
        if variable not in self.folders:
            echoed = subprocess.run(
                ["wine", "cmd", "/c", f"echo %{variable}%"], capture_output=True, text=True
            ).stdout.strip()
            done = subprocess.run(["winepath", "-u", echoed], capture_output=True, text=True)
            self.folders[variable] = Path(done.stdout.strip())
        return self.folders[variable]

    def temp_folder(self) -> Path:
        """The user's %TEMP% (inside the profile), as this machine's path."""
        return self.known_folder("TEMP") if self.wine else Path(tempfile.gettempdir())

    def shortcuts(self) -> list[Path]:
        """Where a "VoiceCall Desktop" Start-menu shortcut may be: all users, or this user."""
        menu = ("Microsoft", "Windows", "Start Menu", "Programs", f"{WINDOW_TITLE}.lnk")
        return [self.known_folder(v).joinpath(*menu) for v in ("ProgramData", "APPDATA")]

    def reg(self, *args: str) -> Run:
        return self.run("reg", *args, timeout=60)


def expect(condition: object, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def json_out(run: Run) -> object:
    """The JSON document in a ``--json`` command's output (messages may come before it)."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"^[\[{]", run.out, re.MULTILINE):
        try:
            return decoder.raw_decode(run.out, match.start())[0]
        except ValueError:
            continue
    raise CheckFailed(f"no JSON in the output:\n{run.out}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the checks of an installed copy ------------------------------------------------------


def check_start_menu(m: Machine) -> str:
    found = [p for p in m.shortcuts() if p.is_file()]
    expect(found, f"no Start-menu shortcut in {[str(p) for p in m.shortcuts()]}")
    return str(found[0])


def check_self_test(m: Machine) -> str:
    run = m.run(m.program(CLI), "self-test")
    expect(run.code == 0 and "Self-test passed." in run.out, f"exit {run.code}\n{run.out}")
    return run.lines()[-1]


def check_key(m: Machine) -> str:
    stored = m.run(m.program(CLI), "key", "set", stdin=TEST_KEY + "\n")
    expect(stored.code == 0, f"key set: exit {stored.code}\n{stored.out}")
    status = m.run(m.program(CLI), "key", "status", "--json")
    data = json_out(status)
    expect(isinstance(data, dict) and data.get("stored") is True, f"key status: {status.out}")
    assert isinstance(data, dict)
    backend = str(data.get("backend", ""))
    expect("Windows" in backend, f"not Credential Manager: {backend}")
    expect(TEST_KEY not in status.out and TEST_KEY not in stored.out, "the key was printed")
    return backend


def _smoke(m: Machine, env: dict[str, str]) -> str:
    run = m.run(m.program(DESKTOP), "--smoke", env=env)
    painted = re.search(r"^first-paint-ms: (\d+)$", run.out, re.MULTILINE)
    expect(run.code == 0 and painted, f"exit {run.code}\n{run.out}")
    assert painted
    return painted.group(0)


def check_smoke_offscreen(m: Machine) -> str:
    return _smoke(m, {"QT_QPA_PLATFORM": "offscreen"})


def check_smoke_windows(m: Machine) -> str:
    # The real Windows platform plugin: the desktop on Windows, Wine's on the Xvfb display.
    return _smoke(m, {})


@contextmanager
def sandbox(m: Machine) -> Iterator[str]:
    port = free_port()
    process = m.start(m.program(CLI), "sandbox", "--port", str(port))
    try:
        deadline = time.monotonic() + SLOW
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise CheckFailed(f"the sandbox stopped: {m.stop(process)}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise CheckFailed(f"the sandbox did not listen on port {port}")
        yield f"http://127.0.0.1:{port}/"
    finally:
        m.stop(process)


def next_weekday(today: date | None = None) -> date:
    """The next Monday to Friday after ``today``: a day the practice is open by default."""
    day = (today or date.today()) + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def check_send_sandbox(m: Machine) -> str:
    # An explicit open weekday at 10:00, so the check does not depend on when CI runs;
    # --on-holiday for the odd bank holiday on a weekday (the CLI refuses it otherwise).
    when = ("--date", next_weekday().isoformat(), "--time", "10:00", "--on-holiday")
    with sandbox(m) as url:
        run = m.run(
            m.program(CLI),
            *("send", "--destination", TEST_NUMBER, "--source", "Checks GP"),
            *when,
            *("--username", "checks", "--base-url", url, "--json"),
        )
    data = json_out(run)
    expect(
        run.code == 0 and isinstance(data, dict) and data.get("state") == "sent",
        f"exit {run.code}\n{run.out}",
    )
    assert isinstance(data, dict)
    return f"call #{data.get('id')} sent, message {data.get('message_id')}"


def check_bank_holidays(m: Machine) -> str:
    """The bundle's bank holidays (``holidays``' UK calendar, en_GB names) refuse Christmas."""
    today = date.today()
    christmas = date(today.year, 12, 25)
    if christmas <= today:
        christmas = date(today.year + 1, 12, 25)
    # Refused before anything is sent; the port is closed all the same, should it not be.
    run = m.run(
        m.program(CLI),
        *("send", "--destination", TEST_NUMBER, "--source", "Checks GP", "--username", "checks"),
        *("--date", christmas.isoformat(), "--time", "10:00", "--base-url", "http://127.0.0.1:9/"),
    )
    line = next((x for x in run.lines() if "Christmas Day, a bank holiday" in x), "")
    expect(run.code == 2 and line, f"not refused as Christmas Day: exit {run.code}\n{run.out}")
    return line.strip()


def check_shared_store_driver(m: Machine) -> str:
    """psycopg and its libpq (psycopg_binary) load from the bundle: a database URL to a
    closed port is judged unreachable in plain words, not a missing module or DLL."""
    url = f"postgresql://desk@127.0.0.1:{free_port()}/voicecall"
    run = m.run(m.program(CLI), "db", "status", "--json", env={"VOICECALL_DATABASE_URL": url})
    data = json_out(run)
    expect(
        run.code == 2 and isinstance(data, dict) and data.get("reason") == "unreachable",
        f"exit {run.code}\n{run.out}",
    )
    expect("Traceback" not in run.out and "No module" not in run.out, run.out)
    return "psycopg loaded; a closed port is unreachable"


def _xdotool(*args: str, timeout: float = 30) -> str:
    done = subprocess.run(
        ["xdotool", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    return done.stdout.strip()


def _size(window: str) -> tuple[int, int]:
    shape = _xdotool("getwindowgeometry", "--shell", window)
    values = dict(line.split("=", 1) for line in shape.splitlines() if "=" in line)
    return int(values.get("WIDTH", "0")), int(values.get("HEIGHT", "0"))


def _windows() -> set[str]:
    return set(_xdotool("search", "--onlyvisible", "--name", WINDOW_TITLE).split())


def _main_window(old: set[str]) -> str:
    """The largest new visible window titled like the app's (Qt makes small helper ones)."""
    found = _windows() - old
    sized = [(w * h, window) for window in found for w, h in [_size(window)]]
    return max(sized)[1] if sized and max(sized)[0] > 200 * 200 else ""


def _screenshot(m: Machine, name: str) -> Path | None:
    target = m.logs / f"{name}.png"
    tool = shutil.which("import")
    if tool is None:
        return None
    subprocess.run([tool, "-window", "root", str(target)], capture_output=True, timeout=60)
    return target if target.exists() else None


def check_demo_booking(m: Machine) -> str:
    """A normal start of the window in training mode, driven by keys as a person would."""
    if not m.wine or shutil.which("xdotool") is None or not os.environ.get("DISPLAY"):
        raise CheckSkipped("drives the window with xdotool on an X display (the Wine runner)")
    return book_from_window(m, m.program(DESKTOP), "--demo")


def book_from_window(m: Machine, program: Path, *args: str) -> str:
    """Start ``program`` (the window in training mode), book a call with keys, find it."""
    # In the user's profile, as a real data folder is (self-test fails one others can read).
    home = Path(tempfile.mkdtemp(prefix="voicecall-demo-", dir=m.temp_folder()))
    env = {"VOICECALL_HOME": m.windows_path(home)}
    old = _windows()  # a window left by an earlier run must not be taken for this one
    process = m.start(program, *args, env=env)
    try:
        window = ""
        deadline = time.monotonic() + SLOW
        while not window and time.monotonic() < deadline:
            if process.poll() is not None:
                raise CheckFailed(f"the window exited: {m.stop(process)}")
            window = _main_window(old)
            time.sleep(1)
        expect(window, f"no visible window named {WINDOW_TITLE!r} after {SLOW:.0f} s")
        # Give it the first turns of its event loop; then a person starts typing.
        time.sleep(5)
        _screenshot(m, "demo-1-started")
        # A click gives the window the keyboard (there is no window manager to do it): on
        # the status bar's left end, which does nothing else. Then Tools → Go to the form.
        _width, height = _size(window)
        _xdotool("mousemove", "--window", window, "60", str(max(height - 6, 0)))
        _xdotool("click", "1")
        _xdotool("windowfocus", "--sync", window)
        time.sleep(1)
        _xdotool("key", "--clearmodifiers", "ctrl+1")
        _xdotool("key", "--clearmodifiers", "ctrl+a")
        _xdotool("type", "--delay", "60", DEMO_NUMBER)
        _screenshot(m, "demo-2-typed")
        _xdotool("key", "--clearmodifiers", "ctrl+Return")  # Call → Send
        wanted = "44" + DEMO_NUMBER.replace(" ", "")[1:]
        training = m.windows_path(home / "training")
        calls: object = []
        answered: set[str] = set()
        deadline = time.monotonic() + BOOKING
        while time.monotonic() < deadline:
            time.sleep(3)
            if process.poll() is not None:
                raise CheckFailed(f"the window exited: {m.stop(process)}")
            # Out of hours, on a bank holiday or a closed day (a CI run on a Saturday night)
            # the window asks first: "&Book anyway" / "&Book at ..." (training mode only).
            for dialog in _windows() - old - {window} - answered:
                width, height = _size(dialog)
                if width < 200 or height < 80:  # one of Qt's small helper windows
                    continue
                answered.add(dialog)
                _screenshot(m, "demo-2-asked")
                _xdotool("windowfocus", "--sync", dialog)
                _xdotool("key", "--clearmodifiers", "alt+b")
            history = m.run(m.program(CLI), "history", "--json", env={"VOICECALL_HOME": training})
            calls = json_out(history) if history.code == 0 else []
            sent = (
                [
                    c
                    for c in calls
                    if isinstance(c, dict)
                    and str(c.get("destination")) == wanted
                    and c.get("state") == "sent"
                ]
                if isinstance(calls, list)
                else []
            )
            if sent:
                _screenshot(m, "demo-3-booked")
                return f"call #{sent[0].get('id')} sent from the window (training mode)"
        _screenshot(m, "demo-3-not-booked")
        raise CheckFailed(f"no sent call to {wanted} in the training history: {calls}")
    finally:
        # Quit as a person would (Call → Quit), so nothing of it is left on the display;
        # ending it by force comes after, should that not work.
        _xdotool("key", "--clearmodifiers", "ctrl+q")
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        out = m.stop(process)
        (m.logs / "demo-window.log").write_text(out, encoding="utf-8")
        # The window's own log beside the screenshots; the throw-away data folder goes.
        with suppress(OSError):
            shutil.copytree(home / "logs", m.logs / "demo-logs", dirs_exist_ok=True)
        shutil.rmtree(home, ignore_errors=True)


def check_policy_registry(m: Machine) -> str:
    """A value IT sets in the registry policy key shows as locked in ``voicecall settings``."""
    value = "PolicyGP"
    added = m.reg("add", POLICY_KEY, "/v", "source", "/t", "REG_SZ", "/d", value, "/f")
    expect(added.code == 0, f"reg add: exit {added.code}\n{added.out}")
    try:
        run = m.run(m.program(CLI), "settings", "--json")
        expect(run.code == 0, f"settings: exit {run.code}\n{run.out}")
        data = json_out(run)
        expect(isinstance(data, dict), f"settings --json: {run.out}")
        assert isinstance(data, dict)
        expect(data.get("source") == value, f"source is {data.get('source')!r}, not the policy's")
        where = data.get("set_by_it")
        expect(
            isinstance(where, dict) and where.get("source") == POLICY_KEY,
            f"settings --json does not say IT set source in {POLICY_KEY}: {where!r}",
        )
        plain = m.run(m.program(CLI), "settings")
        line = next((x for x in plain.lines() if x.startswith("source")), "")
        expect(
            "set by your IT department" in line and value in line,
            f"source is not marked as set by IT: {line!r}",
        )
        refused = m.run(m.program(CLI), "settings", "set", "source", "Other GP")
        expect(refused.code == 2, f"settings set on a locked value: exit {refused.code}")
        expect("set by your IT department" in refused.out, f"settings set said: {refused.out}")
        return line
    finally:
        m.reg("delete", POLICY_KEY, "/f")


class CheckSkipped(Exception):
    """The check cannot run with this runner (said why)."""


INSTALLED: list[tuple[str, Callable[[Machine], str]]] = [
    ("start-menu", check_start_menu),
    ("self-test", check_self_test),
    ("key-store", check_key),
    ("smoke-offscreen", check_smoke_offscreen),
    ("smoke-windows", check_smoke_windows),
    ("send-sandbox", check_send_sandbox),
    ("bank-holidays", check_bank_holidays),
    ("shared-store-driver", check_shared_store_driver),
    ("demo-booking", check_demo_booking),
    ("policy-registry", check_policy_registry),
]


# --- what an uninstall leaves ---------------------------------------------------------------


def uninstalled_checks(
    bundle: Path, keeps_user_data: bool
) -> list[tuple[str, Callable[[Machine], str]]]:
    """What must be gone; ``keeps_user_data``: an uninstall that keeps the user's data (the
    MSI's, which runs for the machine, not for one user) must have kept it."""

    def program_folder(m: Machine) -> str:
        left = sorted(p.name for p in m.install_dir.iterdir()) if m.install_dir.exists() else []
        expect(not left, f"{m.install_dir} still holds {left}")
        return f"{m.install_dir} removed"

    def start_menu(m: Machine) -> str:
        left = [str(p) for p in m.shortcuts() if p.exists()]
        expect(not left, f"shortcut left: {left}")
        return "no Start-menu shortcut"

    def data_folder(m: Machine) -> str:
        folder = m.known_folder("LOCALAPPDATA").joinpath(*DATA_SUBFOLDER)
        if keeps_user_data:
            expect((folder / "voicecall.sqlite3").is_file(), f"{folder} was not kept")
            return f"{folder} kept"
        expect(not folder.exists(), f"{folder} is still there")
        return f"{folder} removed"

    def api_key(m: Machine) -> str:
        # The installed CLI is gone; the built bundle reads the same Credential Manager.
        status = m.run(bundle / CLI, "key", "status", "--json")
        data = json_out(status)
        expect(
            isinstance(data, dict) and data.get("stored") is keeps_user_data,
            f"key status: {status.out}",
        )
        return "API key kept" if keeps_user_data else "no API key stored"

    return [
        ("program-folder", program_folder),
        ("start-menu", start_menu),
        ("data-folder", data_folder),
        ("api-key", api_key),
    ]


# --- running them ---------------------------------------------------------------------------


def run_all(
    machine: Machine, checks: Sequence[tuple[str, Callable[[Machine], str]]], skip: set[str]
) -> int:
    pending: dict[str, str] = BUILD.get("pending_checks", {})
    failed: list[str] = []
    for name, check in checks:
        if name in skip:
            print(f"SKIP {name}: --skip", flush=True)
            continue
        started = time.monotonic()
        try:
            detail = check(machine)
        except CheckSkipped as exc:
            print(f"SKIP {name}: {exc}", flush=True)
            continue
        except (CheckFailed, OSError, subprocess.SubprocessError) as exc:
            seconds = time.monotonic() - started
            if name in pending:
                print(f"PENDING {name} ({seconds:.0f} s): {pending[name]}\n  {exc}", flush=True)
            else:
                print(f"FAIL {name} ({seconds:.0f} s): {exc}", flush=True)
                failed.append(name)
            continue
        seconds = time.monotonic() - started
        print(f"ok   {name} ({seconds:.0f} s): {detail}", flush=True)
        if name in pending:
            print(f"  {name} passes now: take it off pending_checks in build.json", flush=True)
    if failed:
        print(f"{len(failed)} check(s) failed: {', '.join(failed)}", flush=True)
        return 1
    print("all checks passed", flush=True)
    return 0


def size_report(parts: dict[str, Path]) -> int:
    """Print each part's size against its budget in build.json; 1 when one is over."""
    budgets: dict[str, float] = BUILD["budgets_mb"]
    over = []
    for part, path in parts.items():
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        size = sum(p.stat().st_size for p in files) / 2**20
        budget = budgets[part]
        print(f"size {part:<7} {size:6.1f} MiB  (budget {budget} MiB)  {path}", flush=True)
        if size > budget:
            over.append(part)
            for big in sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:15]:
                print(f"  {big.stat().st_size / 2**20:6.1f} MiB  {big.relative_to(path)}")
    if over:
        print(f"over the size budget: {', '.join(over)} (packaging/build.json)", flush=True)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", nargs="?", choices=["installed", "uninstalled", "sizes"])
    parser.add_argument("--install-dir", type=Path)
    parser.add_argument("--bundle", type=Path, help="the built bundle ('uninstalled', 'sizes')")
    parser.add_argument("--setup", type=Path, help="the setup program ('sizes')")
    parser.add_argument("--msi", type=Path, help="the MSI ('sizes')")
    parser.add_argument("--logs", type=Path, default=Path(tempfile.gettempdir()) / "checks")
    parser.add_argument("--wine", action="store_true", help="run the programs through Wine")
    parser.add_argument("--skip", action="append", default=[], help="a check's name")
    parser.add_argument(
        "--keeps-user-data", action="store_true", help="'uninstalled': data must be kept"
    )
    parser.add_argument("--list", action="store_true", help="list the checks and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, _ in INSTALLED:
            print(f"installed    {name}")
        for name, _ in uninstalled_checks(Path(), keeps_user_data=False):
            print(f"uninstalled  {name}")
        return 0
    if args.what == "sizes":
        named = {"bundle": args.bundle, "setup": args.setup, "msi": args.msi}
        return size_report({part: path for part, path in named.items() if path})
    if not args.what or not args.install_dir:
        parser.error("give installed|uninstalled and --install-dir")
    args.logs.mkdir(parents=True, exist_ok=True)
    machine = Machine(args.install_dir, args.logs.resolve(), args.wine)
    if args.what == "installed":
        return run_all(machine, INSTALLED, set(args.skip))
    if not args.bundle:
        parser.error("uninstalled needs --bundle")
    checks = uninstalled_checks(args.bundle, args.keeps_user_data)
    return run_all(machine, checks, set(args.skip))


if __name__ == "__main__":
    sys.exit(main())
