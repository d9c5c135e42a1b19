"""Settings → Advanced (for IT): where requests go and through which proxy, how long to wait.

A receptionist never needs these; IT may, when PatientComms gives another
address or the practice's network is slow. Each says what it is for.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.settings import Settings
from voicecall_desktop.ui.common.widgets import FieldMessage, describe, named_button

EXPLAIN = (
    "For IT: leave these as they are unless PatientComms or your IT support asks you to "
    "change them."
)


def seconds(value: float, maximum: int, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setRange(0.5, maximum)
    box.setDecimals(1)
    box.setSuffix(" s")
    box.setValue(value)
    return box


class AdvancedBox(QWidget):
    """Base URL, proxy, request format, the three waits, and Test connection."""

    def __init__(self, settings: Settings, in_use: str, note: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AdvancedBox")
        explain = QLabel(EXPLAIN)
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #374151;")
        self.base_url = QLineEdit(settings.base_url)
        self.base_url.setObjectName("BaseUrlEdit")
        describe(
            self.base_url,
            "Base URL",
            "The address of the PatientComms service calls are booked through (https://…)",
        )
        self.base_url_message = FieldMessage("BaseUrl")
        if in_use != settings.base_url:
            self.base_url_message.show_hint(f"In use now: {in_use} ({note})")
        self.proxy = QLineEdit(settings.proxy)
        self.proxy.setObjectName("ProxyEdit")
        self.proxy.setPlaceholderText("none: the PC's own proxy settings are used")
        describe(
            self.proxy,
            "Proxy",
            "Only if your practice's network sends web traffic through a proxy that this PC "
            "does not already know about, e.g. proxy.practice.nhs.uk:8080",
        )
        self.format = QComboBox()
        self.format.setObjectName("FormatCombo")
        self.format.addItem("JSON", "json")
        self.format.addItem("XML", "xml")
        self.format.setCurrentIndex(0 if settings.format == "json" else 1)
        describe(
            self.format,
            "Request format",
            "How requests are written to PatientComms; both book the same call",
        )
        self.connect_timeout = seconds(settings.connect_timeout, 120, "ConnectTimeout")
        describe(
            self.connect_timeout,
            "Wait to connect",
            "How long to wait for PatientComms to pick up before trying again later",
        )
        self.read_timeout = seconds(settings.read_timeout, 600, "ReadTimeout")
        describe(
            self.read_timeout,
            "Wait for an answer",
            "How long to wait between parts of PatientComms' answer once a call has gone",
        )
        self.send_deadline = seconds(settings.send_deadline, 900, "SendDeadline")
        describe(
            self.send_deadline,
            "Longest wait for one attempt",
            "However the answer trickles in, an attempt that takes longer is marked "
            "'not sure' and the call is checked before sending again",
        )
        self.test_button = named_button(
            "Test co&nnection",
            "TestConnectionButton",
            "Test connection",
            "Reach PatientComms through the proxy and certificate checks; books no call",
        )
        self.test_result = QLabel()
        self.test_result.setObjectName("TestResult")
        self.test_result.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self._label("&Base URL:", self.base_url), self.base_url)
        form.addRow("", self.base_url_message)
        form.addRow(self._label("Pro&xy:", self.proxy), self.proxy)
        form.addRow(self._label("Request format:", self.format), self.format)
        form.addRow(self._label("Wait to connect:", self.connect_timeout), self.connect_timeout)
        form.addRow(self._label("Wait for an answer:", self.read_timeout), self.read_timeout)
        form.addRow(
            self._label("Longest wait for one attempt:", self.send_deadline), self.send_deadline
        )
        test_row = QHBoxLayout()
        test_row.setContentsMargins(0, 0, 0, 0)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addStretch(1)
        self.fields: dict[str, list[QWidget]] = {
            "base_url": [self.base_url],
            "proxy": [self.proxy],
            "format": [self.format],
            "connect_timeout": [self.connect_timeout],
            "read_timeout": [self.read_timeout],
            "send_deadline": [self.send_deadline],
        }

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def values(self) -> dict[str, object]:
        return {
            "base_url": self.base_url.text().strip(),
            "proxy": self.proxy.text().strip(),
            "format": self.format.currentData(),
            "connect_timeout": self.connect_timeout.value(),
            "read_timeout": self.read_timeout.value(),
            "send_deadline": self.send_deadline.value(),
        }


__all__ = ["AdvancedBox", "seconds"]
