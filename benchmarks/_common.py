"""What the benchmark scripts share: results, timing, isolated environments, the sandbox.

Benchmarks print figures and never fail: a figure over its goal is reported, not raised.
Every figure is measured next to a baseline taken in the same run on the same machine.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TEST_KEY = "94670106-3242-43ff-96fa-475c7de2425c"
KEYRING_BACKEND = "keyrings.alt.file.PlaintextKeyring"


@dataclass
class Result:
    what: str
    on: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_what: str = ""
    goal: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline


def machine() -> str:
    cpus = os.cpu_count() or 0
    return (
        f"{platform.system()} {platform.machine()}, {cpus} CPU, Python {platform.python_version()}"
    )


def fmt(value: int | float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit in ("ms", "s", "MB", "µs") or isinstance(value, float):
        if abs(value) < 1:
            text = f"{value:.2f}"
        elif abs(value) < 100:
            text = f"{value:,.1f}"
        else:
            text = f"{value:,.0f}"
    else:
        text = f"{value:,}"
    return f"{text} {unit}".strip()


def report(results: list[Result]) -> None:
    """Print results for a person reading the terminal."""
    for r in results:
        line = f"  {r.what} [{r.on}]: {fmt(r.value, r.unit)}"
        if r.baseline is not None:
            line += f"  (baseline {r.baseline_what}: {fmt(r.baseline, r.unit)}"
            line += f", ratio {r.ratio:.2f}×)" if r.ratio is not None else ")"
        if r.goal:
            line += f"  goal {r.goal}"
        print(line, flush=True)


def write_json(path: str | None, results: list[Result]) -> None:
    if path:
        Path(path).write_text(json.dumps([asdict(r) for r in results], indent=1))


def markdown_table(results: list[Result]) -> str:
    rows = [
        "| measured | on | value | baseline (same run) | ratio | goal |",
        "|---|---|---:|---|---:|---|",
    ]
    for r in results:
        base = f"{fmt(r.baseline, r.unit)} ({r.baseline_what})" if r.baseline is not None else "—"
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        rows.append(
            f"| {r.what} | {r.on} | {fmt(r.value, r.unit)} | {base} | {ratio} | {r.goal or '—'} |"
        )
    return "\n".join(rows)


def timed(action: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def median_ms(action: Callable[[], object], repeat: int = 7) -> float:
    return statistics.median(timed(action) for _ in range(repeat))


@contextmanager
def isolated_env(home: Path | None = None) -> Iterator[dict[str, str]]:
    """A data folder and a file keyring holding a test key; never the user's own."""
    with tempfile.TemporaryDirectory(prefix="voicecall-bench-") as scratch:
        folder = Path(scratch)
        env = os.environ.copy()
        env.update(
            VOICECALL_HOME=str(home or folder / "home"),
            PYTHON_KEYRING_BACKEND=KEYRING_BACKEND,
            XDG_DATA_HOME=str(folder / "xdg"),
            QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"),
        )
        env.pop("VOICECALL_BASE_URL", None)
        subprocess.run(
            [PYTHON, "-m", "voicecall_desktop.cli", "key", "set"],
            input=TEST_KEY + "\n",
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            yield env
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


@contextmanager
def sandbox_process(credits: int = 1_000_000, env: dict[str, str] | None = None) -> Iterator[str]:
    """``voicecall sandbox`` in its own process (so it never shares our GIL); its URL."""
    proc = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "voicecall_desktop.cli",
            "sandbox",
            "--port",
            "0",
            "--credits",
            str(credits),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        if not url.startswith("http://"):
            raise RuntimeError("the sandbox did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run_python(
    code: str, env: dict[str, str] | None = None, *args: str, timeout: float = 900
) -> Any:
    """Run ``code`` in a fresh interpreter; it prints one JSON value on its last line."""
    out = subprocess.run(
        [PYTHON, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise RuntimeError(f"subprocess failed ({out.returncode}): {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def wall_ms(argv: list[str], env: dict[str, str] | None = None, repeat: int = 5) -> float:
    """Median wall time of a command, in ms (after one warm-up run)."""
    subprocess.run(argv, capture_output=True, env=env, cwd=ROOT)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, env=env, cwd=ROOT)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


#: Peak and current resident memory of the running process, in MB (Linux; else peak only).
RSS_SNIPPET = """
def _rss_mb():
    import resource, sys
    unit = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes / KiB
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / unit
    try:
        with open("/proc/self/statm") as f:
            now = int(f.read().split()[1]) * __import__("os").sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        now = peak
    return now, peak
"""
