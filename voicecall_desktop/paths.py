"""Where the user's data lives: ``VOICECALL_HOME`` or the per-user, non-roaming app-data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "VoiceCall Desktop"
APP_AUTHOR = "PatientComms"


def home_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder, created if missing."""
    if override is not None:
        path = Path(override)
    elif os.environ.get("VOICECALL_HOME"):
        path = Path(os.environ["VOICECALL_HOME"])
    else:
        path = Path(user_data_dir(APP_DIR_NAME, APP_AUTHOR, roaming=False))
    path = path.expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path(home: Path) -> Path:
    return home / "voicecall.sqlite3"


def log_dir(home: Path) -> Path:
    path = home / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
