"""``send``, ``outbox``, ``history``, ``batch`` and ``purge``: the calls themselves."""

from __future__ import annotations

import argparse
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING

from voicecall_desktop.cli.output import (
    describe,
    emit_json,
    report_attempt,
    say,
    shown,
    summarise_flush,
)
from voicecall_desktop.cli.parser import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_QUEUED,
    EXIT_REJECTED,
    EXIT_UNKNOWN,
    UsageError,
)
from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.states import Outcome

if TYPE_CHECKING:
    from voicecall_desktop.service import CallRecord, Confirmations, Service

OUTCOME_EXIT = {
    Outcome.ACCEPTED: EXIT_OK,
    Outcome.REJECTED: EXIT_REJECTED,
    Outcome.NOT_DELIVERED: EXIT_QUEUED,
    Outcome.UNKNOWN: EXIT_UNKNOWN,
}


def open_service(args: argparse.Namespace) -> Service:
    """The service for this command, with ``--base-url`` checked first when given.

    A ``--base-url`` is refused when IT fixed the base URL, unless it is on this
    computer (the training sandbox, which calls no one).
    """
    from voicecall_desktop.policy import Policy
    from voicecall_desktop.service import Service

    base_url: str | None = getattr(args, "base_url", None)
    policy: Policy | None = getattr(args, "policy", None)
    if base_url:
        from voicecall_desktop.api import check_base_url, is_loopback

        check_base_url(base_url)
        if policy is not None and policy.locks("base_url") and not is_loopback(base_url):
            from voicecall_desktop.policy import LockedSetting

            raise LockedSetting("--base-url", policy.source("base_url"))
    return Service(base_url=base_url, policy=policy)


def _day_and_times(
    args: argparse.Namespace, errors: list[FieldError]
) -> tuple[date | None, list[time]]:
    from voicecall_desktop.core.schedule import parse_clock, parse_day

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
    return day, times


def confirmations(args: argparse.Namespace) -> Confirmations:
    """What the person said to book anyway (``--outside-hours``, ``--on-holiday``, ...)."""
    from voicecall_desktop.service import Confirmations

    return Confirmations(
        outside_hours=args.outside_hours, on_holiday=args.on_holiday, far_ahead=args.far_ahead
    )


def taken_elsewhere(service: Service, booked: CallRecord, as_json: bool) -> int:
    """Another program claimed the call between recording and sending it: it sends it.

    The call may even be gone by now (purged by another desk): then the record
    as booked is what is printed, never nothing.
    """
    say(f"Call #{booked.id} is being sent by another VoiceCall program.")
    if as_json:
        emit_json((service.get(booked.id) or booked).to_json())
    return EXIT_QUEUED


def kept_on_this_pc(service: Service) -> bool:
    """The shared store cannot be reached: say the calls are kept (queued) on this PC."""
    status = service.store_status()
    if status.reachable:
        return False
    say(
        "The shared store cannot be reached: "
        f"{service.queued_count()} call(s) are kept queued on this PC and will be sent "
        "once they are moved into it (at the next command or send when it is back)."
    )
    return True


def cmd_send(args: argparse.Namespace) -> int:
    from voicecall_desktop.core.models import CallForm
    from voicecall_desktop.core.phone import format_destination
    from voicecall_desktop.core.schedule import fmt_date

    errors: list[FieldError] = []
    day, times = _day_and_times(args, errors)
    with open_service(args) as service:
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
        if errors:
            # Both the flags that did not parse and every field of the form, in one message.
            try:
                service.validate(form)
            except InputErrors as exc:
                errors.extend(e for e in exc.errors if e.field not in {f.field for f in errors})
            raise InputErrors(errors)
        check = service.prepare_send(form, settings=settings, confirmed=confirmations(args))
        for note in check.notes:
            say(f"Note: {note}")
        spec = check.spec
        for other in check.same_day:
            say(
                f"Warning: {format_destination(spec.destination)} already has call #{other.id} "
                f"({other.state.label.lower()}) on {fmt_date(spec.day or date.today())}."
            )
        submitted = service.submit(form)
        if kept_on_this_pc(service):
            if args.json:
                emit_json(submitted.record.to_json())
            return EXIT_QUEUED
        result = service.send_one(submitted.record.id, fmt=args.format)
        if result is None:
            return taken_elsewhere(service, submitted.record, args.json)
        report_attempt(result)
        if args.json:
            emit_json(result.record.to_json())
        return OUTCOME_EXIT[result.outcome]


def cmd_outbox(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        if not args.flush:
            page = service.outbox_page()
            if args.json:
                emit_json([r.to_json() for r in page.rows])
            else:
                for record in page.rows:
                    print(describe(record))
                say(f"{len(page.rows)} call(s) in the outbox.")
            return EXIT_OK
        service.check_connection_settings()
        if service.queued_count() == 0:
            say("The outbox is empty.")
            if args.json:
                emit_json([])
            return EXIT_OK
        report = service.flush(on_result=report_attempt)
        if args.json:
            emit_json([r.record.to_json() for r in report.results])
        if kept_on_this_pc(service):
            return EXIT_QUEUED
        return summarise_flush(report)


def cmd_history(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit: must be 1 or more")
    with open_service(args) as service:
        page = service.history_page(search=args.search, limit=args.limit)
        if args.json:
            emit_json([r.to_json() for r in page.rows])
        else:
            for record in page.rows:
                print(describe(record))
            if not page.rows:
                say("No calls found.")
        return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    from voicecall_desktop.core.batch import read_file

    data = read_file(Path(args.file))  # refuses an oversized list before reading it
    with open_service(args) as service:
        batch = service.read_batch(
            data, confirmed=confirmations(args), allow_repeat=args.allow_repeat
        )
        invalid = batch.invalid
        summary: dict[str, object] = {
            "rows": len(batch.rows),
            "valid": len(batch.valid_rows),
            "invalid": [p.to_json() for p in invalid],
            "queued": 0,
        }
        for problem in invalid:
            say(f"row {problem.row}: {problem.field}: {shown(problem.message)}")
        if any(p.field in ("destination", "date", "times") for p in invalid):
            say(
                "Rows that repeat a call, or fall in quiet hours, on a bank holiday or a closed "
                "day, are booked only with --allow-repeat, --outside-hours or --on-holiday."
            )
        refused = bool(invalid) and not args.skip_invalid
        if args.dry_run or refused or not batch.valid_rows:
            if args.json:
                emit_json(summary)
            if refused:
                say(f"{len(invalid)} problem(s) found; nothing was queued.")
                return EXIT_INPUT
            say(f"{len(batch.valid_rows)} of {len(batch.rows)} row(s) are valid.")
            return EXIT_OK
        service.check_connection_settings()
        service.api_key()  # no key: queue nothing rather than strand the list
        ids = service.queue_batch(batch, allow_repeat=args.allow_repeat)
        summary["queued"] = len(ids)
        say(f"Queued {len(ids)} call(s); sending.")
        report = service.flush(on_result=report_attempt)
        if args.json:
            emit_json(summary)
        if kept_on_this_pc(service):
            return EXIT_QUEUED
        return summarise_flush(report)


def cmd_purge(args: argparse.Namespace) -> int:
    if args.days is not None and args.days < 1:
        raise UsageError("--days: must be 1 or more")
    with open_service(args) as service:
        removed = service.purge(days=args.days)
        say(f"Purged {removed} call(s) past the retention period.")
        if args.json:
            emit_json({"purged": removed})
        return EXIT_OK
