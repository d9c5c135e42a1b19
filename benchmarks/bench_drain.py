"""Outbox drain: queued calls flushed to the sandbox, against a bare httpx loop.

    python benchmarks/bench_drain.py --calls 10000 [--window-calls 1000] [--json OUT]

The sandbox runs in its own process (``voicecall sandbox``), so it never competes for
our GIL. Measured in the same run:

* ``voicecall outbox --flush`` draining N queued calls: calls per second, and the
  per-call time beyond a bare loop that POSTs the same JSON bodies to the same sandbox
  with httpx (one connection per call, as the sandbox closes each): that difference is
  what the program adds per call (two fsync'd SQLite transactions, records, logging);
* the window draining M queued calls through its worker thread: the longest stall of
  the GUI event loop (a 5 ms timer's worst lateness) against the same timer in a bare
  ``QMainWindow`` over the same time, and the drain rate.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import (
    PYTHON,
    TEST_KEY,
    Result,
    isolated_env,
    report,
    run_python,
    sandbox_process,
    write_json,
)

from voicecall_desktop.api import encode_json
from voicecall_desktop.core.models import CallSpec
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import Service
from voicecall_desktop.store import SqliteStore


def specs(count: int) -> list[CallSpec]:
    out = []
    for i in range(count):
        spec, _ = CallSpec.from_input(
            destination=f"07700 900{i % 1000:03d}",
            username="reception",
            source="Surgery",
            site=f"drain-{i}",
        )
        out.append(spec)
    return out


def queue(home: Path, items: list[CallSpec]) -> None:
    # The Service keeps its store private and queues one call at a time; the desk's own
    # store (with a lease of its own) writes thousands in a few transactions.
    store = SqliteStore(home)
    try:
        for start in range(0, len(items), 5000):
            chunk = items[start : start + 5000]
            store.calls.create_many(
                [(s.to_form(), s) for s in chunk], CallState.QUEUED, actor="bench", machine="bench"
            )
    finally:
        store.close()


def bare_loop(url: str, items: list[CallSpec]) -> float:
    """Seconds to POST every body with a plain httpx client (the floor for a client)."""
    bodies = [encode_json(s.to_request(TEST_KEY)) for s in items]
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    endpoint = url.rstrip("/") + "/Public/VoiceCall"
    start = time.perf_counter()
    with httpx.Client(timeout=30) as client:
        for body in bodies:
            reply = client.post(endpoint, content=body, headers=headers)
            json.loads(reply.content)
    return time.perf_counter() - start


WINDOW = """
import json, sys, time
from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
bare = len(sys.argv) > 1 and sys.argv[1] == "bare"
ticks = []
timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
result = {}


class Watcher(QObject):
    # A QObject living in the GUI thread, so the worker's signal is queued to it
    # (a plain function would run in the worker thread).
    @Slot(object)
    def finished(self, report):
        result["drain_s"] = time.perf_counter() - result["start"]
        result["attempts"] = len(report.results)
        QTimer.singleShot(200, app.quit)


if bare:
    window = QMainWindow()
    window.resize(1280, 820)
    window.show()
    timer.start()
    QTimer.singleShot(int(float(sys.argv[2]) * 1000), app.quit)
    app.exec()
else:
    from voicecall_desktop.core.states import CallState
    from voicecall_desktop.ui import build_main_window

    window = build_main_window(start_monitor=False)
    queued = window.service.count([CallState.QUEUED])
    watcher = Watcher()
    window.host.worker.flushFinished.connect(watcher.finished)

    def go():
        result["start"] = time.perf_counter()
        timer.start()
        window.flush_now()

    window.show()
    QTimer.singleShot(300, go)
    QTimer.singleShot(600_000, app.quit)
    app.exec()
    result["queued"] = queued
    window.close()
gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:])]
result["max_gap_ms"] = max(gaps) if gaps else None
result["p99_gap_ms"] = sorted(gaps)[int(len(gaps) * 0.99)] if gaps else None
span = (ticks[-1] - ticks[0]) * 1000 if len(ticks) > 1 else 0
result["blocked_share"] = sum(g for g in gaps if g > 50) / span if span else None
print(json.dumps(result))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--window-calls", type=int, default=1_000)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    results: list[Result] = []
    items = specs(args.calls)
    print(f"Outbox drain ({args.calls:,} calls; window: {args.window_calls:,})")
    with isolated_env() as env, sandbox_process(credits=10 * args.calls, env=env) as url:
        home = Path(env["VOICECALL_HOME"])
        # The program's start-up alone, to take out of the per-call figure.
        flush = [PYTHON, "-m", "voicecall_desktop.cli", "outbox", "--flush", "--base-url", url]
        startup = statistics.median(
            _wall(flush, env) for _ in range(3)
        )  # empty outbox: start-up and exit only
        queue(home, items)
        took = _wall(flush, env)
        service = Service(home)
        try:
            sent = service.count([CallState.SENT])
        finally:
            service.close()
        if sent != args.calls:
            print(f"  warning: only {sent:,} of {args.calls:,} calls ended sent")
        bare = bare_loop(url, items)
        per_call = (took - startup) / args.calls * 1000
        bare_per_call = bare / args.calls * 1000
        on = f"{args.calls:,} queued calls → sandbox"
        results.append(
            Result(
                "drain rate, `voicecall outbox --flush`",
                on,
                args.calls / took,
                "calls/s",
                args.calls / bare,
                "bare httpx loop, same bodies",
            )
        )
        results.append(
            Result(
                "time per call",
                on,
                per_call,
                "ms",
                bare_per_call,
                "bare httpx loop",
            )
        )
        results.append(
            Result(
                "per-call overhead beyond the sandbox's own time",
                on,
                per_call - bare_per_call,
                "ms",
                None,
                "",
            )
        )

    if args.window_calls:
        with isolated_env() as env, sandbox_process(credits=10 * args.window_calls, env=env) as url:
            env = dict(env, VOICECALL_BASE_URL=url)
            queue(Path(env["VOICECALL_HOME"]), specs(args.window_calls))
            try:
                window = run_python(WINDOW, env)
            except RuntimeError as exc:
                print(f"  (window figures skipped: {str(exc)[-300:]})")
                window = None
            if window is not None and window.get("drain_s"):
                idle = run_python(WINDOW, env, "bare", f"{window['drain_s']:.3f}")
                on = f"window, {window['queued']:,} queued calls → sandbox"
                results.append(
                    Result(
                        "longest GUI event-loop stall during the drain",
                        on,
                        window["max_gap_ms"],
                        "ms",
                        idle["max_gap_ms"],
                        "5 ms timer in a bare idle QMainWindow",
                        "< 50 ms",
                    )
                )
                results.append(
                    Result(
                        "share of the drain the GUI was stalled > 50 ms",
                        on,
                        100 * (window["blocked_share"] or 0),
                        "%",
                        100 * (idle["blocked_share"] or 0),
                        "bare idle QMainWindow",
                    )
                )
                results.append(
                    Result(
                        "drain rate, window worker",
                        on,
                        window["queued"] / window["drain_s"],
                        "calls/s",
                        None,
                    )
                )
    report(results)
    write_json(args.json, results)
    return 0


def _wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
