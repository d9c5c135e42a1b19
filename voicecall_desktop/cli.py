"""``voicecall``: the window's features without a window, for scripts and checks.

Messages for people go to standard error, data (``--json``) to standard
output. Exit codes are CONTRACT.md's: 0 accepted, 1 rejected, 2 bad input or
configuration (nothing sent), 3 not delivered (queued), 4 outcome unknown.
No traceback ever reaches the user: unexpected errors are logged and named.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any, NoReturn, TextIO

from voicecall_desktop import __version__
from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.phone import format_destination
from voicecall_desktop.core.schedule import fmt_date, parse_clock, parse_day
from voicecall_desktop.core.states import CallState, Outcome

log = logging.getLogger(__name__)

EXIT_OK, EXIT_REJECTED, EXIT_INPUT, EXIT_QUEUED, EXIT_UNKNOWN = 0, 1, 2, 3, 4
EXIT_INTERNAL = 70
OUTCOME_EXIT = {
    Outcome.ACCEPTED: EXIT_OK,
    Outcome.REJECTED: EXIT_REJECTED,
    Outcome.NOT_DELIVERED: EXIT_QUEUED,
    Outcome.UNKNOWN: EXIT_UNKNOWN,
}


class UsageError(Exception):
    """Bad input or configuration: exit 2, nothing sent."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"voicecall: {message}\n")


