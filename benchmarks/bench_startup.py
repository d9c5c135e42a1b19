"""Start-up: ``voicecall-desktop --smoke`` first paint against a bare PySide6 window.

    python benchmarks/bench_startup.py [--repeat 5] [--json OUT]

Both are timed the same way, one run of each in turn: from the process's own start
(as the OS records it) to the first paint event of the main window, offscreen, on a
fresh data folder (after one warm-up run each, so neither pays for a cold disk cache).
For the product that is the window as Qt alone draws it first (``ui/window/start.py``):
title, menus and the call form ready for typing; the outbox's and history's frames
follow on the next turn of the event loop, and that second moment is reported too.
Also: resident memory at rest once painted, the slowest imports of a ``--smoke`` run
(``python -X importtime``), and the size of the PyInstaller bundle if one is built.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    PYTHON,
    ROOT,
    RSS_SNIPPET,
    Result,
    isolated_env,
    report,
    run_python,
    write_json,
)

BARE = (
    RSS_SNIPPET
    + """
import json, os, sys, time


def process_started():
    try:
        with open("/proc/self/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime") as uptime:
            since_boot = float(uptime.read().split()[0])
        return time.time() - (since_boot - int(fields[19]) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.time()


started = process_started()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1280, 820)
result = {}


class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "paint_ms" not in result:
            result["paint_ms"] = (time.time() - started) * 1000
            QTimer.singleShot(500, app.quit)
        return False


watcher = Painted()
window.installEventFilter(watcher)
window.show()
app.exec()
result["rss"], result["peak"] = _rss_mb()
print(json.dumps(result))
"""
)

# The product's own window, built as `voicecall-desktop` builds it, held 500 ms after
# its first paint to read its memory at rest (the smoke run exits at once).
PRODUCT_REST = (
    RSS_SNIPPET
    + """
import json, sys, time
from PySide6.QtCore import QTimer
from voicecall_desktop.ui.app import make_application
app = make_application()
from voicecall_desktop.ui import build_main_window
window = build_main_window(start_monitor=False)
result = {}
def painted():
    QTimer.singleShot(500, app.quit)
window.first_paint = painted
window.show()
app.exec()
result["rss"], result["peak"] = _rss_mb()
window.close()
print(json.dumps(result))
"""
)


def smoke(env: dict[str, str]) -> tuple[float, float]:
    """(first paint, whole start window painted), in ms from the process's start."""
    out = subprocess.run(
        [PYTHON, "-m", "voicecall_desktop.ui.app", "--smoke", "--smoke-timings"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    found = re.search(r"first-paint-ms: (\d+)", out.stdout)
    whole = re.search(r"start-window-ms: (\d+)", out.stdout)
    if not found or not whole:
        raise RuntimeError(f"--smoke printed no first paint: {out.stdout!r} {out.stderr[-500:]!r}")
    return float(found.group(1)), float(whole.group(1))


def import_times(
    env: dict[str, str], top: int = 15
) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    """The slowest imports on the way to first paint: by self time, and top-level
    packages by cumulative time; each (module, self µs, cumulative µs)."""
    out = subprocess.run(
        [PYTHON, "-X", "importtime", "-m", "voicecall_desktop.ui.app", "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    rows: list[tuple[str, int, int]] = []
    tops: list[tuple[str, int, int]] = []
    for line in out.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( +)(\S+)", line)
        if found:
            row = (found.group(4), int(found.group(1)), int(found.group(2)))
            rows.append(row)
            if len(found.group(3)) == 1:
                tops.append(row)
    by_self = sorted(rows, key=lambda r: r[1], reverse=True)[:top]
    return by_self, sorted(tops, key=lambda r: r[2], reverse=True)


def bundle_size() -> float | None:
    bundle = ROOT / "build" / "bundle-dist" / "VoiceCallDesktop"
    if not bundle.is_dir():
        return None
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()) / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    print(f"Start-up ({args.repeat} runs each, median)")
    results: list[Result] = []
    with isolated_env() as env, tempfile.TemporaryDirectory() as scratch:
        bare_script = Path(scratch) / "bare_window.py"
        bare_script.write_text(BARE)

        def bare() -> dict[str, float]:
            times: dict[str, float] = run_python(bare_script.read_text(), env)
            return times

        smoke(env)  # warm-up (and the database is created here, not in a timed run)
        bare()
        # Side by side, one of each in turn, so that a busy moment of the machine
        # weighs on both alike.
        product_runs: list[tuple[float, float]] = []
        bare_runs: list[dict[str, float]] = []
        for _ in range(args.repeat):
            product_runs.append(smoke(env))
            bare_runs.append(bare())
        on = "offscreen, empty database"
        bare_paint = statistics.median(r["paint_ms"] for r in bare_runs)
        results.append(
            Result(
                "`voicecall-desktop --smoke` first paint (window, menus, call form)",
                on,
                statistics.median(run[0] for run in product_runs),
                "ms",
                bare_paint,
                "bare PySide6 QMainWindow script",
                "≤ 1.3× bare",
            )
        )
        results.append(
            Result(
                "… and the lists' frames painted beside it (whole start window)",
                on,
                statistics.median(run[1] for run in product_runs),
                "ms",
                bare_paint,
                "bare PySide6 QMainWindow script",
            )
        )
        rest = [run_python(PRODUCT_REST, env) for _ in range(3)]
        results.append(
            Result(
                "memory at rest after start-up (RSS)",
                on,
                statistics.median(r["rss"] for r in rest),
                "MB",
                statistics.median(r["rss"] for r in bare_runs),
                "bare PySide6 QMainWindow",
            )
        )
        size = bundle_size()
        if size is not None:
            results.append(
                Result(
                    "PyInstaller bundle size (one folder, uncompressed)",
                    "build/bundle-dist (Linux build)",
                    size,
                    "MB",
                )
            )
        else:
            print("  (no bundle in build/bundle-dist: run packaging/build_linux.sh to measure it)")
        slowest, packages = import_times(env)
        # The first paint now comes before the heavy imports: these are the whole run's.
        print("  slowest imports of a --smoke run, first paint and full window (self time):")
        for name, own, total in slowest:
            print(f"    {own / 1000:7.1f} ms self {total / 1000:7.1f} ms total  {name}")
        print("  top-level imports by total time:")
        for name, _own, total in packages[:8]:
            print(f"    {total / 1000:7.1f} ms  {name}")
    report(results)
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
