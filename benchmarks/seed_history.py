"""Fill a call database with realistic history, through the store's own code.

    python benchmarks/seed_history.py --home DIR --rows 1000000

Rows are written by ``CallStore.create_many`` (the path a CSV call list takes), in
chunks of one transaction each. A call's later life — sent, rejected, unknown, with
the API's answer, the request as sent (key masked) and the response body — is then
filled in for the chunk with one ``executemany`` UPDATE inside the store's own
``Database.transaction``: replaying ``CallStore.move`` once per call (one fsync'd
transaction each) would take hours for a million calls and measure nothing the
benchmarks look at.

The mix: about 20 000 patients' numbers (the Ofcom drama ranges, so any of them can be
searched for) plus synthetic mobile numbers for the rest, two years of bookings with
ids rising with time, one to three times a day, twelve receptionists on three
machines, and states 88 % sent, 4 % rejected, 2 % unknown, 0.5 % queued, 5.5 % draft.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.phone import format_destination
from voicecall_desktop.core.states import CallState
from voicecall_desktop.paths import database_path
from voicecall_desktop.store import CallStore, open_database

DRAMA_PREFIXES = (
    "447700900",
    "442079460",
    "441134960",
    "441144960",
    "441154960",
    "441164960",
    "441174960",
    "441184960",
    "441214960",
    "441314960",
    "441414960",
    "441514960",
    "441614960",
    "441632960",
    "442896496",
    "442920180",
    "443069990",
    "448081570",
    "449098790",
    "441914980",
)
#: A number every seeded database holds a few calls for (to search by).
KNOWN_NUMBER = "07700 900123"
STATES = (
    (CallState.SENT, 0.88),
    (CallState.REJECTED, 0.04),
    (CallState.UNKNOWN, 0.02),
    (CallState.QUEUED, 0.005),
    (CallState.DRAFT, 0.055),
)
SENT_STATUSES = ("Queued", "Delivered", "Answered", "No answer", "Voicemail", "Busy")
REJECTIONS = (
    ({"Destination": "Number is barred"}, "Number is barred"),
    ({"Source": "Source is not registered"}, "Source is not registered"),
    ({"HTTP": "401 Unauthorized"}, "401 Unauthorized"),
)
USERS = tuple(f"reception{i:02d}" for i in range(12))
SOURCES = ("HighStSurgery", "Surgery", "GreenLaneMC", "DrPatel")
SITES = ("", "site-high-st", "site-green-lane")
SLOTS = tuple(clock(h, m) for h in range(8, 19) for m in (0, 15, 30, 45))
UNKNOWN_REASONS = (
    "PatientComms did not answer in time. The call may have been booked: check before "
    "sending it again.",
    "The program stopped while this call was being sent; it may or may not have reached "
    "PatientComms. Check before sending again.",
)


def patients(rng: random.Random, count: int) -> list[int]:
    drama = [int(p + f"{i:03d}") for p in DRAMA_PREFIXES for i in range(1000)]
    rng.shuffle(drama)
    pool = drama[:count]
    while len(pool) < count:
        pool.append(447000000000 + rng.randrange(1_000_000_000))
    return pool


def pick_state(roll: float) -> CallState:
    total = 0.0
    for state, share in STATES:
        total += share
        if roll < total:
            return state
    return CallState.SENT


def seed(
    home: Path, rows: int, *, chunk: int = 20_000, seed: int = 1, quiet: bool = False
) -> float:
    """Add ``rows`` calls to the database in ``home``; returns rows per second."""
    rng = random.Random(seed)
    home.mkdir(parents=True, exist_ok=True)
    db = open_database(database_path(home))
    calls = CallStore(db)
    pool = patients(rng, max(1000, min(rows // 4, 20_000 + rows // 10)))
    known = 447700900123
    first_day = date.today() - timedelta(days=730)
    span = timedelta(days=730).total_seconds()
    existing = calls.count()
    message_id = 1_000_000 + existing
    started = time.perf_counter()
    done = 0
    while done < rows:
        size = min(chunk, rows - done)
        items: list[tuple[CallForm, CallSpec | None]] = []
        later: list[dict[str, object]] = []
        for n in range(size):
            k = done + n
            destination = known if k % 50_000 == 7 else rng.choice(pool)
            booked = datetime.combine(first_day, clock(), UTC) + timedelta(seconds=span * k / rows)
            day = booked.date() + timedelta(days=rng.randrange(0, 15))
            times = tuple(sorted(rng.sample(SLOTS, rng.choice((1, 1, 1, 2, 3)))))
            user, source, site = rng.choice(USERS), rng.choice(SOURCES), rng.choice(SITES)
            spec = CallSpec.model_construct(
                destination=destination,
                username=user,
                source=source,
                site=site or None,
                restrict_sends=rng.random() < 0.1,
                day=day,
                times=times,
            )
            form = CallForm.model_construct(
                destination=format_destination(destination) if k < 50 else f"+{destination}",
                username=user,
                source=source,
                site=site,
                restrict_sends=spec.restrict_sends,
                day=day,
                times=times,
            )
            items.append((form, spec))
            later.append(answer(rng, pick_state(rng.random()), booked, spec, message_id + k))
        ids = calls.create_many(
            items,
            CallState.QUEUED,
            actor=rng.choice(USERS),
            machine=f"PC-RECEPTION-{rng.randrange(3)}",
            note="seeded history",
        )
        updates = [(*extra.values(), call_id) for extra, call_id in zip(later, ids, strict=True)]
        names = ", ".join(f"{name} = ?" for name in later[0])
        with db.transaction() as tx:
            tx.executemany(f"UPDATE calls SET {names} WHERE id = ?", updates)
        done += size
        if not quiet:
            rate = done / (time.perf_counter() - started)
            print(f"\r  {done:,} / {rows:,} rows ({rate:,.0f} rows/s)", end="", flush=True)
    elapsed = time.perf_counter() - started
    db.close()
    if not quiet:
        print()
    return rows / elapsed if elapsed else float("inf")


def answer(
    rng: random.Random, state: CallState, booked: datetime, spec: CallSpec, message_id: int
) -> dict[str, object]:
    """The columns a call's life fills in after it is booked (same keys for every row)."""
    stamp = booked.isoformat()
    answered = (booked + timedelta(seconds=rng.uniform(0.2, 3))).isoformat()
    # Built by hand, in the encoder's exact shape: json.dumps per row would dominate.
    site = f'"CustomerSiteId":"{spec.site}",' if spec.site else ""
    times = ",".join(f'"{spec.day}T{t.hour:02d}:{t.minute:02d}:00+00:00"' for t in spec.times)
    body = (
        '{"APIKey":"********-****-****-****-************",'
        f'"Username":"{spec.username}","Destination":{spec.destination},'
        f'"Source":"{spec.source}",{site}"RestrictSends":{str(spec.restrict_sends).lower()},'
        f'"Date":"{spec.day}T00:00:00+00:00","Times":[{times}]}}'
    )
    row: dict[str, object] = {
        "state": state.value,
        "created_at": stamp,
        "updated_at": answered,
        "attempts": 0 if state in (CallState.DRAFT, CallState.QUEUED) else 1,
        "attempt_at": None,
        "answered_at": None,
        "request_format": None,
        "success": None,
        "status_id": None,
        "status": None,
        "errors": None,
        "message_id": None,
        "credits": None,
        "last_error": None,
        "request_body": None,
        "response_body": None,
        "reviewed": 0,
    }
    if state in (CallState.SENT, CallState.REJECTED, CallState.UNKNOWN):
        row.update(attempt_at=stamp, request_format="json", request_body=body)
    if state is CallState.SENT:
        status = rng.choice(SENT_STATUSES)
        left = max(0, 20_000_000 - message_id)
        response = (
            f'{{"StatusId":1,"Status":"{status}","Success":true,"Errors":{{}},'
            f'"MessageId":{message_id},"Credits":{left}}}'
        )
        row.update(
            answered_at=answered,
            success=1,
            status_id=1,
            status=status,
            message_id=message_id,
            credits=left,
            response_body=response,
        )
    elif state is CallState.REJECTED:
        errors, status = rng.choice(REJECTIONS)
        rejection = {"StatusId": 3, "Status": status, "Success": False, "Errors": errors}
        row.update(
            answered_at=answered,
            success=0,
            status_id=3,
            status=status,
            errors=json.dumps(errors),
            last_error="PatientComms refused the call: " + status,
            response_body=json.dumps(rejection),
        )
    elif state is CallState.UNKNOWN:
        row.update(last_error=rng.choice(UNKNOWN_REASONS), reviewed=int(rng.random() < 0.5))
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", required=True, type=Path, help="the VOICECALL_HOME to fill")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=20_000, help="rows per transaction")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rate = seed(args.home, args.rows, chunk=args.chunk, seed=args.seed)
    size = database_path(args.home).stat().st_size / 2**20
    print(
        f"seeded {args.rows:,} calls into {database_path(args.home)} in "
        f"{time.perf_counter() - started:.1f} s ({rate:,.0f} rows/s; file {size:,.0f} MB); "
        f"search for {KNOWN_NUMBER} to find a patient with history"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
