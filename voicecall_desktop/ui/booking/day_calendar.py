"""The Date field's calendar: past days shut, holidays and closed days marked, calls counted.

:class:`DayCalendar` is a ``QCalendarWidget`` (the Date pop-up, or standalone):

* days before today are greyed and cannot be chosen (the minimum date is
  today, looked up again each time it is shown or used);
* bank holidays and days the practice is closed are greyed, with the reason in
  the tooltip (from :func:`voicecall_desktop.core.hours.days_between`). They
  stay selectable: booking one needs a confirmation, which the form asks for;
* the number of calls already booked on each day is drawn small in the cell.
  The calendar does not read the history itself: it emits ``monthShown`` for
  the month on show, and the window answers with :meth:`DayCalendar.set_counts`
  (from a worker, off the GUI thread).

:class:`DayEdit` is the ``QDateEdit`` that uses it as its pop-up and opens it
with Alt+Down or F4 (Qt's own box stepped the day instead).

Signals (DayCalendar):
    monthShown(object, object): the first and last ``datetime.date`` of the month now shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QShowEvent,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDateEdit,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QWidget,
)

from voicecall_desktop.core.hours import DayInfo, days_between
from voicecall_desktop.core.practice_days import WEEKDAY_NAMES, weekday_of
from voicecall_desktop.core.schedule import fmt_date, local_now
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.ui.common.date_keys import DateKeys, start_at_the_day
from voicecall_desktop.ui.common.formats import DATE_FORMAT, en_gb, from_qdate, to_qdate

log = logging.getLogger(__name__)

# Colours with AA contrast on their backgrounds.
SHUT_BACKGROUND = QColor("#dde3ec")
SHUT_TEXT = QColor("#374151")
# Past days: faint on purpose, like any disabled control (Qt alone only tints their background).
PAST_TEXT = QColor("#a3a3a3")
HOLIDAY_MARK = QColor("#b91c1c")
CLOSURE_MARK = QColor("#92400e")
COUNT_TEXT = QColor("#1d4ed8")

#: The six weeks a month page shows lie within this many days either side of the month.
_PAGE_MARGIN = 14


def calls_text(count: int) -> str:
    return f"{count:,} call booked" if count == 1 else f"{count:,} calls booked"


class DayCalendar(QCalendarWidget):
    """The calendar of the module docstring: see there for what it shows."""

    # The name the window connects to; it hides QCalendarWidget.monthShown() from
    # Python (use yearShown()/shown_month() here), C++ is unaffected.
    monthShown = Signal(object, object)  # type: ignore[assignment]

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        today: Callable[[], date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings or Settings()
        self._today = today or (lambda: local_now().date())
        self._days: dict[date, DayInfo] = {}
        self._counts: dict[date, int] = {}
        self.setLocale(en_gb())
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setGridVisible(True)
        # Weekends are not red here: whether a day is open is the practice's setting.
        for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekday, QTextCharFormat())
        self.setAccessibleName("Calendar")
        self.setToolTip("")
        self._view = self.findChild(QTableView)
        if self._view is not None:
            self._view.installEventFilter(self)
        self.currentPageChanged.connect(self._on_self_current_page_changed)
        self.selectionChanged.connect(self._on_self_selection_changed)
        self.apply_today()
        self._refresh_page()

    # -- what the caller sets -----------------------------------------------

    def settings(self) -> Settings:
        return self._settings

    def set_settings(self, settings: Settings) -> None:
        """New holidays nation, opening days or closures: redraw the page."""
        self._settings = settings
        self._refresh_page()

    def set_counts(
        self, counts: Mapping[date, int], first: date | None = None, last: date | None = None
    ) -> None:
        """Calls booked per day.

        With ``first`` and ``last``, ``counts`` is the whole answer for those
        days (a day left out has none) and other days are kept, so answers for
        two months arriving in either order both stay right. Without them,
        ``counts`` replaces every count.
        """
        if first is None or last is None:
            self._counts = {}
        else:
            self._counts = {d: n for d, n in self._counts.items() if not first <= d <= last}
        self._counts.update({d: n for d, n in counts.items() if n > 0})
        self._apply_formats()

    def count(self, day: date) -> int:
        return self._counts.get(day, 0)

    def day_info(self, day: date) -> DayInfo | None:
        """What the page knows about ``day`` (None if it is not on the page)."""
        return self._days.get(day)

    def shown_month(self) -> tuple[date, date]:
        """The first and last day of the month on show."""
        first = date(self.yearShown(), self._month_number(), 1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)

    def _month_number(self) -> int:
        # QCalendarWidget.monthShown() is shadowed by the signal of the same name.
        return int(QCalendarWidget.monthShown(self))

    def apply_today(self) -> None:
        """Make today the first day that can be chosen (the date may have changed since)."""
        today = to_qdate(self._today())
        if self.minimumDate() == today:
            return
        page = (self.yearShown(), self._month_number())
        # Silently: the Date pop-up must not hear of a clamp as if the person chose a day.
        blocked = self.blockSignals(True)
        try:
            self.setMinimumDate(today)
        finally:
            self.blockSignals(blocked)
        if page != (self.yearShown(), self._month_number()):
            self._refresh_page()
        self._describe_selected()

    def describe_day(self, day: date) -> str:
        """``Friday 25/12/2026: Bank holiday: Christmas Day; 2 calls booked``."""
        parts = []
        if day < self._today():
            parts.append("in the past, cannot be chosen")
        info = self._days.get(day)
        if info is not None and info.tooltip:
            parts.extend(info.tooltip.split("\n"))
        count = self.count(day)
        parts.append(calls_text(count) if count else "no calls booked")
        return f"{WEEKDAY_NAMES[weekday_of(day)]} {fmt_date(day)}: {'; '.join(parts)}"

    # -- drawing ----------------------------------------------------------------

    def minimumSizeHint(self) -> QSize:
        # Room in each cell for the day and, below it on the right, the count.
        # (QCalendarWidget's sizeHint() asks this, so this must not ask sizeHint().)
        hint = super().minimumSizeHint()
        line = self.fontMetrics().height()
        return QSize(max(hint.width(), line * 24), max(hint.height(), line * 17))

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        super().paintCell(painter, rect, qdate)
        day = from_qdate(qdate)
        info = self._days.get(day)
        count = self.count(day)
        if (info is None or info.is_open) and not count:
            return
        painter.save()
        try:
            selected = day == from_qdate(self.selectedDate())
            if info is not None and (info.holiday or info.closure):
                # A corner mark: a bank holiday or one-off closure is easy to miss
                # among the weekends, which are greyed the same way.
                mark = HOLIDAY_MARK if info.holiday else CLOSURE_MARK
                size = max(5, rect.height() // 4)
                corner = rect.topLeft() + QPoint(1, 1)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(mark))
                painter.drawPolygon(
                    [
                        QPointF(corner),
                        QPointF(corner + QPoint(size, 0)),
                        QPointF(corner + QPoint(0, size)),
                    ]
                )
            if count:
                font = painter.font()
                font.setPointSizeF(max(6.0, font.pointSizeF() * 0.72))
                font.setBold(True)
                painter.setFont(font)
                colour = (
                    self.palette().color(QPalette.ColorRole.HighlightedText)
                    if selected
                    else COUNT_TEXT
                )
                painter.setPen(colour)
                painter.drawText(
                    rect.adjusted(1, 0, -3, -1),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                    f"{count:,}" if count < 1000 else "999+",
                )
        finally:
            painter.restore()

    # -- events -------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self.apply_today()
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
        ):
            # A QDateEdit puts its own date range on its pop-up each time its date
            # changes; today is put back before anything is chosen.
            self.apply_today()
        return super().eventFilter(watched, event)

    def _on_self_current_page_changed(self, _year: int, _month: int) -> None:
        self._refresh_page()

    def _on_self_selection_changed(self) -> None:
        self._describe_selected()
        # The Date box's range may have just been put on the calendar: take it off
        # once the change is done (queued, after the pop-up has passed it on).
        QTimer.singleShot(0, self, self.apply_today)

    # -- internals ----------------------------------------------------------

    def _refresh_page(self) -> None:
        first, last = self.shown_month()
        days = days_between(
            first - timedelta(days=_PAGE_MARGIN),
            last + timedelta(days=_PAGE_MARGIN),
            self._settings,
        )
        self._days = {info.day: info for info in days}
        self._apply_formats()
        log.debug("calendar page %s", first.strftime("%Y-%m"))
        self.monthShown.emit(first, last)

    def _apply_formats(self) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())  # forget the last page's
        today = self._today()
        for day, info in self._days.items():
            fmt = QTextCharFormat()
            if day < today:
                fmt.setForeground(PAST_TEXT)
            elif not info.is_open:
                fmt.setBackground(SHUT_BACKGROUND)
                fmt.setForeground(SHUT_TEXT)
            fmt.setToolTip(self.describe_day(day))
            self.setDateTextFormat(to_qdate(day), fmt)
        self._describe_selected()
        self.update()

    def _describe_selected(self) -> None:
        day = from_qdate(self.selectedDate())
        self.setAccessibleDescription(self.describe_day(day))


class DayEdit(QDateEdit):
    """The Date box: dd/mm/yyyy, a :class:`DayCalendar` pop-up, Alt+Down and F4 open it.

    The box itself has no minimum date: a draft's past day must show as it is
    (and be refused with a message), not be moved to today without a word.
    Only the pop-up keeps past days from being chosen.
    """

    def __init__(self, calendar: DayCalendar | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys = DateKeys(self)  # first: setting the box up already sends it events
        self.setLocale(en_gb())
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self.day_calendar = calendar or DayCalendar()
        self.setCalendarWidget(self.day_calendar)

    def open_calendar(self) -> None:
        """Show the pop-up, as a click on the box's arrow does."""
        if self.isReadOnly() or self.day_calendar.isVisible():
            return
        option = QStyleOptionComboBox()
        option.initFrom(self)
        option.editable = True
        option.subControls = QStyle.SubControl.SC_All
        arrow = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, self
        )
        at = arrow.center() if arrow.isValid() else QPoint(self.width() - 4, self.height() // 2)
        # Qt opens its pop-up only from a press on the arrow; there is no call for it.
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            QPointF(at),
            QPointF(self.mapToGlobal(at)),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QDateEdit.mousePressEvent(self, press)

    def event(self, event: QEvent) -> bool:
        # Tab leaves the box for the time; "/" moves from day to month once (date_keys).
        return self._keys.event(event, super().event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        start_at_the_day(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        opens = (key == Qt.Key.Key_F4 and modifiers == Qt.KeyboardModifier.NoModifier) or (
            key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and modifiers == Qt.KeyboardModifier.AltModifier
        )
        if opens:
            event.accept()
            self.open_calendar()
            return
        super().keyPressEvent(event)


__all__ = ["DayCalendar", "DayEdit", "calls_text"]
