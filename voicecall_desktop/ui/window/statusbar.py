"""The status bar's permanent parts: connection state, outbox count, last Credits."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QWidget

from voicecall_desktop.ui.common.icons import icon
from voicecall_desktop.ui.window.connection import CHECKING, OFFLINE, ONLINE

_CONNECTION = {
    CHECKING: ("checking", "Connection: checking…"),
    ONLINE: ("online", "Online"),
    OFFLINE: ("offline", "Offline — calls wait in the outbox"),
}


class StatusPanel:
    """Adds the permanent labels to ``bar`` and keeps them up to date."""

    def __init__(self, bar: QStatusBar, *, training: bool = False) -> None:
        self.training = training
        self.connection_icon = QLabel()
        self.connection = QLabel()
        self.connection.setObjectName("ConnectionStatus")
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.connection_icon)
        row.addWidget(self.connection)
        self.queued = QLabel()
        self.queued.setObjectName("QueuedCount")
        self.credits = QLabel("Credits: –")
        self.credits.setObjectName("CreditsStatus")
        self.credits.setToolTip("The Credits figure PatientComms gave with its last answer")
        for widget in (box, self.queued, self.credits):
            bar.addPermanentWidget(widget)
        self.set_connection(CHECKING, "")
        self.set_queued(0)

    def set_connection(self, state: str, detail: str) -> None:
        name, text = _CONNECTION[state]
        if self.training:
            text = f"Training (sandbox) · {text}"
        self.connection_icon.setPixmap(icon(name).pixmap(14, 14))
        self.connection.setText(text)
        self.connection.setToolTip(detail or text)
        self.connection.setAccessibleName(text)

    def set_queued(self, count: int) -> None:
        self.queued.setText(f"Outbox: {count} queued")
        self.queued.setAccessibleName(self.queued.text())

    def set_credits(self, credits: int | None) -> None:
        if credits is not None:
            self.credits.setText(f"Credits: {credits:,}")
            self.credits.setAccessibleName(self.credits.text())
