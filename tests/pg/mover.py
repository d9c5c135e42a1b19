"""``python -m tests.pg.mover URL HOME``: move a desk's own calls into the shared store, slowly.

Each call's move is followed by a short pause, so that a SIGKILL from the test
lands between (and inside) the steps of different calls.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from voicecall_desktop.store import open_store
from voicecall_desktop.store_pg import PgStore
from voicecall_desktop.store_pg.offline import move_offline_calls


def main() -> int:
    url, home = sys.argv[1], Path(sys.argv[2])
    shared = PgStore(url)
    local = open_store(home)
    print("ready", flush=True)
    real_delete = local.calls.delete_draft

    def slow_delete(call_id: int, *, actor: str) -> None:
        time.sleep(0.003)  # a wider window between the shared insert and the local delete
        real_delete(call_id, actor=actor)

    local.calls.delete_draft = slow_delete  # type: ignore[method-assign]
    report = move_offline_calls(local, shared.calls, actor="mover")
    print(f"moved {report.count}", flush=True)
    local.close()
    shared.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
