"""``voicecall db status | migrate | password set | password clear`` (CONTRACT.md, shared store).

Wiring (in the CLI package): ``register(commands)`` adds the ``db`` parser;
the command's function is :func:`cmd_db`. Exit 0, or 2 with the reason.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

log = logging.getLogger(__name__)

EXIT_OK, EXIT_INPUT = 0, 2


def register(commands: argparse._SubParsersAction[Any]) -> None:
    db = commands.add_parser("db", help="the shared store (PostgreSQL): status, schema, password")
    actions = db.add_subparsers(dest="db_action", required=True, metavar="ACTION")
    status = actions.add_parser("status", help="which store is in use and whether it is reachable")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    actions.add_parser("migrate", help="create or upgrade the shared schema (as its owner)")
    password = actions.add_parser("password", help="the database password in the OS keyring")
    password_actions = password.add_subparsers(dest="password_action", required=True)
    password_actions.add_parser("set", help="store the password read from standard input")
    password_actions.add_parser("clear", help="remove the stored password")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_db(args: argparse.Namespace) -> int:
    from voicecall_desktop.paths import home_dir
    from voicecall_desktop.secrets import KeyringUnavailable
    from voicecall_desktop.store.errors import StoreError
    from voicecall_desktop.store_pg import admin

    home = home_dir()
    try:
        if args.db_action == "status":
            return _status(admin.status(home), as_json=bool(getattr(args, "json", False)))
        if args.db_action == "migrate":
            where, before, after = admin.migrate(home)
            if before == after:
                _say(f"The shared store at {where} is up to date (schema {after}).")
            else:
                _say(f"The shared store at {where} is now at schema {after} (was {before}).")
            return EXIT_OK
        if args.password_action == "set":
            admin.set_password(home, sys.stdin.readline())
            _say("The database password is stored in the OS keyring.")
            return EXIT_OK
        removed = admin.clear_password(home)
        _say("The database password was removed." if removed else "No password was stored.")
        return EXIT_OK
    except (StoreError, KeyringUnavailable) as exc:
        _say(str(exc))
    except ValueError as exc:  # an empty password: the message names the field
        _say(str(exc))
    return EXIT_INPUT


def _status(found: Any, *, as_json: bool) -> int:
    if as_json:
        sys.stdout.write(json.dumps(found.to_json(), indent=2) + "\n")
    store = "this PC's own store (SQLite)" if found.store == "sqlite" else "the shared store"
    _say(f"Store: {store}, {found.location}")
    if found.ok:
        _say(f"Reachable; schema {found.schema_version}.")
        return EXIT_OK
    _say(found.message)
    return EXIT_INPUT
