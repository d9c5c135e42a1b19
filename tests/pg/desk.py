"""One desk process for the race tests: claims calls from the shared store and "sends" them.

``python -m tests.pg.desk URL SENT_LOG [HOLD_SECONDS]``

Sending is modelled at the one moment that matters: the line ``<call id>``
is appended (and flushed to disk) to SENT_LOG exactly where a real request
would leave for PatientComms, after the claim committed and before the answer
is recorded. A SIGKILL can land anywhere in between.
"""

from __future__ import annotations

import os
import sys
import time

from voicecall_desktop.core.states import CallState
from voicecall_desktop.store_pg import PgStore


def main() -> int:
    url, log_path = sys.argv[1], sys.argv[2]
    hold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    store = PgStore(url)
    print("ready", flush=True)
    token = store.lease.token
    with open(log_path, "a", buffering=1) as sent_log:
        while True:
            record = store.calls.claim(token, respect_backoff=False)
            if record is None:
                break
            sent_log.write(f"{record.id}\n")
            sent_log.flush()
            os.fsync(sent_log.fileno())
            if hold:
                time.sleep(hold)
            store.calls.move(
                record.id,
                [CallState.SENDING, CallState.UNKNOWN],
                CallState.SENT,
                actor=token,
                owner=token,
                fields={"success": True, "owner": None},
            )
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
