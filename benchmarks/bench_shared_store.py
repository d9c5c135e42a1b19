"""The shared store at scale: PostgreSQL with 1,000,000 calls, and desks flushing at once.

    python benchmarks/bench_shared_store.py [--rows 1000000] [--desks 20] [--json OUT]

Starts its own PostgreSQL from Debian's package (as the tests do), seeds
``--rows`` calls in one SQL statement, then measures, each next to a baseline
taken in the same run:

* the newest page (``PgStore.calls.page``, 200 rows) vs the same SELECT with
  bare psycopg (no conversion to records);
* search by part of a number (``900123``: the ``pg_trgm`` index), by a whole
  number, and by words (``timeout``), vs the bare SELECT of the first page;
* ``--desks`` desk processes flushing one shared outbox at once (claim, a
  simulated 20 ms request, answer): calls per second in all, and the longest
  single claim or answer any desk waited for (the longest a desk's worker, and
  so its window's progress, stalls on the database), vs one desk alone.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import Result, median_ms, report, write_json

from tests.pg.server import ADMIN, ADMIN_PASSWORD, APP, APP_PASSWORD, PgServer, find_bindir

PAGE = 200
GOAL = "< 100 ms"

SEED = """
INSERT INTO calls (state, destination, destination_text, username, source, day, times,
                   created_at, updated_at, status, success, booked_by, desk, last_error)
SELECT (ARRAY['sent','sent','sent','sent','sent','sent','sent','rejected','unknown','queued'])
           [1 + mod(n, 10)],
       447700000000 + mod(n::bigint * 7919, 1000000),
       '07700 ' || lpad((mod(n::bigint * 7919, 1000000))::text, 6, '0'),
       'reception', 'Surgery', date '2026-01-01' + (mod(n, 365)), '["09:30"]',
       now() - make_interval(secs => %(rows)s - n), now(),
       CASE WHEN mod(n, 10) = 8 THEN NULL ELSE 'Queued for delivery' END,
       mod(n, 10) < 7, 'user' || (mod(n, 12)), 'DESK' || (mod(n, 20)),
       CASE WHEN mod(n, 10) = 8 THEN 'Read timeout from PatientComms' END
FROM generate_series(1, %(rows)s) AS n
"""


def seed(server: PgServer, dbname: str, rows: int) -> float:
    from voicecall_desktop.store_pg.schema import migrate

    server.superuser_sql(f"CREATE DATABASE {dbname} OWNER {ADMIN}")
    server.superuser_sql("CREATE ROLE voicecall_desk NOLOGIN", f"GRANT voicecall_desk TO {APP}")
    started = time.perf_counter()
    from psycopg.rows import dict_row

    with server.connect(ADMIN, ADMIN_PASSWORD, dbname, row_factory=dict_row) as conn:
        migrate(conn, dbname)
        # The triggers notify per row: off for the seed (nobody listens yet).
        conn.execute("ALTER TABLE calls DISABLE TRIGGER calls_changed")
        conn.execute(SEED, {"rows": rows})
        conn.execute("ALTER TABLE calls ENABLE TRIGGER calls_changed")
        conn.execute("VACUUM ANALYZE calls")
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        assert size is not None  # an aggregate always has its one row
        print(f"  database size: {size['pg_database_size'] / 1e6:,.0f} MB", flush=True)
    return time.perf_counter() - started


def desk_worker(url: str, password: str, count_box: object, stalls: object, stop_at: float) -> None:
    import os

    os.environ["PGPASSWORD"] = password
    from voicecall_desktop.core.states import CallState
    from voicecall_desktop.store_pg import PgStore

    store = PgStore(url)
    token = store.lease.token
    worst = 0.0
    done = 0
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        record = store.calls.claim(token, respect_backoff=False)
        worst = max(worst, time.perf_counter() - started)
        if record is None:
            break
        time.sleep(0.02)  # the request to PatientComms
        started = time.perf_counter()
        store.calls.move(
            record.id,
            [CallState.SENDING],
            CallState.SENT,
            actor=token,
            owner=token,
            fields={"success": True, "owner": None},
        )
        worst = max(worst, time.perf_counter() - started)
        done += 1
    store.close()
    count_box.put((done, worst))  # type: ignore[attr-defined]


def flush_with(url: str, desks: int, seconds: float) -> tuple[float, float]:
    """(calls per second in all, the longest single database wait in ms)."""
    ctx = multiprocessing.get_context("spawn")
    box = ctx.Queue()
    stop_at = time.monotonic() + seconds + 5  # + start-up
    procs = [
        ctx.Process(target=desk_worker, args=(url, APP_PASSWORD, box, None, stop_at))
        for _ in range(desks)
    ]
    started = time.perf_counter()
    for proc in procs:
        proc.start()
    results = [box.get(timeout=300) for _ in procs]
    elapsed = time.perf_counter() - started
    for proc in procs:
        proc.join()
    done = sum(r[0] for r in results)
    return done / elapsed, max(r[1] for r in results) * 1000


def queue_outbox(server: PgServer, dbname: str, count: int) -> None:
    server.superuser_sql(
        "INSERT INTO calls (state, destination, destination_text, username, source, times) "
        f"SELECT 'queued', 447800000000 + n, '07800 ' || n, 'r', 'S', '[]' "
        f"FROM generate_series(1, {count}) AS n",
        dbname=dbname,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL is not installed (apt-get install postgresql postgresql-contrib)")
        return 1
    import psycopg

    from voicecall_desktop.store_pg import PgStore

    server = PgServer(bindir).start()
    results: list[Result] = []
    try:
        db = "bench"
        print(f"  seeding {args.rows:,} calls …", flush=True)
        print(f"  seeded in {seed(server, db, args.rows):.0f} s", flush=True)
        on = f"{args.rows:,} calls, PostgreSQL"
        import os

        os.environ["PGPASSWORD"] = APP_PASSWORD
        url = server.url(APP, db)
        store = PgStore(url)
        bare = psycopg.connect(
            host=server.host,
            port=server.port,
            user=APP,
            password=APP_PASSWORD,
            dbname=db,
            sslmode="disable",
        )
        bare_ms = median_ms(
            lambda: bare.execute(f"SELECT * FROM calls ORDER BY id DESC LIMIT {PAGE}").fetchall()
        )
        for what, search in (
            ("newest page (200)", ""),
            ("search part of a number", "900123"),
            ("search a whole number", "07700 900123"),
            ("search words", "timeout"),
        ):
            value = median_ms(partial(store.calls.page, search=search, limit=PAGE))
            results.append(Result(what, on, value, "ms", bare_ms, "bare SELECT newest 200", GOAL))
        store.close()
        bare.close()
        report(results)

        flushing: list[Result] = []
        queue_outbox(server, db, 400)
        one_rate, one_stall = flush_with(url, 1, 10)
        queue_outbox(server, db, 400 * args.desks)
        rate, stall = flush_with(url, args.desks, 10)
        flushing.append(
            Result(
                f"{args.desks} desks flushing: calls/s",
                on,
                rate,
                "calls/s",
                one_rate,
                "one desk",
                "",
            )
        )
        flushing.append(
            Result(
                f"{args.desks} desks flushing: longest DB wait",
                on,
                stall,
                "ms",
                one_stall,
                "one desk",
                "< 250 ms",
            )
        )
        report(flushing)
        results += flushing
    finally:
        server.stop()
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
