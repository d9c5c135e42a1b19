"""Python's cyclic garbage collector runs in the GUI thread only, while a window is open.

CPython collects reference cycles in whichever thread crosses an allocation
threshold. When that is the send worker or a file-reading thread, a cycle that
holds a widget destroys it off the GUI thread; Shiboken then queues the
deletion of its children for the GUI thread, which later touches freed memory
and the program crashes (seen as a segfault in ``QThread.wait`` at shutdown).
So while :class:`GuiThreadCollector` is active, automatic collection is off and
a timer in the GUI thread collects, a generation at a time, exactly when the
automatic collector would have (the same counts and thresholds). Reference
counting, which frees almost everything, is untouched.

The same remedy calibre, novelWriter and NeXpy use.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 500

_active = 0  # collectors alive; automatic collection comes back when the last one stops
_was_enabled = True


def collect_due() -> int:
    """Collect the oldest generation whose count passed its threshold; -1 if none did."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = -1
    for generation in range(3):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            due = generation
    if due >= 0:
        gc.collect(due)
    return due


class GuiThreadCollector(QObject):
    """Collects cycles from a GUI-thread timer; :meth:`stop` gives the job back to Python."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        global _active, _was_enabled
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setObjectName("GuiThreadCollectorTimer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()

    def _on_timer_timeout(self) -> None:
        collect_due()

    def stop(self) -> None:
        global _active
        if self._stopped:
            return
        self._stopped = True
        self.timer.stop()
        _active -= 1
        if _active == 0 and _was_enabled:
            gc.enable()


__all__ = ["GuiThreadCollector", "collect_due"]
