"""At start-up, a damaged database: offer the latest backup copy instead of a dead window.

The store refuses a damaged file before writing anything (``DamagedDatabase``)
and leaves it byte for byte as it was. This dialog says so in plain words and
offers the newest copy from the data folder's ``backups/`` (one is taken each
day): restoring keeps the damaged file aside, never deletes it. With no copy,
it says whom to ask and where the file is. Nothing here opens the database:
:meth:`Service.backups` and :meth:`Service.restore_backup` work without it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop import APP_NAME
from voicecall_desktop.service import Service, StoreError

log = logging.getLogger(__name__)


def _when(taken_at: datetime) -> str:
    return taken_at.strftime("%d/%m/%Y at %H:%M")


class RestoreDialog(QDialog):
    """Explains the damage; "Restore the latest copy" or "Quit". Accepted once restored."""

    def __init__(self, home: Path, damaged: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RestoreDialog")
        self.setWindowTitle(f"{APP_NAME} — the call database is damaged")
        self.setMinimumWidth(480)
        self.home = home
        self.damaged = damaged
        self.kept_aside: Path | None = None
        self.backups = Service.backups(home)
        self.latest = self.backups[0] if self.backups else None
        self.text = QLabel(self._explain())
        self.text.setObjectName("RestoreText")
        self.text.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setObjectName("RestoreResult")
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet("color: #b91c1c;")
        self.result_label.hide()
        self.buttons = QDialogButtonBox()
        self.restore_button: QPushButton | None = None
        if self.latest is not None:
            self.restore_button = self.buttons.addButton(
                "&Restore the latest copy", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.restore_button.setObjectName("RestoreButton")
            self.restore_button.setDefault(True)
            self.restore_button.clicked.connect(self.restore)
        self.quit_button = self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.setObjectName("QuitButton")
        self.quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)

    def _explain(self) -> str:
        opening = (
            f"{APP_NAME} cannot open its list of calls: the file is damaged "
            f"({self.damaged}). Nothing has been changed in it, and no call has been sent."
        )
        if self.latest is None:
            return (
                f"{opening}\n\nThere is no backup copy to go back to. Ask your IT support "
                "to look at the file; until then calls cannot be booked on this PC."
            )
        return (
            f"{opening}\n\nThe latest backup copy was taken on {_when(self.latest.taken_at)}. "
            "Restoring it brings back the calls, drafts and settings as they were then; "
            "anything booked after that is not in it, so check the PatientComms portal for "
            "calls made since. The damaged file is kept aside, not deleted, for IT."
        )

    def restore(self) -> None:
        """Put the latest copy in place; stay open and say why if that is refused."""
        if self.latest is None:
            return
        try:
            self.kept_aside = Service.restore_backup(self.latest.path, self.home)
        except StoreError as exc:  # another VoiceCall open, a damaged copy: nothing changed
            log.error("restoring %s failed: %s", self.latest.path, exc)
            self.result_label.setText(f"Not restored: {exc}")
            self.result_label.show()
            return
        log.warning("database restored from %s at start-up", self.latest.path)
        self.accept()


def offer_restore(home: Path, damaged: str, parent: QWidget | None = None) -> bool:
    """Show :class:`RestoreDialog`; True when a copy was put in place (open the service again)."""
    dialog = RestoreDialog(home, damaged, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


__all__ = ["RestoreDialog", "offer_restore"]
