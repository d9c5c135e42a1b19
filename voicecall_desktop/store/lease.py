"""Is the process that claimed a call still alive?

Each process holds an exclusive OS lock on a file of its own under
``VOICECALL_HOME/leases`` for as long as it runs, and writes that file's name
(its *token*) on every call it claims. The OS drops the lock when the process
dies, however it dies (SIGKILL, power cut of the process, crash), so another
process can tell a live attempt from a dead one without trusting PIDs, which
get reused.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import uuid
from pathlib import Path
from typing import IO

from voicecall_desktop.paths import private_dir

if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


class ProcessLease:
    """This process's lease: held from construction until :meth:`release`."""

    def __init__(self, home: Path) -> None:
        self.folder = private_dir(home / "leases")
        self.token = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self._handle: IO[bytes] | None = open(self.folder / self.token, "a+b")  # noqa: SIM115
        if not _try_lock(self._handle):  # pragma: no cover - a fresh uuid cannot be taken
            raise RuntimeError("cannot lock a fresh lease file")

    def is_alive(self, token: str | None) -> bool:
        """True while the process holding ``token`` runs (ours always is)."""
        if not token:
            return False
        if token == self.token:
            return self._handle is not None
        path = self.folder / Path(token).name
        if not path.exists():
            return False
        try:
            handle = open(path, "a+b")  # noqa: SIM115
        except OSError:
            return True  # cannot tell: assume alive rather than steal a live attempt
        with handle:
            if not _try_lock(handle):
                return True
        with contextlib.suppress(OSError):
            path.unlink()
        return False

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            with contextlib.suppress(OSError):
                (self.folder / self.token).unlink()
