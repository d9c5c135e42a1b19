"""``key``, ``do-not-call`` and ``settings``: what the calls depend on."""

from __future__ import annotations

import argparse
import sys

from voicecall_desktop.cli.calls import open_service
from voicecall_desktop.cli.output import emit_json, say, shown
from voicecall_desktop.cli.parser import EXIT_OK, UsageError


def _read_key() -> str:
    if sys.stdin is None or sys.stdin.closed:
        raise UsageError("APIKey: give the key on standard input")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("API key: ")
    return sys.stdin.readline()


def cmd_key(args: argparse.Namespace) -> int:
    # The key commands do not open the call store: they work beside a damaged one.
    from voicecall_desktop.service import ApiKeys

    keys = ApiKeys()
    if args.action == "set":
        text = _read_key()
        if not text.strip():
            raise UsageError("APIKey: no key was given on standard input")
        keys.store(text)
        say("API key stored in the system keyring.")
    elif args.action == "clear":
        say("API key removed." if keys.clear() else "No API key was stored.")
    stored = keys.is_stored()
    if args.action == "status":
        say("An API key is stored." if stored else "No API key is stored.")
    if args.json:
        emit_json({"stored": stored, "backend": keys.backend()})
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        if args.action == "set":
            name: str | None = args.name
            text: str | None = args.value
            if not name or text is None:
                raise UsageError("settings set: give a NAME and a VALUE")
            settings = service.update_setting(name, text)
        else:
            settings = service.settings()
        data = settings.model_dump(mode="json")
        # Where IT fixed each locked value (a file path or a registry key).
        locked = {name: service.policy.source(name) or "" for name in service.policy_locks()}
        if args.json:
            emit_json({**data, "set_by_it": locked})
        else:
            from voicecall_desktop.policy import SET_BY_IT

            for key, shown_value in data.items():
                mark = f"    [{SET_BY_IT}: {locked[key]}]" if key in locked else ""
                print(f"{key} = {shown_value}{mark}")
        return EXIT_OK


def cmd_do_not_call(args: argparse.Namespace) -> int:
    from voicecall_desktop.core.phone import format_destination
    from voicecall_desktop.core.schedule import LONDON, fmt_date

    with open_service(args) as service:
        if args.action == "list":
            entries = service.do_not_call_list()
            if args.json:
                emit_json(
                    [
                        {
                            "destination": e.destination,
                            "added_at": e.added_at.isoformat(),
                            "added_by": e.added_by,
                            "note": e.note,
                        }
                        for e in entries
                    ]
                )
            else:
                for e in entries:
                    note = shown(e.note)
                    added = fmt_date(e.added_at.astimezone(LONDON).date())  # dd/mm/yyyy
                    print(f"{format_destination(e.destination)}\t{added}\t{note}")
                say(f"{len(entries)} number(s) on the do-not-call list.")
            return EXIT_OK
        if args.action == "add":
            number, new = service.block(args.number, args.note)
            say(
                f"{format_destination(number)} "
                + ("added to the do-not-call list." if new else "was already on the list.")
            )
        else:
            number, removed = service.unblock(args.number)
            say(
                f"{format_destination(number)} "
                + ("removed from the do-not-call list." if removed else "was not on the list.")
            )
        return EXIT_OK
