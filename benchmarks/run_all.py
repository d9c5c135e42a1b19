"""Run every benchmark and print one markdown table for the README.

    python benchmarks/run_all.py            # full size: 1 000 000 calls, 10 000 drained
    python benchmarks/run_all.py --quick    # 100 000 calls, 1 000 drained (a few minutes less)

Each benchmark runs in its own process and prints its own figures as it goes; the
table at the end collects them: what was measured, on what, the value, the baseline
measured in the same run, their ratio and the goal from issue 5. Nothing here fails
on a slow figure. The seeded history database is kept in ``--data`` for the next run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PYTHON, Result, machine, markdown_table

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "voicecall-bench",
        help="where the seeded history database is kept between runs",
    )
    args = parser.parse_args(argv)
    rows, calls, window_calls, repeat = (
        (100_000, 1_000, 200, 3) if args.quick else (1_000_000, 10_000, 1_000, 5)
    )
    runs = [
        ("bench_startup.py", ["--repeat", str(repeat)]),
        ("bench_history.py", ["--rows", str(rows), "--data", str(args.data)]),
        ("bench_drain.py", ["--calls", str(calls), "--window-calls", str(window_calls)]),
    ]
    results: list[Result] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for script, extra in runs:
            out = Path(scratch) / (script + ".json")
            print(f"\n== {script} {' '.join(extra)}", flush=True)
            code = subprocess.run(
                [PYTHON, str(HERE / script), *extra, "--json", str(out)]
            ).returncode
            if code != 0 or not out.exists():
                print(f"   {script} did not finish (exit {code}); its rows are missing below")
                continue
            results += [Result(**r) for r in json.loads(out.read_text())]
    minutes = (time.perf_counter() - started) / 60
    size = "quick" if args.quick else "full"
    print(f"\nBenchmarks ({size} size) on {machine()}, {minutes:.0f} min:\n")
    print(markdown_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
