"""``voicecall``: the window's features without a window, for scripts and checks.

Messages for people go to standard error, data (``--json``) to standard
output. Exit codes are CONTRACT.md's: 0 accepted, 1 rejected, 2 bad input or
configuration (nothing sent), 3 not delivered (queued), 4 outcome unknown.
No traceback ever reaches the user: unexpected errors are logged and named.
Every command first reads the settings fixed by IT (``VOICECALL_POLICY``, the
registry policy keys on Windows): one it cannot use stops it with exit 2.

Each command's module is imported only when that command runs, and the
command line talks to :class:`voicecall_desktop.service.Service` only (never a
store, the keyring or sqlite3), so ``voicecall history`` starts quickly.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from voicecall_desktop.cli.output import say
from voicecall_desktop.cli.parser import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_QUEUED,
    EXIT_REJECTED,
    EXIT_UNKNOWN,
    UsageError,
    build_parser,
)
from voicecall_desktop.core.errors import FieldError, InputErrors

log = logging.getLogger(__name__)

Command = Callable[[argparse.Namespace], int]


def _command(name: str) -> Command:
    """The function for a command, importing only its own module."""
    if name in ("send", "outbox", "history", "batch", "purge"):
        from voicecall_desktop.cli import calls

        return {
            "send": calls.cmd_send,
            "outbox": calls.cmd_outbox,
            "history": calls.cmd_history,
            "batch": calls.cmd_batch,
            "purge": calls.cmd_purge,
        }[name]
    if name in ("key", "settings", "do-not-call"):
        from voicecall_desktop.cli import lists

        return {
            "key": lists.cmd_key,
            "settings": lists.cmd_settings,
            "do-not-call": lists.cmd_do_not_call,
        }[name]
    if name == "db":
        from voicecall_desktop.cli_db import cmd_db

        return cmd_db
    from voicecall_desktop.cli import tools

    if name in ("backup", "restore"):
        from voicecall_desktop.cli import backups

        return {"backup": backups.cmd_backup, "restore": backups.cmd_restore}[name]
    return {"sandbox": tools.cmd_sandbox, "self-test": tools.cmd_self_test}[name]


def _refusals() -> tuple[type[Exception], ...]:
    """Bad key or configuration: exit 2. (Evaluated only when something was raised.)"""
    from voicecall_desktop.api import ConfigurationError
    from voicecall_desktop.service import BadKey, MissingKey

    return (BadKey, MissingKey, UsageError, ConfigurationError)


def _unusable() -> tuple[type[Exception], ...]:
    """The store or the keyring cannot be used: exit 2 with their own message."""
    from voicecall_desktop.service import KeyringUnavailable, StoreError

    return (StoreError, KeyringUnavailable)


def _load_policy(args: argparse.Namespace) -> bool:
    """Read the settings fixed by IT into ``args.policy``; False (and said why) if unusable."""
    from voicecall_desktop.policy import PolicyError, load_policy

    try:
        args.policy = load_policy()
    except PolicyError as exc:
        log.error("policy refused: %s", exc)
        say(f"Settings fixed by your IT department cannot be used: {exc}")
        say("Nothing was done. Ask IT to correct the policy.")
        return False
    return True


def run(argv: Sequence[str] | None = None) -> int:
    """Parse and run one command; every expected failure becomes a message and a code."""
    args = build_parser().parse_args(argv)
    if not _load_policy(args):
        return EXIT_INPUT
    try:
        return _command(args.command)(args)
    except InputErrors as exc:
        flags: list[str] = getattr(exc, "flags", [])
        for error in exc.errors:
            say(f"{error.field}: {error.message}")
        if flags:
            say(f"To book it anyway, give {' and '.join(flags)}.")
        say("Nothing was sent.")
    except FieldError as exc:
        say(f"{exc.field}: {exc.message}")
    except _refusals() as exc:
        say(getattr(exc, "message", None) or str(exc))
        if args.command in ("send", "outbox", "batch"):
            say("Nothing was sent.")
    except _unusable() as exc:
        say(str(exc))
    return EXIT_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    from voicecall_desktop import logs
    from voicecall_desktop.paths import home_dir

    try:
        log_file = logs.configure(home_dir())
    except OSError as exc:
        say(f"VOICECALL_HOME: cannot use the data folder ({exc.strerror or exc}).")
        return EXIT_INPUT
    try:
        return run(argv)
    except KeyboardInterrupt:
        say("Interrupted.")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        log.critical("unexpected error in voicecall %s", sys.argv[1:2], exc_info=True)
        say(f"Unexpected error; nothing more was done. Details are in {log_file}.")
        return EXIT_INTERNAL


__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_QUEUED",
    "EXIT_REJECTED",
    "EXIT_UNKNOWN",
    "UsageError",
    "build_parser",
    "main",
    "run",
]
