"""One rotating log file per data folder, with personal data masked.

Modules log through ``logging.getLogger(__name__)``. As a safety net, every
record passes a filter that masks anything shaped like a phone number (all
but the last three digits) or an API key (a GUID) before it is written.
"""

from __future__ import annotations

import logging
import re
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

from voicecall_desktop.paths import log_dir, private_file

_GUID = re.compile(
    r"\b[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\b"
)
# "scheme://user:password@host": whatever sits between "//" and "@" (httpx logs whole URLs).
_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://)[^/\s@?#]*@")
_NUMBER = re.compile(r"(?<![\w*])(\+?\d[\d ]{5,18}\d)(?!\w)")
_LOG_FILE = "voicecall.log"


def _mask_digits(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(1))
    if len(digits) < 7:
        return match.group(0)
    return "*" * (len(digits) - 3) + digits[-3:]


def scrub(text: str) -> str:
    """Mask API keys, phone numbers and credentials in URLs in free text."""
    text = _USERINFO.sub(r"\1***@", text)
    return _NUMBER.sub(_mask_digits, _GUID.sub("********-****", text))


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose files are ``0600`` on POSIX: they hold masked, but still
    personal, details of patients' calls."""

    def _open(self) -> TextIOWrapper:
        private_file(Path(self.baseFilename))
        return super()._open()


def log_path(home: Path) -> Path:
    return log_dir(home) / _LOG_FILE


def configure(home: Path, *, level: int = logging.INFO) -> Path:
    """Send this process's logging to ``home/logs/voicecall.log`` (rotating)."""
    path = log_path(home)
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_voicecall", False):
            root.removeHandler(old)
            old.close()
    handler: logging.Handler
    try:
        handler = PrivateRotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a read-only folder must not stop the program
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(ScrubFilter())
    setattr(handler, "_voicecall", True)  # noqa: B010 - marks our own handler for reconfigure
    root.addHandler(handler)
    root.setLevel(level)
    return path
