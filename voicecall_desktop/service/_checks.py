"""The checks made before a call is booked, beyond the form's own fields.

* **Humane hours** (CONTRACT.md "Humane hours", :mod:`voicecall_desktop.core.hours`):
  a time in the practice's quiet hours, a bank holiday or a closed day.
* **Far ahead** (:mod:`voicecall_desktop.core.horizon`): a day more than a year
  ahead is almost always a slip.
* **The repeat rule** (CONTRACT.md "Batch files"): a number that already has a
  ``queued``, ``sending``, ``sent`` or ``unknown`` call that day, booked by anyone
  at any time.

The first two are not refusals but questions: the person may book anyway
(``--outside-hours``, ``--on-holiday``, ``--far-ahead`` on the command line; a
confirmation in the window). :class:`NeedsConfirmation` carries what must be
confirmed, so the window can ask and the command line can name the flag. The
repeat rule refuses a call list's row (``--allow-repeat`` books it anyway) and
warns before a single ``send``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.states import CallState

if TYPE_CHECKING:
    from voicecall_desktop.core.batch import BatchFile
    from voicecall_desktop.core.hours import HoursProblem
    from voicecall_desktop.core.models import CallSpec
    from voicecall_desktop.core.settings import Settings
    from voicecall_desktop.store import CallRecord
    from voicecall_desktop.store.protocol import CallStore

#: States in which a call rings (or may have rung) its number.
RINGING = (CallState.QUEUED, CallState.SENDING, CallState.SENT, CallState.UNKNOWN)


@dataclass(frozen=True)
class Confirmations:
    """What the person has said to book anyway."""

    outside_hours: bool = False
    """Times in the practice's quiet hours (``--outside-hours``)."""
    on_holiday: bool = False
    """Bank holidays and days the practice is closed (``--on-holiday``)."""
    far_ahead: bool = False
    """A day more than a year ahead (``--far-ahead``)."""


class NeedsConfirmation(InputErrors):
    """Booking needs the person's explicit yes; nothing was recorded.

    ``errors`` name the field and the reason (as for any bad input);
    ``problems`` are the humane-hours problems behind them and ``far_ahead``
    the far-ahead one, so the window can ask about each kind.
    """

    def __init__(self, problems: list[HoursProblem], far_ahead: FieldError | None) -> None:
        errors = [p.as_field_error() for p in problems]
        if far_ahead is not None:
            errors.append(far_ahead)
        super().__init__(errors)
        self.problems = problems
        self.far_ahead = far_ahead

    @property
    def flags(self) -> list[str]:
        """The command-line flags that would book the call anyway, in a stable order."""
        wanted = {p.flag for p in self.problems}
        if self.far_ahead is not None:
            wanted.add("--far-ahead")
        return [f for f in ("--outside-hours", "--on-holiday", "--far-ahead") if f in wanted]


def london_today(now: datetime | None = None) -> date:
    from voicecall_desktop.core.schedule import LONDON

    return (now or datetime.now(UTC)).astimezone(LONDON).date()


def find_repeats(
    calls: CallStore,
    destination: int,
    day: date | None,
    *,
    exclude_id: int | None = None,
    now: datetime | None = None,
) -> list[CallRecord]:
    """Calls that already ring ``destination`` on ``day`` (today when None), by id.

    A call booked without a day goes out on the day it is booked, so an undated
    call created on that London day counts too.
    """
    from voicecall_desktop.core.schedule import LONDON

    wanted = day or london_today(now)
    found = {r.id: r for r in calls.same_day(destination, wanted, exclude_id=exclude_id)}
    if wanted == london_today(now):
        undated = calls.page(search=str(destination), states=RINGING, limit=200).rows
        for record in undated:
            if (
                record.id != exclude_id
                and record.destination == destination
                and record.day is None
                and record.created_at.astimezone(LONDON).date() == wanted
            ):
                found[record.id] = record
    return [found[i] for i in sorted(found)]


def repeat_message(destination: int, day: date | None, existing: CallRecord) -> str:
    """``07700 900123 already has call #12 (booked) on 01/12/2026, booked by ...``."""
    from voicecall_desktop.core.phone import format_destination
    from voicecall_desktop.core.schedule import fmt_date

    shown = existing.day or day
    when = fmt_date(shown) if shown is not None else "today"
    who = f", booked by {existing.booked_by}" if existing.booked_by else ""
    where = f" on {existing.booked_on}" if existing.booked_on else ""
    text = (
        f"{format_destination(destination)} already has call #{existing.id} "
        f"({existing.state.label.lower()}) on {when}{who}{where}"
    )
    if existing.state is CallState.QUEUED:
        text += "; it is waiting in the outbox (voicecall outbox --flush sends it)"
    return text


def far_ahead_problem(day: date | None, *, now: datetime | None = None) -> FieldError | None:
    """The far-ahead question for ``day`` (more than a year ahead), or None."""
    from voicecall_desktop.core.horizon import check_not_far_ahead

    try:
        check_not_far_ahead(day, now=now)
    except FieldError as exc:
        return exc
    return None


def call_problems(
    spec: CallSpec, settings: Settings, confirmed: Confirmations, *, now: datetime | None = None
) -> NeedsConfirmation | None:
    """What about this call's day and times the person has not yet confirmed, or None."""
    from voicecall_desktop.core.hours import check_call, unconfirmed

    problems = unconfirmed(
        check_call(spec.day, spec.times, settings, now=now),
        outside_hours=confirmed.outside_hours,
        on_holiday=confirmed.on_holiday,
    )
    far = None if confirmed.far_ahead else far_ahead_problem(spec.day, now=now)
    if problems or far is not None:
        return NeedsConfirmation(problems, far)
    return None


def check_batch_rows(
    batch: BatchFile,
    settings: Settings,
    calls: CallStore,
    confirmed: Confirmations,
    *,
    allow_repeat: bool,
    now: datetime | None = None,
) -> None:
    """Add the humane-hours, far-ahead and repeat problems to every otherwise valid row.

    Rows keep the CSV's lower-case column names as fields: ``times`` for quiet
    hours, ``date`` for holidays, closed and far-ahead days, ``destination`` for
    repeats.
    """
    from voicecall_desktop.core.batch import RowProblem

    for row in batch.rows:
        if row.spec is None or row.problems:
            continue
        spec = row.spec
        question = call_problems(spec, settings, confirmed, now=now)
        if question is not None:
            for error in question.errors:
                row.problems.append(RowProblem(row.row, error.field.lower(), error.message))
        if not allow_repeat:
            earlier = find_repeats(calls, spec.destination, spec.day, now=now)
            if earlier:
                message = repeat_message(spec.destination, spec.day, earlier[0])
                row.problems.append(RowProblem(row.row, "destination", message))
