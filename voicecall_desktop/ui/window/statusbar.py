"""The status bar: the latest message, then connection, outbox count and Credits.

On a narrow screen nothing overlaps: the message is cut short with "…" where
the permanent parts begin (its full text in the tooltip), and the permanent
parts themselves shorten with "…" rather than push each other off the bar.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QStyle, QStyleOption, QWidget

from voicecall_desktop.ui.common.icons import icon
from voicecall_desktop.ui.common.widgets import ElidedLabel
from voicecall_desktop.ui.window.connection import CHECKING, OFFLINE, ONLINE

_CONNECTION = {
    CHECKING: ("checking", "Connection: checking…"),
    ONLINE: ("online", "Online"),
    OFFLINE: ("offline", "Offline — calls wait in the outbox"),
}


class StatusBar(QStatusBar):
    """A status bar whose message is elided before the permanent widgets, never under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatusBar")
        self.messageChanged.connect(self.setToolTip)

    def message_rect_right(self) -> int:
        """Where the message must end: just left of the first visible permanent widget."""
        right = self.width() - 12
        lefts = [
            child.x()
            for child in self.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child.isVisible() and child.property("permanent")
        ]
        return min([right, *(left - 8 for left in lefts)])

    def paintEvent(self, event: QPaintEvent) -> None:
        message = self.currentMessage()
        if not message:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        left, right = 6, self.message_rect_right()
        text = self.fontMetrics().elidedText(
            message, Qt.TextElideMode.ElideRight, max(0, right - left)
        )
        painter.setPen(self.palette().windowText().color())
        painter.drawText(
            left,
            0,
            max(0, right - left),
            self.height(),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text,
        )

    def shown_message(self) -> str:
        """The message as it is drawn now (elided on a narrow bar)."""
        return self.fontMetrics().elidedText(
            self.currentMessage(),
            Qt.TextElideMode.ElideRight,
            max(0, self.message_rect_right() - 6),
        )


class StatusPanel:
    """Adds the permanent labels to ``bar`` and keeps them up to date."""

    def __init__(self, bar: QStatusBar, *, training: bool = False) -> None:
        self.training = training
        self.connection_icon = QLabel()
        self.connection = ElidedLabel()
        self.connection.setObjectName("ConnectionStatus")
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.connection_icon)
        row.addWidget(self.connection)
        self.queued = ElidedLabel()
        self.queued.setObjectName("QueuedCount")
        self.credits = ElidedLabel("Credits: –")
        self.credits.setObjectName("CreditsStatus")
        self.credits.setToolTip("The Credits figure PatientComms gave with its last answer")
        self.parts = (box, self.queued, self.credits)
        for widget in self.parts:
            widget.setProperty("permanent", True)
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
        self.queued.setText(f"Outbox: {count:,} queued")
        self.queued.setAccessibleName(self.queued.text())

    def set_credits(self, credits: int | None) -> None:
        if credits is not None:
            self.credits.setText(f"Credits: {credits:,}")
            self.credits.setAccessibleName(self.credits.text())
