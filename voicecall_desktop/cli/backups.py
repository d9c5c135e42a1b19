"""``backup`` and ``restore``: the desk's own copies of its call database."""

from __future__ import annotations

import argparse
from pathlib import Path

from voicecall_desktop.cli.output import emit_json, say
from voicecall_desktop.cli.parser import EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from voicecall_desktop.service import Service

    if args.list:
        copies = Service.backups()
        if args.json:
            emit_json(
                [
                    {"file": str(c.path), "taken_at": c.taken_at.isoformat(), "size": c.size}
                    for c in copies
                ]
            )
        else:
            for copy in copies:
                print(f"{copy.path}\t{copy.taken_at:%d/%m/%Y %H:%M}\t{copy.size:,} bytes")
            say(f"{len(copies)} backup cop{'y' if len(copies) == 1 else 'ies'} kept.")
        return EXIT_OK
    with Service(daily_backup=False) as service:
        made = service.backup_now()
    if made is None:
        say("This store is a shared database: it is backed up on its server, not here.")
    else:
        say(f"Backup copy written: {made} (the last 7 are kept).")
    if args.json:
        emit_json({"file": str(made) if made else None})
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from voicecall_desktop.service import Service

    file = Path(args.file).expanduser()
    aside = Service.restore_backup(file)
    say(f"Restored the call database from {file}.")
    if aside is not None:
        say(f"The file it replaced is kept as {aside}.")
    say("Calls booked after that copy was taken are not in it: check the history.")
    if args.json:
        emit_json({"restored_from": str(file), "previous_file": str(aside) if aside else None})
    return EXIT_OK
