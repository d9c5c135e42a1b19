"""Who works where: the data folder, the signed-in user and the PC.

Every part of the service reads these from the one :class:`Desk` it is handed,
so that what it writes in the audit trail (who booked a call, on which PC, who
sent it again) is always who is working now.
"""

from __future__ import annotations

import getpass
import os
import socket
from dataclasses import dataclass
from pathlib import Path


def who() -> tuple[str, str]:
    """The user name and machine that book a call (for the audit trail)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = os.environ.get("USERNAME", "") or "unknown"
    return user, socket.gethostname()


@dataclass
class Desk:
    """The data folder, the signed-in user and the PC of one service."""

    home: Path
    user: str
    machine: str

    @property
    def actor(self) -> str:
        """``user@machine``: who made a move, as the audit trail says it."""
        return f"{self.user}@{self.machine}"