def say(message: str, stream: TextIO | None = None) -> None:
    print(message, file=stream or sys.stderr)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# -- argument parsing -------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="voicecall", description="Book automated patient voice calls.")
    parser.add_argument("--version", action="version", version=f"voicecall {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

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

    outbox = commands.add_parser("outbox", help="list queued calls; --flush sends them now")
    outbox.add_argument("--flush", action="store_true")
    outbox.add_argument("--base-url")
    outbox.add_argument("--json", action="store_true")

    history = commands.add_parser("history", help="list calls, newest first")
    history.add_argument("--limit", type=int, default=50)
    history.add_argument("--search", default="", help="a number, part of one, or status text")
    history.add_argument("--json", action="store_true")

    key = commands.add_parser("key", help="the API key in the OS keyring")
    key.add_argument("action", choices=["set", "clear", "status"])
    key.add_argument("--json", action="store_true")

    sandbox = commands.add_parser("sandbox", help="serve an imitation of the API on 127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8765)
    sandbox.add_argument("--mode", default="ok", help="misbehave for training: reject, slow, ...")
    sandbox.add_argument("--delay", type=float, default=0.0)
    sandbox.add_argument("--credits", type=int, default=1000)

    commands.add_parser("self-test", help="check that the install works")

    dnc = commands.add_parser("do-not-call", help="numbers patients asked never to be called")
    dnc_actions = dnc.add_subparsers(dest="action", required=True, parser_class=_Parser)
    dnc_add = dnc_actions.add_parser("add")
    dnc_add.add_argument("number")
    dnc_add.add_argument("--note", default="")
    dnc_remove = dnc_actions.add_parser("remove")
    dnc_remove.add_argument("number")
    dnc_list = dnc_actions.add_parser("list")
    dnc_list.add_argument("--json", action="store_true")

    batch = commands.add_parser("batch", help="book one call per row of a CSV file")
    batch.add_argument("file")
    batch.add_argument("--dry-run", action="store_true", help="only validate")
    batch.add_argument("--skip-invalid", action="store_true", help="queue the valid rows anyway")
    batch.add_argument("--base-url")
    batch.add_argument("--json", action="store_true")

    purge = commands.add_parser("purge", help="delete calls older than the retention setting")
    purge.add_argument("--days", type=int, help="override the retention setting")
    purge.add_argument("--json", action="store_true")

    settings = commands.add_parser("settings", help="show or change saved settings")
    settings.add_argument("action", choices=["show", "set"], nargs="?", default="show")
    settings.add_argument("name", nargs="?")
    settings.add_argument("value", nargs="?")
    settings.add_argument("--json", action="store_true")
    return parser


# -- commands ---------------------------------------------------------------


def _service(args: argparse.Namespace) -> Any:
    from voicecall_desktop.service import Service

    base_url = getattr(args, "base_url", None)
    if base_url:
        from voicecall_desktop.api import check_base_url

        check_base_url(base_url)
    return Service(base_url=base_url)


def _describe(record: Any) -> str:
    number = (
        format_destination(record.destination) if record.destination else record.destination_text
    )
    when = ""
    if record.day:
        when = " on " + fmt_date(record.day)
        if record.times:
            when += " at " + ", ".join(t.strftime("%H:%M") for t in record.times)
    line = f"#{record.id} {record.state.label:<15} {number}{when}"
    if record.status:
        line += f" · {record.status}"
    if record.message_id is not None:
        line += f" · message {record.message_id}"
    return line


def cmd_send(args: argparse.Namespace) -> int:
    errors: list[FieldError] = []
    day: date | None = None
    times: list[time] = []
    try:
        day = parse_day(args.date) if args.date else None
    except FieldError as exc:
        errors.append(exc)
    for text in args.time:
        try:
            times.append(parse_clock(text))
        except FieldError as exc:
            errors.append(exc)
    service = _service(args)
    try:
        settings = service.settings()
        form = CallForm(
            destination=args.destination,
            username=args.username if args.username is not None else settings.username,
            source=args.source if args.source is not None else settings.source,
            site=args.site if args.site is not None else settings.site,
            restrict_sends=args.restrict_sends or settings.restrict_sends,
            day=day,
            times=tuple(times),
        )
        try:
            spec, notes = service.validate(form)
        except InputErrors as exc:
            errors.extend(e for e in exc.errors if e.field not in {f.field for f in errors})
        if errors:
            raise InputErrors(errors)
        from voicecall_desktop.api import check_base_url

        check_base_url(service.base_url(settings))
        service.api_key()  # refuse before recording anything when there is no key
        for note in notes:
            say(f"Note: {note}")
        for other in service.same_day(spec):
            say(
                f"Warning: {format_destination(spec.destination)} already has call #{other.id} "
                f"({other.state.label.lower()}) on {fmt_date(spec.day or date.today())}."
            )
        submitted = service.submit(form)
        result = service.send_one(submitted.record.id, fmt=args.format)
        if result is None:  # another process took it between the two steps: it will send it
            record = service.get(submitted.record.id)
            say(f"Call #{submitted.record.id} is being sent by another VoiceCall program.")
            if args.json:
                emit_json(record.to_json())
            return EXIT_QUEUED
        _report_attempt(result)
        if args.json:
            emit_json(result.record.to_json())
        return OUTCOME_EXIT[result.outcome]
    finally:
        service.close()


def _report_attempt(result: Any) -> None:
    record = result.record
    if result.outcome is Outcome.ACCEPTED:
        say(f"Booked: call #{record.id}, message {record.message_id}, credits {record.credits}.")
    elif result.outcome is Outcome.REJECTED:
        say(f"Rejected: call #{record.id}. {result.message}")
    elif result.outcome is Outcome.NOT_DELIVERED:
        say(f"Not sent: call #{record.id} is queued in the outbox. {result.message}")
    else:
        say(f"Outcome unknown: call #{record.id} is held for review. {result.message}")


def _summarise_flush(report: Any) -> int:
    """Tell the person what a flush did; its exit code."""
    if report.stopped:
        say(f"Stopped: {report.stopped}")
    say(
        f"Sent {report.count(Outcome.ACCEPTED)}, rejected {report.count(Outcome.REJECTED)}, "
        f"unknown {report.count(Outcome.UNKNOWN)}; {report.still_queued} still queued."
    )
    return int(report.exit_code)


def cmd_outbox(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        if not args.flush:
            page = service.calls.page(
                states=[CallState.QUEUED, CallState.SENDING], oldest_first=True, limit=100_000
            )
            if args.json:
                emit_json([r.to_json() for r in page.rows])
            else:
                for record in page.rows:
                    print(_describe(record))
                say(f"{len(page.rows)} call(s) in the outbox.")
            return EXIT_OK
        from voicecall_desktop.api import check_base_url

        check_base_url(service.base_url())
        if service.calls.count([CallState.QUEUED]) == 0:
            say("The outbox is empty.")
            if args.json:
                emit_json([])
            return EXIT_OK
        report = service.flush(on_result=_report_attempt)
        if args.json:
            emit_json([r.record.to_json() for r in report.results])
        return _summarise_flush(report)
    finally:
        service.close()


def cmd_history(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit: must be 1 or more")
    service = _service(args)
    try:
        page = service.calls.page(search=args.search, limit=args.limit)
        if args.json:
            emit_json([r.to_json() for r in page.rows])
        else:
            for record in page.rows:
                print(_describe(record))
            if not page.rows:
                say("No calls found.")
        return EXIT_OK
    finally:
        service.close()


def cmd_key(args: argparse.Namespace) -> int:
    from voicecall_desktop.secrets import KeyStore

    keys = KeyStore()
    if args.action == "set":
        if sys.stdin is None or sys.stdin.closed:
            raise UsageError("APIKey: give the key on standard input")
        if sys.stdin.isatty():
            import getpass

            text = getpass.getpass("API key: ")
        else:
            text = sys.stdin.readline()
        if not text.strip():
            raise UsageError("APIKey: no key was given on standard input")
        keys.set(text)
        say("API key stored in the system keyring.")
    elif args.action == "clear":
        say("API key removed." if keys.delete() else "No API key was stored.")
    stored = keys.is_stored()
    if args.action == "status":
        say("An API key is stored." if stored else "No API key is stored.")
    if args.json:
        emit_json({"stored": stored, "backend": keys.backend_name()})
    return EXIT_OK


def cmd_sandbox(args: argparse.Namespace) -> int:
    from voicecall_desktop.sandbox import serve

    def ready(port: int) -> None:
        print(f"http://127.0.0.1:{port}/", flush=True)
        say(
            f"Sandbox listening on http://127.0.0.1:{port}/ (Ctrl+C to stop). No patient is called."
        )

    try:
        serve(port=args.port, mode=args.mode, delay=args.delay, credits=args.credits, ready=ready)
    except OSError as exc:
        raise UsageError(
            f"--port: cannot listen on 127.0.0.1:{args.port} ({exc.strerror})"
        ) from None
    except ValueError as exc:
        raise UsageError(f"--mode: {exc}") from None
    return EXIT_OK


def cmd_self_test(args: argparse.Namespace) -> int:
    failures = 0

    def check(name: str, action: Callable[[], str]) -> None:
        nonlocal failures
        try:
            detail = action()
        except Exception as exc:  # a self-test reports every failure, whatever it is
            failures += 1
            say(f"FAIL {name}: {type(exc).__name__}: {exc}")
            log.exception("self-test %s failed", name)
        else:
            say(f"ok   {name}: {detail}")

    def qt() -> str:
        from PySide6 import QtCore, QtGui, QtWidgets  # noqa: F401

        return f"Qt {QtCore.qVersion()}"

    def database() -> str:
        service = _service(args)
        try:
            return f"{service.db.path} ({service.db.integrity_check()})"
        finally:
            service.close()

    def keyring_() -> str:
        from voicecall_desktop.secrets import KeyStore

        keys = KeyStore()
        stored = keys.is_stored()
        return f"{keys.backend_name()}, key {'stored' if stored else 'not stored'}"

    def tls() -> str:
        import ssl

        import truststore

        truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        return "OS certificate store available"

    def zones() -> str:
        from voicecall_desktop.core.schedule import LONDON

        return f"{LONDON.key} {datetime.now(LONDON).strftime('%z')}"

    for name, action in (
        ("Qt", qt),
        ("database", database),
        ("keyring", keyring_),
        ("TLS", tls),
        ("time zones", zones),
    ):
        check(name, action)
    say("Self-test passed." if not failures else f"Self-test: {failures} check(s) failed.")
    return EXIT_OK if not failures else EXIT_REJECTED


def cmd_settings(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    service = _service(args)
    try:
        settings = service.settings()
        if args.action == "set":
            if not args.name or args.value is None:
                raise UsageError("settings set: give a NAME and a VALUE")
            if args.name not in type(settings).model_fields:
                names = ", ".join(type(settings).model_fields)
                raise UsageError(f"{args.name}: not a setting; choose one of {names}")
            value: Any = args.value
            if args.name == "restrict_sends":
                value = args.value.strip().lower() in ("1", "true", "yes", "on")
            try:
                setattr(settings, args.name, value)
            except ValidationError as exc:
                problem = exc.errors()[0]["msg"]
                raise UsageError(f"{args.name}: {problem}") from None
            service.save_settings(settings)
        data = settings.model_dump()
        if args.json:
            emit_json(data)
        else:
            for name, value in data.items():
                print(f"{name} = {value}")
        return EXIT_OK
    finally:
        service.close()


def cmd_do_not_call(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        if args.action == "list":
            rows = service.do_not_call.all()
            if args.json:
                emit_json(
                    [
                        {
                            "destination": r["destination"],
                            "added_at": r["added_at"],
                            "added_by": r["added_by"],
                            "note": r["note"],
                        }
                        for r in rows
                    ]
                )
            else:
                for r in rows:
                    print(
                        f"{format_destination(r['destination'])}\t{r['added_at'][:10]}\t{r['note']}"
                    )
                say(f"{len(rows)} number(s) on the do-not-call list.")
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
    finally:
        service.close()


def cmd_batch(args: argparse.Namespace) -> int:
    from pathlib import Path

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"FILE: cannot read {args.file} ({exc.strerror or exc})") from None
    service = _service(args)
    try:
        batch = service.read_batch(data)
        invalid = batch.invalid
        summary: dict[str, Any] = {
            "rows": len(batch.rows),
            "valid": len(batch.valid_rows),
            "invalid": [p.to_json() for p in invalid],
            "queued": 0,
        }
        for problem in invalid:
            say(f"row {problem.row}: {problem.field}: {problem.message}")
        refused = bool(invalid) and not args.skip_invalid
        if args.dry_run or refused or not batch.valid_rows:
            if args.json:
                emit_json(summary)
            if refused:
                say(f"{len(invalid)} problem(s) found; nothing was queued.")
                return EXIT_INPUT
            say(f"{len(batch.valid_rows)} of {len(batch.rows)} row(s) are valid.")
            return EXIT_OK
        from voicecall_desktop.api import check_base_url

        check_base_url(service.base_url())
        service.api_key()  # no key: queue nothing rather than strand the list
        ids = service.queue_batch(batch)
        summary["queued"] = len(ids)
        say(f"Queued {len(ids)} call(s); sending.")
        report = service.flush(on_result=_report_attempt)
        if args.json:
            emit_json(summary)
        return _summarise_flush(report)
    finally:
        service.close()


def cmd_purge(args: argparse.Namespace) -> int:
    if args.days is not None and args.days < 1:
        raise UsageError("--days: must be 1 or more")
    service = _service(args)
    try:
        removed = service.purge(days=args.days)
        say(f"Purged {removed} call(s) past the retention period.")
        if args.json:
            emit_json({"purged": removed})
        return EXIT_OK
    finally:
        service.close()


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "send": cmd_send,
    "outbox": cmd_outbox,
    "history": cmd_history,
    "key": cmd_key,
    "sandbox": cmd_sandbox,
    "self-test": cmd_self_test,
    "settings": cmd_settings,
    "do-not-call": cmd_do_not_call,
    "batch": cmd_batch,
    "purge": cmd_purge,
}


def run(argv: Sequence[str] | None = None) -> int:
    """Parse and run one command; every expected failure becomes a message and a code."""
    from voicecall_desktop.api import ConfigurationError
    from voicecall_desktop.secrets import BadKey, KeyringUnavailable
    from voicecall_desktop.service import MissingKey
    from voicecall_desktop.store import StoreError

    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputErrors as exc:
        for error in exc.errors:
            say(f"{error.field}: {error.message}")
        say("Nothing was sent.")
    except FieldError as exc:
        say(f"{exc.field}: {exc.message}")
    except (BadKey, MissingKey, UsageError, ConfigurationError) as exc:
        say(getattr(exc, "message", None) or str(exc))
        if args.command in ("send", "outbox", "batch"):
            say("Nothing was sent.")
    except (StoreError, KeyringUnavailable) as exc:
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


if __name__ == "__main__":
    sys.exit(main())
