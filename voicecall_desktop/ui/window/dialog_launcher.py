"""The dialogs the main window opens: Settings, the do-not-call list, Import call list
(one at a time, also for a file dropped on the window), About and the log folder.

Each dialog's module is imported when it is first opened, not before the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from voicecall_desktop import APP_NAME, __version__
from voicecall_desktop.logs import log_path

if TYPE_CHECKING:
    from voicecall_desktop.ui.call_list.dialog import ImportDialog
    from voicecall_desktop.ui.window.main_window import MainWindow


class DialogLauncher(QObject):
    """Opens ``window``'s dialogs and brings what they changed back into it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        #: The Import dialog while it is open (one at a time).
        self.import_dialog: ImportDialog | None = None

    def open_settings(self) -> None:
        from voicecall_desktop.ui.dialogs.settings import SettingsDialog

        window = self._window
        service = window.service
        dialog = SettingsDialog(service, window.host, training=window.training, parent=window)
        if dialog.exec():
            window.form.set_format(service.settings().format)
            window.host.reset_client()
            window.monitor.check_now()
            window.messages.info("Settings saved.")
        window.key_banner.check_now()
        window.form.recheck_destination()  # the do-not-call list may have changed there

    def open_do_not_call(self) -> None:
        from voicecall_desktop.ui.dialogs.do_not_call import DoNotCallDialog

        dialog = DoNotCallDialog(self._window.service, parent=self._window)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        self._window.form.recheck_destination()

    def import_call_list(self, path: str | None = None) -> ImportDialog:
        """Open the Import dialog (one at a time) on ``path``, or ask for a file."""
        dialog = self.import_dialog
        if dialog is None:
            from voicecall_desktop.ui.call_list.dialog import ImportDialog

            window = self._window
            dialog = ImportDialog(
                window.service, window.host, messages=window.messages, parent=window
            )
            dialog.queued.connect(window.refresh)
            dialog.finished.connect(self._on_import_dialog_finished)
            self.import_dialog = dialog
            dialog.open()
        else:
            dialog.raise_()
            dialog.activateWindow()
        if path:
            dialog.load_path(path)
        elif dialog.model.preview is None:
            QTimer.singleShot(0, dialog, dialog.choose_file)
        return dialog

    def _on_import_dialog_finished(self) -> None:
        dialog, self.import_dialog = self.import_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self._window.refresh()

    def shut_down(self) -> None:
        """The window is closing: an Import under way stops before its next call."""
        if self.import_dialog is not None:
            self.import_dialog.shut_down()

    def open_log_folder(self) -> None:
        folder = log_path(self._window.service.home).parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def about(self) -> None:
        home = self._window.service.home
        QMessageBox.about(
            self._window,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nBooks automated patient voice calls through the "
            f"PatientComms API.\n\nData folder: {home}\nLog file: {log_path(home)}",
        )


__all__ = ["DialogLauncher"]
