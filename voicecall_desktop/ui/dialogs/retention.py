"""Removing old calls (the retention setting), off the GUI thread.

Purging is an explicit, logged act: once at start-up, after the window is
shown, and whenever a person asks (Tools → Remove old calls…). Which calls may
go is the service's rule: sent and refused calls booked longer ago than the
retention period, and ``unknown`` ones only once a person has reviewed them;
drafts and the outbox never.

Signals of :class:`Purger`:
    finished(int, int, bool): calls removed, the retention days, whether a person asked.
    failed(str, bool): why nothing was removed, whether a person asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from voicecall_desktop.service import Service, StoreError
from voicecall_desktop.ui.common.messages import Messages
from voicecall_desktop.ui.common.tasks import BackgroundTask

log = logging.getLogger(__name__)


def calls_text(count: int) -> str:
    return f"{count} call{'s' * (count != 1)}"


def removed_text(removed: int, days: int) -> str:
    """``Removed 3 calls older than 90 days``."""
    return f"Removed {calls_text(removed)} older than {days} days"


def confirm_purge(parent: QWidget | None, days: int) -> bool:
    """Ask before removing old calls; states the retention period. No is the default."""
    answer = QMessageBox.question(
        parent,
        "Remove old calls?",
        f"Remove calls booked more than {days} days ago from the history?\n\n"
        f"Sent and refused calls older than {days} days are deleted for good, with their "
        "audit trail. Calls whose outcome is unknown stay until someone marks them "
        "reviewed; drafts and the outbox are never removed.\n\n"
        "The period is set in Settings (Keep history for).",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class Purger(QObject):
    """Runs ``Service.purge`` on a background thread, one purge at a time."""

    finished = Signal(int, int, bool)
    failed = Signal(str, bool)

    def __init__(self, service: Service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._asked = False  # whether the purge in flight was asked for by a person
        self._days = 0
        self._task = BackgroundTask(
            "purge",
            expected=(StoreError,),
            explain=lambda exc: f"Old calls were not removed: {exc}",
            unexpected="Old calls were not removed because of an unexpected error; see the log.",
            parent=self,
        )
        self._task.done.connect(self._on_task_done)
        self._task.failed.connect(self._on_task_failed)

    @property
    def running(self) -> bool:
        return self._task.running

    def start(self, *, asked: bool = False, days: int | None = None) -> bool:
        """Purge now; False when one is already running or the settings cannot be read."""
        if self._task.running:
            return False
        try:
            keep = days if days is not None else self._service.settings().retention_days
        except StoreError as exc:
            self.failed.emit(f"Old calls were not removed: {exc}", asked)
            return False
        service = self._service
        self._asked, self._days = asked, keep
        log.info("removing calls older than %d days (%s)", keep, "asked" if asked else "start-up")
        self._task.start(lambda: service.purge(days=keep))
        return True

    def wait(self, msecs: int = 30000) -> bool:
        """Block until a purge in flight is done (for shutdown and tests)."""
        return self._task.wait(msecs)

    def _on_task_done(self, removed: object) -> None:
        self.finished.emit(removed, self._days, self._asked)

    def _on_task_failed(self, error: str) -> None:
        self.failed.emit(error, self._asked)


class OldCalls(QObject):
    """Removing old calls for the window: asks first when a person asked, then says what went.

    ``refresh`` is called when calls were removed.
    """

    def __init__(
        self,
        service: Service,
        messages: Messages,
        refresh: Callable[[], None],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._service = service
        self._messages = messages
        self._refresh = refresh
        self._window = window
        self.purger = Purger(service, self)
        self.purger.finished.connect(self._on_purger_finished)
        self.purger.failed.connect(self._on_purger_failed)

    def ask_and_remove(self) -> bool:
        """Tools → Remove old calls…: ask (stating the period), then purge off the GUI thread."""
        if self.purger.running:
            self._messages.info("Old calls are being removed already.")
            return False
        try:
            days = self._service.settings().retention_days
        except StoreError as exc:
            self._messages.error(str(exc))
            return False
        if not confirm_purge(self._window, days):
            return False
        return self.purger.start(asked=True, days=days)

    def _on_purger_finished(self, removed: int, days: int, asked: bool) -> None:
        if removed:
            self._messages.info(removed_text(removed, days) + ".")
            self._refresh()
        if asked:
            text = (
                f"{removed_text(removed, days)}."
                if removed
                else f"No calls older than {days} days could be removed; nothing was deleted."
            )
            QMessageBox.information(self._window, "Remove old calls", text)

    def _on_purger_failed(self, message: str, asked: bool) -> None:
        self._messages.error(message)
        if asked:
            QMessageBox.warning(self._window, "Remove old calls", message)


__all__ = ["OldCalls", "Purger", "calls_text", "confirm_purge", "removed_text"]
