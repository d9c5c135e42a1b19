"""Settings: the API key (kept in the OS keyring), where and how to send, form defaults.

The key field is masked, checked as a GUID as it is typed, stored only when
"Store key" is pressed, and never shown again: the dialog says only whether
one is stored. "Test connection" reaches the base URL through the same
TLS/proxy path as a real send, in the worker thread, booking nothing. The
do-not-call list opens from here too (its changes take effect at once).
"""

from __future__ import annotations

import logging

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.settings import Settings
from voicecall_desktop.service import Service, StoreError
from voicecall_desktop.ui.common.widgets import FieldMessage, describe, named_button
from voicecall_desktop.ui.common.worker import WorkerHost
from voicecall_desktop.ui.dialogs.do_not_call import DoNotCallDialog
from voicecall_desktop.ui.dialogs.key_box import KeyBox

log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    """Edits the service's settings and the keyring's key; Save writes the settings."""

    def __init__(
        self,
        service: Service,
        host: WorkerHost | None = None,
        *,
        training: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._service = service
        self._host = host
        self._training = training
        settings = service.settings()

        self.key_box = KeyBox(service, training=training, parent=self)
        # The dialog's own names for the key box's parts (tests and screen readers use them).
        self.key_edit, self.key_status = self.key_box.key_edit, self.key_box.key_status
        self.key_message = self.key_box.key_message
        self.store_key_button = self.key_box.store_key_button
        self.clear_key_button = self.key_box.clear_key_button
        self.store_key, self.clear_key = self.key_box.store_key, self.key_box.clear_key
        self.update_key_status = self.key_box.update_key_status
        connection_box = self._build_connection_box(settings)
        defaults_box = self._build_defaults_box(settings)
        do_not_call_box = self._build_do_not_call_box()
        self.save_message = FieldMessage("Settings")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("SettingsButtons")
        layout = QVBoxLayout(self)
        for box in (self.key_box, connection_box, defaults_box, do_not_call_box):
            layout.addWidget(box)
        layout.addWidget(self.save_message)
        layout.addWidget(self.buttons)
        self._connect()
        self.update_do_not_call_count()

    # -- building ----------------------------------------------------------------

    def _build_connection_box(self, settings: Settings) -> QGroupBox:
        self.base_url = QLineEdit(settings.base_url)
        self.base_url.setObjectName("BaseUrlEdit")
        describe(self.base_url, "Base URL", "The PatientComms customer API address (https://…)")
        self.base_url_message = FieldMessage("BaseUrl")
        overridden = self._service.base_url(settings)
        if overridden != settings.base_url:
            self.base_url_message.show_hint(
                f"In use now: {overridden} ("
                + (
                    "training sandbox"
                    if self._training
                    else "set by VOICECALL_BASE_URL or --base-url"
                )
                + ")"
            )
        self.format = QComboBox()
        self.format.setObjectName("FormatCombo")
        self.format.addItem("JSON", "json")
        self.format.addItem("XML", "xml")
        self.format.setCurrentIndex(0 if settings.format == "json" else 1)
        describe(self.format, "Request format", "Send requests as JSON or as DataContract XML")
        self.connect_timeout = self._seconds(settings.connect_timeout, 120, "ConnectTimeout")
        describe(
            self.connect_timeout,
            "Connect timeout",
            "Seconds to wait for PatientComms to accept the connection",
        )
        self.read_timeout = self._seconds(settings.read_timeout, 600, "ReadTimeout")
        describe(
            self.read_timeout,
            "Read timeout",
            "Seconds to wait for PatientComms to answer once the call has been sent",
        )
        self.test_button = named_button(
            "&Test connection",
            "TestConnectionButton",
            "Test connection",
            "Reach the base URL through the proxy and certificate checks; books no call",
        )
        self.test_result = QLabel()
        self.test_result.setObjectName("TestResult")
        self.test_result.setWordWrap(True)
        connection_box = QGroupBox("Connection")
        connection = QFormLayout(connection_box)
        connection.addRow(self._label("&Base URL:", self.base_url), self.base_url)
        connection.addRow("", self.base_url_message)
        connection.addRow(self._label("&Format:", self.format), self.format)
        connection.addRow(
            self._label("Co&nnect timeout:", self.connect_timeout), self.connect_timeout
        )
        connection.addRow(self._label("&Read timeout:", self.read_timeout), self.read_timeout)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        connection.addRow("", self._wrap(test_row))
        return connection_box

    def _build_defaults_box(self, settings: Settings) -> QGroupBox:
        self.username = QLineEdit(settings.username)
        self.username.setObjectName("DefaultUsername")
        describe(
            self.username,
            "Default user name",
            "Your PatientComms user name, filled in on new calls",
        )
        self.source = QLineEdit(settings.source)
        self.source.setObjectName("DefaultSource")
        describe(self.source, "Default source", "Who calls say they are from, 3 to 14 characters")
        self.site = QLineEdit(settings.site)
        self.site.setObjectName("DefaultSite")
        describe(self.site, "Default site ID", "Your CustomerSiteId, if PatientComms gave you one")
        self.restrict = QCheckBox("Restrict sends on new calls")
        self.restrict.setObjectName("DefaultRestrictSends")
        self.restrict.setChecked(settings.restrict_sends)
        describe(self.restrict, "Restrict sends by default", "Tick RestrictSends on every new call")
        self.retention = QSpinBox()
        self.retention.setObjectName("RetentionDays")
        self.retention.setRange(1, 3650)
        self.retention.setSuffix(" days")
        self.retention.setValue(settings.retention_days)
        describe(
            self.retention,
            "History retention",
            "How long finished calls are kept before an explicit purge may remove them",
        )
        defaults_box = QGroupBox("Defaults for new calls")
        defaults = QFormLayout(defaults_box)
        defaults.addRow(self._label("&User name:", self.username), self.username)
        defaults.addRow(self._label("&Source:", self.source), self.source)
        defaults.addRow(self._label("Site &ID:", self.site), self.site)
        defaults.addRow("", self.restrict)
        defaults.addRow(self._label("Keep &history for:", self.retention), self.retention)
        return defaults_box

    def _build_do_not_call_box(self) -> QGroupBox:
        self.do_not_call_count = QLabel()
        self.do_not_call_count.setObjectName("DoNotCallSummary")
        self.do_not_call_count.setWordWrap(True)
        self.do_not_call_button = named_button(
            "Do-not-&call list…",
            "DoNotCallButton",
            "Do-not-call list",
            "Numbers patients asked never to be called: add, remove, import or export them",
        )
        do_not_call_box = QGroupBox("Do-not-call list")
        do_not_call_row = QHBoxLayout(do_not_call_box)
        do_not_call_row.addWidget(self.do_not_call_count, 1)
        do_not_call_row.addWidget(self.do_not_call_button)
        return do_not_call_box

    def _connect(self) -> None:
        self.test_button.clicked.connect(self.test_connection)
        self.do_not_call_button.clicked.connect(self.open_do_not_call)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if self._host is not None:
            self._host.worker.tested.connect(self._on_worker_tested)
        else:
            self.test_button.setEnabled(False)
        if self._training:
            self.base_url.setEnabled(False)

    # -- helpers -----------------------------------------------------------------

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _wrap(layout: QHBoxLayout) -> QWidget:
        box = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        box.setLayout(layout)
        return box

    @staticmethod
    def _seconds(value: float, maximum: int, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setObjectName(name)
        box.setRange(0.5, maximum)
        box.setDecimals(1)
        box.setSuffix(" s")
        box.setValue(value)
        return box

    # -- the do-not-call list ----------------------------------------------------

    def update_do_not_call_count(self) -> None:
        try:
            count = len(self._service.do_not_call_list())
        except StoreError as exc:
            self.do_not_call_count.setText(f"The list could not be read: {exc}")
            return
        if count:
            listed = f"{count} number{'s' * (count != 1)} on the list"
        else:
            listed = "No numbers on the list"
        self.do_not_call_count.setText(
            f"{listed}. The form, the command line and call-list imports refuse them."
        )

    def open_do_not_call(self) -> None:
        dialog = DoNotCallDialog(self._service, parent=self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        self.update_do_not_call_count()

    # -- settings ----------------------------------------------------------------

    def settings(self) -> Settings:
        """The settings as entered.

        Raises:
            ValidationError: a value is not allowed (e.g. a base URL without https://).
        """
        return Settings.model_validate(
            {
                **self._service.settings().model_dump(),
                "username": self.username.text().strip(),
                "source": self.source.text().strip(),
                "site": self.site.text().strip(),
                "restrict_sends": self.restrict.isChecked(),
                "base_url": self.base_url.text().strip(),
                "format": self.format.currentData(),
                "connect_timeout": self.connect_timeout.value(),
                "read_timeout": self.read_timeout.value(),
                "retention_days": self.retention.value(),
            }
        )

    def test_connection(self) -> None:
        if self._host is None:
            return
        try:
            settings = self.settings()
        except ValidationError as exc:
            self._show_invalid(exc)
            return
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("color: #4b5563;")
        self.test_result.setText("Testing…")
        self._host.test_connection(settings)

    def _on_worker_tested(self, ok: bool, text: str) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setStyleSheet("color: #166534;" if ok else "color: #b91c1c;")
        self.test_result.setText(text)

    def save(self) -> None:
        if self.key_edit.text().strip() and not self.store_key():
            return  # a key typed but not stored: say why rather than lose it silently
        try:
            settings = self.settings()
        except ValidationError as exc:
            self._show_invalid(exc)
            return
        self._service.save_settings(settings)
        log.info("settings saved")
        self.accept()

    def _show_invalid(self, exc: ValidationError) -> None:
        names = {
            "base_url": "Base URL",
            "connect_timeout": "Connect timeout",
            "read_timeout": "Read timeout",
            "retention_days": "History",
        }
        lines = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()))
            message = str(error.get("msg", "is not allowed")).removeprefix("Value error, ")
            lines.append(f"{names.get(where, where)}: {message}")
        self.save_message.show_error("\n".join(lines))
        if any("base_url" in line or "Base URL" in line for line in lines):
            self.base_url.setFocus(Qt.FocusReason.OtherFocusReason)
