"""Reading a call list for review: every row validated, its cells made, without a widget.

:func:`build_preview` does the slow part — validating every row as
``voicecall batch`` does and looking up calls already booked that day — and
touches no widget or icon, so the Import dialog runs it off the GUI thread.
What it makes is defined in :mod:`.review_rows` (columns, cells, rows, the
reading); each row's cells are made by :mod:`.review_cells`; what the dialog
says of a reading is :mod:`.review_words`'.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from typing import Any

from voicecall_desktop.core.batch import COLUMNS, parse_batch
from voicecall_desktop.service import Service
from voicecall_desktop.ui.call_list.review_cells import row_cells
from voicecall_desktop.ui.call_list.review_rows import (
    COL_DATE,
    COL_NUMBER,
    COL_SOURCE,
    COL_STATUS,
    COL_TIMES,
    COL_USERNAME,
    CONFIRMABLE_FIELDS,
    FALLBACK_FIELDS,
    HEADERS,
    ImportPreview,
    Level,
    ReviewRow,
    overtaken,
)

log = logging.getLogger(__name__)


def build_preview(
    service: Service, data: bytes, *, name: str, preset: str | None = None
) -> ImportPreview:
    """Validate every row and look up same-day calls. No widget, no icon: safe in a thread.

    Without a preset this is :meth:`Service.read_batch`, as ``voicecall batch``
    reads a file; a preset's non-blank fields replace the settings that blank
    cells fall back to.
    """
    origin = dict.fromkeys(FALLBACK_FIELDS, "Settings")
    settings = service.settings()
    chosen = service.get_preset(preset) if preset else None
    if chosen is None:
        preset = None
    else:
        update: dict[str, Any] = {"restrict_sends": chosen.restrict_sends}
        origin["restrict_sends"] = f"preset “{chosen.name}”"
        for name_ in ("username", "source", "site"):
            value = getattr(chosen, name_)
            if value:
                update[name_] = value
                origin[name_] = f"preset “{chosen.name}”"
        settings = settings.model_copy(update=update)

    turn = _GuiTurns()

    def blocked(destination: int) -> str | None:
        turn()
        return service.blocked_reason(destination)

    # Service.read_batch(data) when there is no preset: the same rules as `voicecall batch`,
    # including the repeat rule (a number already rung that day, by any desk, is refused).
    batch = parse_batch(data, settings, blocked=blocked)
    found = {id(row): len(row.problems) for row in batch.rows}
    service.check_batch(batch, settings=settings, allow_repeat=False)
    rows = []
    seen: dict[tuple[int, date | None], int] = {}
    for row in batch.rows:
        turn()
        listed, repeats = False, None
        added = row.problems[found[id(row)] :]
        confirm = tuple(p for p in added if p.field in CONFIRMABLE_FIELDS)
        already = any(p.field == "destination" for p in added)
        if row.spec is not None:
            key = (row.spec.destination, row.spec.day)
            first = seen.setdefault(key, row.row)
            repeats = None if first == row.row else first
            listed = service.blocked_reason(row.spec.destination) is not None
        cells = row_cells(
            row, origin, blocked=listed, repeats=repeats, already=already, confirm=confirm
        )
        rows.append(ReviewRow(row=row, cells=cells, needs_confirm=confirm))
    ignored: tuple[str, ...] = ()
    if batch.rows:
        ignored = tuple(k for k in batch.rows[0].values if k and k not in COLUMNS)
    return ImportPreview(
        name=name, batch=batch, rows=rows, preset=preset, origin=origin, ignored_columns=ignored
    )


class _GuiTurns:
    """Give up the GIL every couple of milliseconds while reading.

    The GUI thread needs the GIL for every Python slot, model call and event
    filter. A reading thread that kept it for the whole 5 ms switch interval
    made each of those wait: a window showing for the first time stalled for
    most of a second on a 10 000-row file.
    """

    EVERY = 0.002

    def __init__(self) -> None:
        self._last = time.monotonic()

    def __call__(self) -> None:
        now = time.monotonic()
        if now - self._last >= self.EVERY:
            time.sleep(0)
            self._last = time.monotonic()


# The columns, Level and overtaken were defined here once; tests still import them from here.
__all__ = [
    "COL_DATE",
    "COL_NUMBER",
    "COL_SOURCE",
    "COL_STATUS",
    "COL_TIMES",
    "COL_USERNAME",
    "HEADERS",
    "Level",
    "build_preview",
    "overtaken",
]
