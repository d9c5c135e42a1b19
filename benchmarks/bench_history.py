"""History at scale: the store's paging and search on a big database, against bare SQLite.

    python benchmarks/bench_history.py --rows 1000000 [--data DIR] [--json OUT]

Seeds ``DIR/history-N`` with ``seed_history.py`` if it is not there yet (kept for
the next run). Then, each next to a baseline on the same file in the same run:

* the first page (``CallStore.page``, 200 rows, what the history pane loads first)
  vs the same SELECT with bare ``sqlite3`` (no conversion to records);
* scrolling to the end: every keyset page of 200 in turn, as the lazily loading view
  fetches them, vs the same loop in bare SQLite; and the oldest page directly;
* filtering by a whole number (indexed), by part of a number (the FTS5 trigram
  index of schema 3) next to the LIKE scan it replaced, and by status text, a
  state word ("unknown") and a reason ("barred");
* ``voicecall history --search 900123`` (part of a number) wall time on this
  database vs the same command on an empty one (goal: < 100 ms more), and
  ``voicecall history --limit 50 --search NUMBER`` vs ``python -c pass`` and vs
  a bare Python script running the same query;
* memory: peak RSS of a process that opens the store, reads the first page and
  searches, on this database vs on an empty one;
* the window (if PySide6 can start offscreen): time to the first paint of the main
  window with its history pane, and resident memory, on this database vs an empty one.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import (
    PYTHON,
    RSS_SNIPPET,
    Result,
    isolated_env,
    median_ms,
    report,
    run_python,
    timed,
    wall_ms,
    write_json,
)
from seed_history import KNOWN_NUMBER, seed

from voicecall_desktop.paths import database_path
from voicecall_desktop.service import Service

PAGE = 200


def ensure_seeded(data: Path, rows: int) -> Path:
    home = data / f"history-{rows}"
    marker = home / "seeded.json"
    if marker.exists() and json.loads(marker.read_text()).get("rows") == rows:
        print(f"  reusing {home} ({rows:,} rows)")
        return home
    if home.exists():
        for path in home.rglob("*"):
            if path.is_file():
                path.unlink()
    print(f"  seeding {rows:,} rows into {home} …")
    started = time.perf_counter()
    rate = seed(home, rows)
    marker.write_text(json.dumps({"rows": rows, "rows_per_s": rate}))
    print(f"  seeded in {time.perf_counter() - started:.0f} s ({rate:,.0f} rows/s)")
    return home


def bare(db_file: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA query_only = 1")
    return conn


def store_benchmarks(home: Path, rows: int) -> list[Result]:
    on = f"{rows:,} calls"
    db_file = database_path(home)
    service = Service(home)
    calls = service
    conn = bare(db_file)
    results: list[Result] = []

    def bare_page(where: str = "", params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        sql = f"SELECT * FROM calls {where} ORDER BY id DESC LIMIT {PAGE + 1}"
        return conn.execute(sql, params).fetchall()

    cold = timed(lambda: calls.page(limit=PAGE))
    results.append(
        Result(
            "history first page (200 rows)",
            on,
            median_ms(lambda: calls.page(limit=PAGE)),
            "ms",
            median_ms(bare_page),
            "bare SQLite SELECT",
            "< 100 ms",
        )
    )
    print(f"  (first page, first read after opening: {cold:.1f} ms)")

    def scroll() -> int:
        page = calls.page(limit=PAGE)
        pages = 1
        while page.has_more:
            page = calls.page(limit=PAGE, before_id=page.rows[-1].id)
            pages += 1
        return pages

    def bare_scroll() -> int:
        batch = bare_page()
        pages = 1
        while len(batch) > PAGE:
            batch = bare_page("WHERE id < ?", (batch[PAGE - 1][0],))
            pages += 1
        return pages

    results.append(
        Result(
            "scroll to the end (every 200-row page)",
            on,
            timed(scroll) / 1000,
            "s",
            timed(bare_scroll) / 1000,
            "bare SQLite keyset loop",
        )
    )
    results.append(
        Result(
            "jump to the oldest page",
            on,
            median_ms(lambda: calls.page(limit=PAGE, oldest_first=True)),
            "ms",
            median_ms(
                lambda: conn.execute(f"SELECT * FROM calls ORDER BY id LIMIT {PAGE + 1}").fetchall()
            ),
            "bare SQLite SELECT",
        )
    )
    number = 447700900123
    results.append(
        Result(
            f"filter by a number ({KNOWN_NUMBER})",
            on,
            median_ms(lambda: calls.page(search=KNOWN_NUMBER, limit=PAGE)),
            "ms",
            median_ms(lambda: bare_page("WHERE destination = ?", (number,))),
            "bare SQLite, indexed",
            "< 100 ms",
        )
    )
    results.append(
        Result(
            "filter by part of a number ('900123')",
            on,
            median_ms(lambda: calls.page(search="900123", limit=PAGE), repeat=3),
            "ms",
            median_ms(
                lambda: bare_page(
                    "WHERE (CAST(destination AS TEXT) LIKE ? OR destination_text LIKE ?)",
                    ("%900123%", "%900123%"),
                ),
                repeat=3,
            ),
            "the LIKE scan it replaced, bare SQLite",
            "< 100 ms",
        )
    )
    results.append(
        Result(
            "filter by a state word ('unknown')",
            on,
            median_ms(lambda: calls.page(search="unknown", limit=PAGE), repeat=3),
            "ms",
            median_ms(lambda: bare_page("WHERE state = ?", ("unknown",)), repeat=3),
            "bare SQLite, state = 'unknown'",
        )
    )
    results.append(
        Result(
            "filter by a reason ('barred', in Errors)",
            on,
            median_ms(lambda: calls.page(search="barred", limit=PAGE), repeat=3),
            "ms",
            median_ms(lambda: bare_page("WHERE errors LIKE ?", ("%barred%",)), repeat=3),
            "bare SQLite LIKE on errors only",
            "< 100 ms",
        )
    )
    service.close()
    conn.close()
    return results


CLI_BASELINE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
for row in conn.execute(
    "SELECT * FROM calls WHERE destination = ? ORDER BY id DESC LIMIT 51", (447700900123,)
):
    print(row[0], row[1], row[2])
"""

