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
from voicecall_desktop.secrets import BadKey, KeyringUnavailable, normalise_key
from voicecall_desktop.service import Service
from voicecall_desktop.store import StoreError
from voicecall_desktop.ui.common.icons import icon
from voicecall_desktop.ui.common.widgets import FieldMessage, describe, named_button
from voicecall_desktop.ui.common.worker import WorkerHost
from voicecall_desktop.ui.dialogs.do_not_call import DoNotCallDialog

log = logging.getLogger(__name__)


def _sentence(text: str) -> str:
    """``APIKey: that is not…`` → ``That is not…`` (the field is already labelled)."""
    text = text.removeprefix("APIKey: ")
    return text[:1].upper() + text[1:]


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

        # -- API key ---------------------------------------------------------
        self.key_status = QLabel()
        self.key_status.setObjectName("KeyStatus")
        self.key_status.setWordWrap(True)
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("ApiKeyEdit")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
        describe(
            self.key_edit,
            "API key",
            "Paste the PatientComms API key (a GUID). It is kept in the system keyring, "
            "never in the database, and is not shown again.",
        )
        self.key_message = FieldMessage("APIKey")
        self.store_key_button = named_button(
            "Store &key", "StoreKeyButton", "Store key", "Keep this key in the system keyring"
        )
        self.store_key_button.setEnabled(False)
        self.clear_key_button = named_button(
            "C&lear stored key",
            "ClearKeyButton",
            "Clear stored key",
            "Remove the key from the keyring",
        )
        key_box = QGroupBox("PatientComms API key")
        key_layout = QVBoxLayout(key_box)
        key_status_row = QHBoxLayout()
        key_picture = QLabel()
        key_picture.setPixmap(icon("key").pixmap(20, 20))
        key_status_row.addWidget(key_picture)
        key_status_row.addWidget(self.key_status, 1)
        key_layout.addLayout(key_status_row)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.store_key_button)
        key_row.addWidget(self.clear_key_button)
        key_layout.addLayout(key_row)
        key_layout.addWidget(self.key_message)

        # -- connection ------------------------------------------------------
        self.base_url = QLineEdit(settings.base_url)
        self.base_url.setObjectName("BaseUrlEdit")
        describe(self.base_url, "Base URL", "The PatientComms customer API address (https://…)")
        self.base_url_message = FieldMessage("BaseUrl")
        overridden = service.base_url(settings)
        if overridden != settings.base_url:
            self.base_url_message.show_hint(
                f"In use now: {overridden} ("
                + ("training sandbox" if training else "set by VOICECALL_BASE_URL or --base-url")
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

        # -- defaults and history ---------------------------------------------
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

        # -- do-not-call list --------------------------------------------------
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

        self.save_message = FieldMessage("Settings")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("SettingsButtons")
        layout = QVBoxLayout(self)
        layout.addWidget(key_box)
        layout.addWidget(connection_box)
        layout.addWidget(defaults_box)
        layout.addWidget(do_not_call_box)
        layout.addWidget(self.save_message)
        layout.addWidget(self.buttons)

        self.key_edit.textChanged.connect(self._on_key_edit_text_changed)
        self.key_edit.returnPressed.connect(self.store_key)
        self.store_key_button.clicked.connect(self.store_key)
        self.clear_key_button.clicked.connect(self.clear_key)
        self.test_button.clicked.connect(self.test_connection)
        self.do_not_call_button.clicked.connect(self.open_do_not_call)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if host is not None:
            host.worker.tested.connect(self._on_worker_tested)
        else:
            self.test_button.setEnabled(False)
        if training:
            self.base_url.setEnabled(False)
        self.update_key_status()
        self.update_do_not_call_count()

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

    # -- the key -------------------------------------------------------------------

    def update_key_status(self) -> None:
        try:
            stored = self._service.keys.is_stored()
        except KeyringUnavailable as exc:
            self.key_status.setText(str(exc))
            self.store_key_button.setEnabled(False)
            self.clear_key_button.setEnabled(False)
            return
        if self._training:
            self.key_status.setText("Training mode: a practice key is used; nothing is stored.")
        elif stored:
            self.key_status.setText("A key is stored in the system keyring.")
        else:
            self.key_status.setText("No key is stored. Calls can be drafted but not sent.")
        self.clear_key_button.setEnabled(stored and not self._training)

    def _on_key_edit_text_changed(self, text: str) -> None:
        if not text.strip():
            self.key_message.clear_message()
            self.store_key_button.setEnabled(False)
            return
        try:
            normalise_key(text)
        except BadKey as exc:
            self.key_message.show_error(_sentence(str(exc)))
            self.store_key_button.setEnabled(False)
        else:
            self.key_message.show_hint("That looks like a PatientComms key.")
            self.store_key_button.setEnabled(True)

    def store_key(self) -> bool:
        text = self.key_edit.text()
        if not text.strip():
            return False
        try:
            self._service.keys.set(text)
        except (BadKey, KeyringUnavailable) as exc:
            self.key_message.show_error(_sentence(str(exc)))
            return False
        self.key_edit.clear()
        self.key_message.show_hint("Key stored.")
        self.update_key_status()
        return True

    def clear_key(self) -> None:
        try:
            self._service.keys.delete()
        except KeyringUnavailable as exc:
            self.key_message.show_error(str(exc))
            return
        self.key_message.show_hint("The stored key was removed.")
        self.update_key_status()

    # -- the do-not-call list ----------------------------------------------------

    def update_do_not_call_count(self) -> None:
        try:
            count = len(self._service.do_not_call.all())
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
