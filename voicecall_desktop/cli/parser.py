"""The ``voicecall`` command line: its arguments, exit codes and usage errors."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from voicecall_desktop import __version__

EXIT_OK, EXIT_REJECTED, EXIT_INPUT, EXIT_QUEUED, EXIT_UNKNOWN = 0, 1, 2, 3, 4
EXIT_INTERNAL = 70


class UsageError(Exception):
    """Bad input or configuration: exit 2, nothing sent."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"voicecall: {message}\n")


def _confirmations(command: argparse.ArgumentParser) -> None:
    """The flags that book a call the practice's hours would otherwise refuse."""
    command.add_argument(
        "--outside-hours", action="store_true", help="book times in the practice's quiet hours"
    )
    command.add_argument(
        "--on-holiday",
        action="store_true",
        help="book a bank holiday or a day the practice is closed",
    )
    command.add_argument(
        "--far-ahead", action="store_true", help="book a day more than a year ahead"
    )


def _calls(commands: argparse._SubParsersAction[_Parser]) -> None:
    send = commands.add_parser("send", help="validate, record and send one call")
    send.add_argument(
        "--destination", required=True, help="the patient's number, e.g. 07700 900123"
    )
    send.add_argument("--source", help="sender name shown to the patient (3-14 characters)")
    send.add_argument("--username", help="PatientComms user name")
    send.add_argument("--site", help="CustomerSiteId (up to 100 characters)")
    send.add_argument("--restrict-sends", action="store_true", help="set RestrictSends")
    send.add_argument("--date", help="the call's day, YYYY-MM-DD")
    send.add_argument("--time", action="append", default=[], help="HH:MM; repeat for several")
    send.add_argument("--format", choices=["json", "xml"], help="request body format")
    send.add_argument("--base-url", help="API base URL")
    send.add_argument("--json", action="store_true", help="print the call record as JSON")
    _confirmations(send)

    outbox = commands.add_parser("outbox", help="list queued calls; --flush sends them now")
    outbox.add_argument("--flush", action="store_true")
    outbox.add_argument("--base-url")
    outbox.add_argument("--json", action="store_true")

    history = commands.add_parser("history", help="list calls, newest first")
    history.add_argument("--limit", type=int, default=50)
    history.add_argument("--search", default="", help="a number, part of one, or status text")
    history.add_argument("--json", action="store_true")

    batch = commands.add_parser("batch", help="book one call per row of a CSV file")
    batch.add_argument("file")
    batch.add_argument("--dry-run", action="store_true", help="only validate")
    batch.add_argument("--skip-invalid", action="store_true", help="queue the valid rows anyway")
    batch.add_argument(
        "--allow-repeat",
        action="store_true",
        help="book rows whose number already has a call that day",
    )
    _confirmations(batch)
    batch.add_argument("--base-url")
    batch.add_argument("--json", action="store_true")

    purge = commands.add_parser("purge", help="delete calls older than the retention setting")
    purge.add_argument("--days", type=int, help="override the retention setting")
    purge.add_argument("--json", action="store_true")


def _lists(commands: argparse._SubParsersAction[_Parser]) -> None:
    key = commands.add_parser("key", help="the API key in the OS keyring")
    key.add_argument("action", choices=["set", "clear", "status"])
    key.add_argument("--json", action="store_true")

    dnc = commands.add_parser("do-not-call", help="numbers patients asked never to be called")
    dnc_actions = dnc.add_subparsers(dest="action", required=True, parser_class=_Parser)
    dnc_add = dnc_actions.add_parser("add")
    dnc_add.add_argument("number")
    dnc_add.add_argument("--note", default="")
    dnc_remove = dnc_actions.add_parser("remove")
    dnc_remove.add_argument("number")
    dnc_list = dnc_actions.add_parser("list")
    dnc_list.add_argument("--json", action="store_true")

    settings = commands.add_parser("settings", help="show or change saved settings")
    settings.add_argument("action", choices=["show", "set"], nargs="?", default="show")
    settings.add_argument("name", nargs="?")
    settings.add_argument("value", nargs="?")
    settings.add_argument("--json", action="store_true")


def _tools(commands: argparse._SubParsersAction[_Parser]) -> None:
    sandbox = commands.add_parser("sandbox", help="serve an imitation of the API on 127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument("--mode", default="ok", help="misbehave for training: reject, slow, ...")
    sandbox.add_argument("--delay", type=float, default=0.0)
    sandbox.add_argument("--credits", type=int, default=1000)

    commands.add_parser("self-test", help="check that the install works")

    backup = commands.add_parser("backup", help="copy the call database into backups/ now")
    backup.add_argument("--list", action="store_true", help="list the copies kept instead")
    backup.add_argument("--json", action="store_true")

    restore = commands.add_parser("restore", help="put a backup copy in place of the call database")
    restore.add_argument("file", help="a copy from the data folder's backups/ (see backup --list)")
    restore.add_argument("--json", action="store_true")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="voicecall", description="Book automated patient voice calls.")
    parser.add_argument("--version", action="version", version=f"voicecall {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _calls(commands)
    _lists(commands)
    _tools(commands)
    from voicecall_desktop.cli_db import register  # argparse only: no store, no psycopg

    register(commands)
    return parser
