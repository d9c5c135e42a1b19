"""The main window: the call form, the outbox, the history and the status bar.

It composes the parts and wires their signals; what the buttons mean lives in
:mod:`..booking.actions`, the network work in :mod:`..common.worker`, the rules in the service.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QWidget,
)

from voicecall_desktop import APP_NAME
from voicecall_desktop.service import Service, StaleMove, StoreError
from voicecall_desktop.ui.booking.actions import BookingController
from voicecall_desktop.ui.booking.form import CallFormWidget
from voicecall_desktop.ui.booking.presets import PresetBar
from voicecall_desktop.ui.calls.history import HistoryPane
from voicecall_desktop.ui.calls.outbox import OutboxPane
from voicecall_desktop.ui.calls.refresh import ListRefresher
from voicecall_desktop.ui.common.gc_guard import GuiThreadCollector
from voicecall_desktop.ui.common.icons import app_icon, icon
from voicecall_desktop.ui.common.messages import TIMEOUTS, Messages
from voicecall_desktop.ui.common.widgets import Banner, dropped_csv
from voicecall_desktop.ui.common.worker import WorkerHost
from voicecall_desktop.ui.dialogs.retention import OldCalls
from voicecall_desktop.ui.window import state as window_state
from voicecall_desktop.ui.window.connection import DEFAULT_INTERVAL_MS, ConnectionMonitor
from voicecall_desktop.ui.window.daily_backup import DailyBackup
from voicecall_desktop.ui.window.dialog_launcher import DialogLauncher
from voicecall_desktop.ui.window.key_banner import KeyBanner
from voicecall_desktop.ui.window.layout import central_widget
from voicecall_desktop.ui.window.menus import WindowMenus
from voicecall_desktop.ui.window.sending import OutboxSending
from voicecall_desktop.ui.window.shared_store import SharedStoreWatch, forget_kept_draft
from voicecall_desktop.ui.window.statusbar import StatusBar, StatusPanel

if TYPE_CHECKING:  # the dialogs are imported when first opened, not before the first paint
    from voicecall_desktop.ui.call_list.dialog import ImportDialog

log = logging.getLogger(__name__)

TRAINING_TEXT = "Training mode — no patient is called"


class MainWindow(QMainWindow):
    """VoiceCall Desktop's window.

    Args:
        service: the use cases; the window closes it when it shuts down.
        training: show the training banner (``--demo``).
        probe_interval_ms: how often the connection is checked.
        start_monitor: check the connection from the start (off for ``--smoke``).
        on_shutdown: called last when the window shuts down (e.g. stop the sandbox).
        purge_on_start: remove calls older than the retention period once the window
            has first been shown.
        defer_key_check: ask the keyring whether an API key is stored only once the
            window has painted, off the GUI thread (the keyring's first use can take
            longer than everything else the first paint needs, or hang); the banner
            follows. The default: start-up never asks the keyring on the GUI thread.
        backup_after_paint: take the day's backup copy once the window has painted,
            off the GUI thread (build the service with ``daily_backup=False``).
    """

    def __init__(
        self,
        service: Service,
        *,
        training: bool = False,
        probe_interval_ms: int = DEFAULT_INTERVAL_MS,
        start_monitor: bool = True,
        on_shutdown: Callable[[], None] | None = None,
        purge_on_start: bool = True,
        defer_key_check: bool = True,
        backup_after_paint: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(APP_NAME + (" — training" if training else ""))
        self.setWindowIcon(app_icon())
        self.service = service
        self.training = training
        self._on_shutdown = on_shutdown
        self._shut_down = False
        self._purge_pending = purge_on_start
        self.first_paint: Callable[[], None] | None = None
        self._build_parts(service, probe_interval_ms)
        self._build_banners(training)
        self._lay_out()
        self._make_actions()
        self._connect()
        self._restore(service)
        self._set_up_key_check(defer_key_check)
        self.backup = DailyBackup(service, self)
        self._backup_pending = backup_after_paint
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.installEventFilter(self)
        self.setAcceptDrops(True)  # a .csv dropped on the window opens the Import dialog
        # Cycles holding widgets must never be collected by the worker or a reading thread.
        self.collector = GuiThreadCollector(self)
        if start_monitor:
            # From the first turn of the event loop, shown or not: queued calls must go
            # out when the connection returns even if nobody looks at the window.
            QTimer.singleShot(0, self, self._start_monitor)

    # -- building -----------------------------------------------------------------

    def _build_parts(self, service: Service, probe_interval_ms: int) -> None:
        self.messages = Messages(self)
        self.dialogs = DialogLauncher(self)
        self.host = WorkerHost(service, self)
        self.form = CallFormWidget()
        self.outbox = OutboxPane()
        self.history = HistoryPane(service)
        self.booking = BookingController(service, self.form, self.host, self.messages, self)
        self.presets = PresetBar(service, self.form, self.messages)
        self.form.add_top_bar(self.presets, self.presets.focus_chain())
        self.form.set_blocked_check(service.blocked_reason)
        self.old_calls = OldCalls(service, self.messages, self.refresh, self)
        self.purger = self.old_calls.purger
        self.monitor = ConnectionMonitor(
            self.host,
            queued_count=self._queued_count,
            interval_ms=probe_interval_ms,
            parent=self,
        )
        self.setStatusBar(StatusBar(self))
        self.status = StatusPanel(self.statusBar(), training=self.training)
        self.lists = ListRefresher(
            service, self.outbox, self.history, self.status, self.messages, self
        )
        self.reader = self.lists.reader
        self.sending = OutboxSending(
            self.host,
            self.monitor,
            self.status,
            self.lists,
            self.messages,
            lambda: self.key_banner.check_now(),
            self,
        )
        self._refresh_timer = self.lists.timer
        # Several desks (issue 13): store status, other desks' changes, moving kept calls.
        self.shared_store = SharedStoreWatch(service, self.lists, self.messages, self._busy, self)
        self.statusBar().addPermanentWidget(self.shared_store.widget)
        self.shared_store.moved.connect(forget_kept_draft(self.form))

    def _build_banners(self, training: bool) -> None:
        self.training_banner = Banner(
            TRAINING_TEXT
            + ": calls go to the built-in practice server and are kept apart from real ones.",
            kind="training",
            icon=icon("training"),
        )
        self.training_banner.setVisible(training)
        self.key_banner = KeyBanner(lambda: self.service.has_key(), training=self.training)
        self.key_banner.activated.connect(self.dialogs.open_settings)

    def _restore(self, service: Service) -> None:
        self.form.set_format(service.settings().format)
        self.form.clear(service.settings())
        window_state.restore(self, service.home)  # as saved if it fits the screen
        self.refresh()
        self._show_last_credits()

    def _set_up_key_check(self, defer_key_check: bool) -> None:
        self._key_check_pending = defer_key_check  # until the first paint
        if not defer_key_check:
            self.key_banner.check_now()

    def _lay_out(self) -> None:
        central, self.splitter = central_widget(
            self.form, self.outbox, self.history, (self.training_banner, self.key_banner)
        )
        self.setCentralWidget(central)

    def _make_actions(self) -> None:
        self.menus = WindowMenus(self)

    def _connect(self) -> None:
        self.booking.recordsChanged.connect(self.refresh)
        self.messages.shown.connect(self._on_messages_shown)
        self.monitor.stateChanged.connect(self._on_monitor_state_changed)
        self.outbox.editRequested.connect(self.booking.edit_draft)
        self.outbox.deleteRequested.connect(self.booking.delete_draft)
        self.outbox.toDraftRequested.connect(self.booking.to_draft)
        self.outbox.flushRequested.connect(self.flush_now)
        self.history.useAsNew.connect(self.booking.use_as_new)
        self.history.sendAgainConfirmed.connect(self.booking.send_again)
        self.history.markReviewedRequested.connect(self._on_history_mark_reviewed_requested)

    def _busy(self) -> bool:
        """A call is being sent or the outbox drained: the store is not to be swapped."""
        return self.host.busy or self.sending.flushing or self.booking.pending_id is not None

    # -- refreshing ----------------------------------------------------------------

    def _queued_count(self) -> int:
        return self.lists.queued_count()

    def refresh(self) -> None:
        """Re-read the outbox, the history and the counts after a call changed."""
        self.lists.refresh()

    def _refresh_in_background(self) -> None:
        self.lists.refresh_in_background()

    def _show_last_credits(self) -> None:
        """Until the next answer, the status bar shows the Credits of the latest one."""
        try:
            credits = self.service.last_credits()
        except StoreError:
            return
        if credits is not None:
            self.status.set_credits(credits)

    def _start_backup(self) -> None:
        if not self._shut_down:
            self.backup.start()

    def _start_key_check(self) -> None:
        if not self._shut_down:
            self.key_banner.check_in_background()

    # -- actions -------------------------------------------------------------------

    def flush_now(self) -> None:
        """Send every queued call now, ignoring the back-off (a person asked)."""
        self.sending.flush_now()

    def remove_old_calls(self) -> bool:
        """Settings → Remove old calls…: ask (stating the period), then purge off the GUI thread."""
        return self.old_calls.ask_and_remove()

    def _purge_on_start(self) -> None:
        if not self._shut_down:
            self.purger.start()

    def import_call_list(self, path: str | None = None) -> ImportDialog:
        """Open the Import dialog (one at a time) on ``path``, or ask for a file."""
        return self.dialogs.import_call_list(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_csv(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_csv(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.import_call_list(path)
        else:
            super().dropEvent(event)

    def focus_form(self) -> None:
        self.form.destination.setFocus()

    # -- signals -------------------------------------------------------------------

    def _on_history_mark_reviewed_requested(self, call_id: int) -> None:
        try:
            self.service.mark_reviewed(call_id)
            days = self.service.settings().retention_days
        except (StaleMove, StoreError) as exc:
            self.messages.warning(f"Call #{call_id} was not marked as reviewed: {exc}")
        else:
            self.messages.info(
                f"Call #{call_id} marked as reviewed; it will be removed with other calls "
                f"older than {days} days."
            )
        self.refresh()

    def _on_messages_shown(self, text: str, level: int) -> None:
        self.statusBar().showMessage(text, TIMEOUTS.get(level, 8000))

    def _on_monitor_state_changed(self, state: str) -> None:
        self.status.set_connection(state, self.monitor.detail)

    # -- life cycle ----------------------------------------------------------------

    def _start_monitor(self) -> None:
        if not self._shut_down:
            self.monitor.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.focus_form()
        if self._purge_pending:
            # After the first paint has been queued; the purge itself runs off the GUI thread.
            self._purge_pending = False
            QTimer.singleShot(0, self, self._purge_on_start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.WindowUnblocked and self.isVisible():
            # A question or dialog just closed: take the keyboard back. A window system
            # that does not hand it back (seen under X without a window manager) left
            # typing working but every shortcut (Ctrl+F, Ctrl+Enter) dead.
            QTimer.singleShot(0, self, self.activateWindow)
        if watched is self and event.type() == QEvent.Type.Paint:
            if self._key_check_pending:
                self._key_check_pending = False
                QTimer.singleShot(0, self, self._start_key_check)  # once this paint is done
            if self._backup_pending:
                self._backup_pending = False
                QTimer.singleShot(0, self, self._start_backup)
            if self.first_paint:
                callback, self.first_paint = self.first_paint, None
                callback()
        return super().eventFilter(watched, event)

    def quit_asking(self) -> None:
        """Call → Quit: a form holding a number not kept is asked about first."""
        if self.booking.release_form():
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The title bar's close (a spontaneous event) asks as Quit does; a close
        # from code (shutdown, tests) keeps a changed form with a number as a draft.
        if event.spontaneous() and not self._shut_down and not self.booking.release_form():
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

    def _stop_wait_ms(self) -> int:
        """Long enough for an attempt in flight to get its answer or time out."""
        try:
            settings = self.service.settings()
        except StoreError:
            return 35_000
        return int((settings.connect_timeout + settings.read_timeout + 5) * 1000)

    def shutdown(self) -> None:
        """Keep unsaved work, remember the layout, stop the worker cleanly, close the store."""
        if self._shut_down:
            return
        self._shut_down = True
        self.lists.stop()
        try:
            self.booking.keep_unsaved()
            window_state.save(self, self.service.home)
        except Exception:
            log.exception("could not keep the window's state at shutdown")
        self.monitor.stop()
        self.dialogs.shut_down()
        self.history.setEnabled(False)
        self.hide()  # the person is done; an attempt in flight may still need a moment
        self.purger.wait()
        self.reader.wait()
        self.shared_store.stop()  # issue 13: before the service closes
        self.key_banner.close_down()
        self.backup.wait()  # a copy being written finishes before the store closes
        if self.host.stop(self._stop_wait_ms()):
            self.service.close()
        else:
            # Its call stays "sending" under our lease; the next start makes it "unknown".
            log.error("the send thread is still running at shutdown")
        self.collector.stop()
        if self._on_shutdown is not None:
            self._on_shutdown()
