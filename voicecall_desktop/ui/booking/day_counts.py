"""The calendar's calls per day, read off the GUI thread.

When the Date calendar shows a month (or pops up), the calls already booked
on each of its days are read with :meth:`Service.booked_counts` on a
:class:`BackgroundTask` and drawn in the cells; :meth:`DayCounts.refresh`
reads them again after a booking. A read that fails leaves the counts as
they were (they are a guide, never a rule) and says so in the log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject

from voicecall_desktop.service import Service, StoreError
from voicecall_desktop.ui.booking.day_calendar import DayCalendar
from voicecall_desktop.ui.common.tasks import BackgroundTask

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MonthCounts:
    first: date
    last: date
    counts: dict[date, int]


class DayCounts(QObject):
    """Keeps ``calendar``'s counts per day up to date from ``service``."""

    def __init__(
        self, service: Service, calendar: DayCalendar, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._calendar = calendar
        self._task = BackgroundTask(
            "calendar counts",
            expected=(StoreError,),
            unexpected="The calls per day could not be read; see the log.",
            parent=self,
        )
        self._task.done.connect(self._on_task_done)
        self._task.failed.connect(self._on_task_failed)
        self._wanted: tuple[date, date] | None = None
        calendar.monthShown.connect(self._on_calendar_month_shown)
        calendar.installEventFilter(self)
        self.refresh()

    @property
    def busy(self) -> bool:
        return self._task.running

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until a read in flight is done (tests, shutdown)."""
        return self._task.wait(msecs)

    def refresh(self) -> None:
        """Read the counts of the month on show again (after a booking, say)."""
        self._read(*self._calendar.shown_month())

    def _read(self, first: date, last: date) -> None:
        if self._task.running and self._wanted == (first, last):
            return  # that month is being read already
        self._wanted = (first, last)
        service = self._service

        def job() -> MonthCounts:
            return MonthCounts(first, last, service.booked_counts(first, last))

        self._task.start(job)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._calendar and event.type() == QEvent.Type.Show:
            self.refresh()  # the pop-up opens: its counts may be old
        return super().eventFilter(watched, event)

    def _on_calendar_month_shown(self, first: date, last: date) -> None:
        self._read(first, last)

    def _on_task_done(self, answer: object) -> None:
        if isinstance(answer, MonthCounts):
            self._calendar.set_counts(answer.counts, answer.first, answer.last)

    def _on_task_failed(self, message: str) -> None:
        log.warning("calendar counts not updated: %s", message)


__all__ = ["DayCounts"]
