"""How a call reads in the history: columns, headers, each cell's text, each state's look.

The text helpers need no widget; the state icon and colour need a ``QGuiApplication``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from voicecall_desktop.core.outcome_words import OutcomeWords, outcome_words
from voicecall_desktop.core.schedule import fmt_date, fmt_time
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import CallEvent, CallRecord
from voicecall_desktop.ui.common import icons
from voicecall_desktop.ui.common.formats import show_destination, show_moment

log = logging.getLogger(__name__)

# Most needed first: at a narrow width the columns on the right give way first.
COL_DESTINATION, COL_SCHEDULE, COL_RESULT, COL_BOOKED, COL_MESSAGE_ID, COL_CREDITS = range(6)
#: Shown only on the shared store (several desks): which PC booked the call, and who.
COL_DESK, COL_BOOKED_BY = 6, 7
SHARED_COLUMNS = (COL_DESK, COL_BOOKED_BY)
HEADERS = (
    "Phone number",
    "Day and times",
    "Result",
    "Booked at",
    "Message ID",
    "Credits",
    "Desk",
    "Booked by",
)
#: Columns hidden first when the table is too narrow for all (the result never is).
GIVE_WAY = (COL_DESK, COL_BOOKED_BY, COL_CREDITS, COL_MESSAGE_ID, COL_BOOKED)


# -- how each state looks ------------------------------------------------

#: Lighter text colours for a dark palette (the light ones are ``icons.STATE_COLOURS``).
#: The icon's shape and the state's words carry the meaning too: never colour alone.
DARK_STATE_COLOURS: dict[CallState, str] = {
    CallState.DRAFT: "#bdc1c6",
    CallState.QUEUED: "#8ab4f8",
    CallState.SENDING: "#7dd3fc",
    CallState.SENT: "#81c995",
    CallState.REJECTED: "#f28b82",
    CallState.UNKNOWN: "#fdd663",
}


def state_colour(state: CallState, palette: QPalette | None = None) -> QColor:
    """The state's text colour, readable on the palette's background."""
    palette = palette or QGuiApplication.palette()
    if palette.color(QPalette.ColorRole.Base).lightness() < 128:
        return QColor(DARK_STATE_COLOURS[state])
    return icons.state_colour(state)


_icons: dict[CallState, QIcon] = {}


def state_icon(state: CallState) -> QIcon:
    """The state's SVG icon from ``resources/`` (each state has its own shape).

    Its own colours are kept on a selected row too (Qt would tint them with the
    highlight colour, which turns amber into grey).
    """
    icon = _icons.get(state)
    if icon is None:
        svg = icons.state_icon(state)
        icon = QIcon()
        for size in (16, 20, 24, 32, 40, 48, 64):  # up to 4x a 16 px icon, for high DPI
            pixmap = svg.pixmap(size, size)
            icon.addPixmap(pixmap, QIcon.Mode.Normal)
            icon.addPixmap(pixmap, QIcon.Mode.Selected)
        _icons[state] = icon
    return icon


# -- cell text -------------------------------------------------------------


def booked_text(record: CallRecord) -> str:
    """When the call was booked, in UK local time: ``01/12/2026 09:30``."""
    return show_moment(record.created_at)


def destination_text(record: CallRecord) -> str:
    """``07700 900123`` (a draft's number as typed when it is not a valid one)."""
    return show_destination(record.destination, record.destination_text) or "(no number)"


def times_text(record: CallRecord, sep: str = ", ") -> str:
    return sep.join(fmt_time(t) for t in record.times)


def schedule_text(record: CallRecord) -> str:
    """``01/12/2026 09:30, 14:00``; a call with neither goes as soon as possible."""
    parts = [fmt_date(record.day)] if record.day else []
    if record.times:
        parts.append(times_text(record))
    return " ".join(parts) if parts else "As soon as possible"


def actor_text(actor: str) -> str:
    """``reception@PC-12`` (the audit trail's actor) → ``reception on PC-12``."""
    user, at, machine = actor.rpartition("@")
    return f"{user} on {machine}" if at and user and machine else actor


#: One row of the audit trail (``Service.events``): at, from_state, to_state, actor, note.
Event = CallEvent
EventsOf = Callable[[int], Sequence[Event]]


def sent_again(events: Iterable[Event]) -> list[tuple[datetime, str]]:
    """When, and by whom, a person sent the call again (a rejected or unknown call re-queued)."""
    found = []
    for event in events:
        if event.to_state == CallState.QUEUED and event.from_state in (
            CallState.REJECTED,
            CallState.UNKNOWN,
        ):
            found.append((event.at, event.actor or ""))
    return found


def sent_again_text(events: Iterable[Event], sep: str = "; ") -> str:
    """``29/11/2026 18:44 by reception on PC-12`` for each "Send again"."""
    return sep.join(
        f"{show_moment(at)} by {actor_text(actor) or '?'}" for at, actor in sent_again(events)
    )


def result_words(record: CallRecord) -> OutcomeWords:
    """The call's result in plain words (the Result column, the detail's summary)."""
    return outcome_words(
        record.state, errors=record.errors, last_error=record.last_error, reviewed=record.reviewed
    )


def result_tip(record: CallRecord) -> str:
    """What happened and what to do, for the Result cell's tooltip."""
    words = result_words(record)
    return " ".join(t for t in (words.summary, words.advice) if t)


def number_text(value: int | None) -> str:
    """``1,000``: counts and credits read the same everywhere."""
    return "" if value is None else f"{value:,}"


def cell_text(record: CallRecord, column: int) -> str:
    if column == COL_BOOKED:
        return booked_text(record)
    if column == COL_DESTINATION:
        return destination_text(record)
    if column == COL_SCHEDULE:
        return schedule_text(record)
    if column == COL_RESULT:
        return result_words(record).short
    if column == COL_MESSAGE_ID:
        return "" if record.message_id is None else str(record.message_id)
    if column == COL_CREDITS:
        return number_text(record.credits)
    if column == COL_DESK:
        return record.booked_on
    if column == COL_BOOKED_BY:
        return record.booked_by
    return ""


def row_text(record: CallRecord) -> str:
    """One row as tab-separated text, as a spreadsheet pastes it (the single desk's columns)."""
    return "\t".join(cell_text(record, c) for c in range(COL_CREDITS + 1))


# -- the model -------------------------------------------------------------