MEMORY = (
    RSS_SNIPPET
    + """
import json, sys
from voicecall_desktop.service import Service
service = Service()
service.page(limit=200)
service.page(search="07700 900123", limit=200)
service.page(search="900123", limit=200)
now, peak = _rss_mb()
print(json.dumps({"now": now, "peak": peak}))
"""
)

WINDOW = (
    RSS_SNIPPET
    + """
import json, time
start = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from voicecall_desktop.ui import build_main_window
window = build_main_window(start_monitor=False)
result = {}
def painted():
    result["paint_ms"] = (time.perf_counter() - start) * 1000
    QTimer.singleShot(300, app.quit)
window.first_paint = painted
window.show()
QTimer.singleShot(60_000, app.quit)
app.exec()
result["rss"], result["peak"] = _rss_mb()
result["rows_loaded"] = window.history.model.rowCount()
window.close()
print(json.dumps(result))
"""
)


def process_benchmarks(home: Path, rows: int, env: dict[str, str]) -> list[Result]:
    on = f"{rows:,} calls"
    results: list[Result] = []
    env = dict(env, VOICECALL_HOME=str(home))
    db_file = database_path(home)
    with tempfile.TemporaryDirectory() as scratch:
        empty_env = dict(env, VOICECALL_HOME=str(Path(scratch) / "empty"))
        cli = [PYTHON, "-m", "voicecall_desktop.cli", "history", "--limit", "50"]
        cli += ["--search", KNOWN_NUMBER]
        script = Path(scratch) / "bare_history.py"
        script.write_text(CLI_BASELINE)
        part = [PYTHON, "-m", "voicecall_desktop.cli", "history", "--search", "900123"]
        results.append(
            Result(
                "`voicecall history --search 900123` (part of a number)",
                on,
                wall_ms(part, env, repeat=9),
                "ms",
                wall_ms(part, empty_env, repeat=9),
                "same command, empty database",
                "< +100 ms",
            )
        )
        plain = [PYTHON, "-m", "voicecall_desktop.cli", "history"]
        results.append(
            Result(
                "`voicecall history` start-up (empty database)",
                "0 calls",
                wall_ms(plain, empty_env, repeat=9),
                "ms",
                wall_ms([PYTHON, "-c", "pass"], env, repeat=9),
                "`python -c pass`",
            )
        )
        value = wall_ms(cli, env)
        results.append(
            Result(
                "`voicecall history --limit 50 --search NUMBER`",
                on,
                value,
                "ms",
                wall_ms([PYTHON, "-c", "pass"], env),
                "`python -c pass`",
            )
        )
        results.append(
            Result(
                "`voicecall history --limit 50 --search NUMBER`",
                on,
                value,
                "ms",
                wall_ms([PYTHON, str(script), str(db_file)], env),
                "bare Python + sqlite3 script",
            )
        )
        full = run_python(MEMORY, env)
        empty = run_python(MEMORY, empty_env)
        results.append(
            Result(
                "memory: store + first page + 3 searches (peak RSS)",
                on,
                full["peak"],
                "MB",
                empty["peak"],
                "same on an empty database",
                "≤ +50 MB",
            )
        )
        try:
            window_full = [run_python(WINDOW, env) for _ in range(3)]
            window_empty = [run_python(WINDOW, empty_env) for _ in range(3)]
        except RuntimeError as exc:
            print(f"  (window figures skipped: {str(exc)[-300:]})")
            return results
        full_paint = statistics.median(r["paint_ms"] for r in window_full)
        empty_paint = statistics.median(r["paint_ms"] for r in window_empty)
        results.append(
            Result(
                "window with history pane: build to first paint",
                on,
                full_paint,
                "ms",
                empty_paint,
                "same window, empty database",
                "first page < 100 ms",
            )
        )
        results.append(
            Result(
                "window memory at rest (RSS)",
                on,
                statistics.median(r["rss"] for r in window_full),
                "MB",
                statistics.median(r["rss"] for r in window_empty),
                "same window, empty database",
                "≤ +50 MB",
            )
        )
        print(f"  (rows the history pane loaded: {window_full[0]['rows_loaded']})")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "voicecall-bench"
    )
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    print(f"History at scale ({args.rows:,} calls)")
    home = ensure_seeded(args.data, args.rows)
    with isolated_env(home) as env:
        results = store_benchmarks(home, args.rows)
        results += process_benchmarks(home, args.rows, env)
    report(results)
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
