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

Start-up makes some 50 000 long-lived objects (modules, classes, pydantic
schemas) and next to no garbage, yet the automatic collector walked them about
120 times (~40 ms before the first paint). :func:`hold` stops it from the start
of ``voicecall-desktop`` until the window's collector takes over, and
:func:`freeze_startup` then sets what start-up made aside, so that no later
collection walks it again.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 500

_active = 0  # collectors alive; automatic collection comes back when the last one stops
_was_enabled = True
_held = False  # automatic collection stopped by hold(), until a collector takes over


def hold(was_enabled: bool | None = None) -> None:
    """No automatic collection from now until a :class:`GuiThreadCollector` takes over.

    Args:
        was_enabled: whether it was on before the caller turned it off (None: look now).
    """
    global _held, _was_enabled
    if _active == 0 and not _held:
        _was_enabled, _held = gc.isenabled() if was_enabled is None else was_enabled, True
        gc.disable()


def release() -> None:
    """Undo :func:`hold` when no collector took over (start-up failed)."""
    global _held
    if _held and _active == 0:
        _held = False
        if _was_enabled:
            gc.enable()


def freeze_startup() -> None:
    """Set every object made so far aside for good: later collections never walk them."""
    gc.freeze()


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
        global _active, _was_enabled, _held
        if _active == 0:
            if not _held:  # else _was_enabled is what hold() found
                _was_enabled = gc.isenabled()
            _held = False
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


__all__ = ["GuiThreadCollector", "collect_due", "freeze_startup", "hold", "release"]
