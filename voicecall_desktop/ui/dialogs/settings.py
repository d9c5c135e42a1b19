"""Settings: the API key, the sender's defaults, calling hours, and (for IT) where and how to send.

Three tabs, in the order a practice needs them: "Key and sender" (the API key,
kept in the OS keyring; the defaults each new call starts with; numbers abroad;
history and the do-not-call list), "Calling hours" (quiet hours, bank holidays,
open days, closures) and "Advanced (for IT)" (base URL, format, the waits).

The key field is masked, checked as a GUID as it is typed, stored only when
"Store key" is pressed, and never shown again. Save checks everything with the
service's own rules (:meth:`Service.check_settings`, the form's rules for the
defaults) and saves nothing while a field is wrong, saying which. Settings
fixed by IT (policy) are shown read-only with "Set by your IT department".
"""

from __future__ import annotations

import logging

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.service import Service, StoreError
from voicecall_desktop.ui.common.widgets import FieldMessage, describe, named_button
from voicecall_desktop.ui.common.worker import WorkerHost
from voicecall_desktop.ui.dialogs.do_not_call import DoNotCallDialog
from voicecall_desktop.ui.dialogs.key_box import KeyBox
from voicecall_desktop.ui.dialogs.settings_advanced import AdvancedBox
from voicecall_desktop.ui.dialogs.settings_hours import HoursBox

log = logging.getLogger(__name__)

SET_BY_IT = "Set by your IT department"
#: How each setting is named to a person, in messages.
FIELD_NAMES = {
    "username": "User name",
    "source": "Source",
    "site": "Site ID",
    "restrict_sends": "Restrict sends",
    "allow_abroad": "Numbers outside the UK",
    "retention_days": "Keep history for",
    "base_url": "Base URL",
    "proxy": "Proxy",
    "format": "Request format",
    "connect_timeout": "Wait to connect",
    "read_timeout": "Wait for an answer",
    "send_deadline": "Longest wait for one attempt",
    "quiet_hours_start": "Calls to",
    "quiet_hours_end": "Calls from",
    "nation": "Bank holidays for",
    "open_weekdays": "Open on",
    "closures": "Closures",
}
SENDER_TAB, HOURS_TAB, ADVANCED_TAB = 0, 1, 2


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _explain(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #374151;")
    return label


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
        self.hours = HoursBox(settings)
        note = "training sandbox" if training else "set by VOICECALL_BASE_URL or --base-url"
        self.advanced = AdvancedBox(settings, service.base_url(settings), note)
        self._alias_advanced()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("SettingsTabs")
        self.tabs.addTab(self._build_sender_tab(settings), "Key and sender")
        self.tabs.addTab(self.hours, "Calling hours")
        self.tabs.addTab(self.advanced, "Advanced (for IT)")
        self.save_message = FieldMessage("Settings")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("SettingsButtons")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.save_message)
        layout.addWidget(self.buttons)
        self.fields: dict[str, list[QWidget]] = {
            "username": [self.username],
            "source": [self.source],
            "site": [self.site],
            "restrict_sends": [self.restrict],
            "allow_abroad": [self.allow_abroad],
            "retention_days": [self.retention],
            **self.hours.fields,
            **self.advanced.fields,
        }
        self.locks = self._policy_locks()
        self._show_locks()
        self._connect()
        self.update_do_not_call_count()

    # -- building ----------------------------------------------------------------

    def _alias_advanced(self) -> None:
        advanced = self.advanced
        self.base_url, self.base_url_message = advanced.base_url, advanced.base_url_message
        self.format = advanced.format
        self.connect_timeout, self.read_timeout = advanced.connect_timeout, advanced.read_timeout
        self.send_deadline, self.proxy = advanced.send_deadline, advanced.proxy
        self.test_button, self.test_result = advanced.test_button, advanced.test_result

    def _build_sender_tab(self, settings: Settings) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.key_box)
        layout.addWidget(self._build_defaults_box(settings))
        layout.addWidget(self._build_records_box(settings))
        layout.addStretch(1)
        return page

    def _build_defaults_box(self, settings: Settings) -> QGroupBox:
        self.username = QLineEdit(settings.username)
        self.username.setObjectName("DefaultUsername")
        describe(
            self.username,
            "Default user name",
            "Your PatientComms user name; every new call starts with it",
        )
        self.source = QLineEdit(settings.source)
        self.source.setObjectName("DefaultSource")
        describe(
            self.source,
            "Default source",
            "The name the patient hears the call is from, e.g. Riverside GP (3 to 14 letters)",
        )
        self.site = QLineEdit(settings.site)
        self.site.setObjectName("DefaultSite")
        describe(
            self.site,
            "Default site ID",
            "Which of your practice's sites books the call, if PatientComms gave you site IDs; "
            "otherwise leave it empty",
        )
        self.restrict = QCheckBox("Restrict sends on new calls")
        self.restrict.setObjectName("DefaultRestrictSends")
        self.restrict.setChecked(settings.restrict_sends)
        describe(
            self.restrict,
            "Restrict sends by default",
            "Ask PatientComms to hold back a call to a number it has been told not to call",
        )
        self.allow_abroad = QCheckBox("Allow numbers &outside the UK")
        self.allow_abroad.setObjectName("AllowAbroad")
        self.allow_abroad.setChecked(settings.allow_abroad)
        describe(
            self.allow_abroad,
            "Allow numbers outside the UK",
            "Off: only UK numbers can be called (premium and service numbers never can)",
        )
        box = QGroupBox("Every new call starts with")
        rows = QFormLayout(box)
        rows.addRow(_label("&User name:", self.username), self.username)
        rows.addRow(_label("&Source:", self.source), self.source)
        rows.addRow(_label("Site &ID:", self.site), self.site)
        rows.addRow("", self.restrict)
        rows.addRow("", self.allow_abroad)
        self.defaults_message = FieldMessage("Defaults")
        rows.addRow("", self.defaults_message)
        return box

    def _build_records_box(self, settings: Settings) -> QGroupBox:
        self.retention = QSpinBox()
        self.retention.setObjectName("RetentionDays")
        self.retention.setRange(1, 3650)
        self.retention.setSuffix(" days")
        self.retention.setValue(settings.retention_days)
        describe(
            self.retention,
            "Keep history for",
            "Finished calls older than this can be removed (Settings → Remove old calls…)",
        )
        self.do_not_call_count = QLabel()
        self.do_not_call_count.setObjectName("DoNotCallSummary")
        self.do_not_call_count.setWordWrap(True)
        self.do_not_call_button = named_button(
            "Do-not-&call list…",
            "DoNotCallButton",
            "Do-not-call list",
            "Numbers patients asked never to be called: add, remove, import or export them",
        )
        box = QGroupBox("History and the do-not-call list")
        rows = QFormLayout(box)
        rows.addRow(_label("Keep &history for:", self.retention), self.retention)
        do_not_call_row = QHBoxLayout()
        do_not_call_row.setContentsMargins(0, 0, 0, 0)
        do_not_call_row.addWidget(self.do_not_call_count, 1)
        do_not_call_row.addWidget(self.do_not_call_button)
        holder = QWidget()
        holder.setLayout(do_not_call_row)
        rows.addRow(holder)
        return box

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

    # -- settings fixed by IT ------------------------------------------------------

    def _policy_locks(self) -> dict[str, str]:
        return dict(self._service.policy_locks())

    def _show_locks(self) -> None:
        for name, reason in self.locks.items():
            widgets = self.fields.get(name, [])
            for widget in widgets:
                if isinstance(widget, QLineEdit | QPlainTextEdit):
                    widget.setReadOnly(True)
                    widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                    # Grey, as a disabled box is: white reads as "type here".
                    widget.setStyleSheet("background: #eef0f3; color: #374151;")
                else:
                    widget.setEnabled(False)
                widget.setToolTip(reason)
                widget.setProperty("lockedByPolicy", True)
            if widgets:
                self._add_lock_note(widgets[0], name, reason)

    def _add_lock_note(self, widget: QWidget, name: str, reason: str) -> None:
        """A "Set by your IT department" line under the field's row."""
        note = QLabel(SET_BY_IT)
        note.setObjectName(f"{name}Locked")
        note.setToolTip(reason)
        note.setAccessibleName(f"{FIELD_NAMES.get(name, name)}: {reason}")
        note.setStyleSheet("color: #4b5563;")
        holder: QWidget | None = widget
        while holder is not None:
            parent = holder.parentWidget()
            if parent is None:
                break
            for layout in parent.findChildren(QFormLayout):
                position: tuple[int, object] = layout.getWidgetPosition(holder)  # type: ignore[assignment]
                row = position[0]
                if row >= 0:
                    layout.insertRow(row + 1, "", note)
                    return
            holder = parent

    # -- the do-not-call list ----------------------------------------------------

    def update_do_not_call_count(self) -> None:
        try:
            count = len(self._service.do_not_call_list())
        except StoreError as exc:
            self.do_not_call_count.setText(f"The list could not be read: {exc}")
            return
        if count:
            listed = f"{count:,} number{'s' * (count != 1)} on the list"
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
                "allow_abroad": self.allow_abroad.isChecked(),
                "retention_days": self.retention.value(),
                **self.hours.values(),
                **self.advanced.values(),
            }
        )

    def test_connection(self) -> None:
        if self._host is None:
            return
        try:
            settings = self.settings()
        except ValidationError as exc:
            self._show_problems(self._validation_problems(exc))
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
        """Check everything as the service does; save only when nothing is wrong."""
        if self.key_edit.text().strip() and not self.store_key():
            return  # a key typed but not stored: say why rather than lose it silently
        self.hours.clear_messages()
        self.defaults_message.clear_message()
        try:
            settings = self.settings()
        except ValidationError as exc:
            self._show_problems(self._validation_problems(exc))
            return
        problems = self._service.check_settings(settings)
        if problems:
            self._show_problems(problems)
            return
        try:
            self._service.save_settings(settings)
        except (FieldError, StoreError) as exc:  # a setting IT fixed, a locked database
            self.save_message.show_error(f"Not saved: {exc}")
            return
        log.info("settings saved")
        self.accept()

    @staticmethod
    def _validation_problems(exc: ValidationError) -> list[FieldError]:
        problems = []
        for error in exc.errors():
            loc = error.get("loc", ())
            name = str(loc[0]) if loc else "settings"
            message = str(error.get("msg", "is not allowed")).removeprefix("Value error, ")
            if name == "closures" and len(loc) > 1 and isinstance(loc[1], int):
                message = f"line {loc[1] + 1}: {message}"
            problems.append(FieldError(name, message))
        return problems

    def _show_problems(self, problems: list[FieldError]) -> None:
        """Each problem beside its field where it has one, all of them above Save."""
        lines = [f"{FIELD_NAMES.get(p.field, p.field)}: {p.message}" for p in problems]
        self.save_message.show_error("Not saved. " + "\n".join(lines))
        for problem in problems:
            text = f"{FIELD_NAMES.get(problem.field, problem.field)}: {problem.message}"
            if problem.field in self.hours.messages:
                self.hours.messages[problem.field].show_error(text)
            elif problem.field in ("username", "source", "site"):
                self.defaults_message.show_error(text)
        first = self.fields.get(problems[0].field, []) if problems else []
        if first:
            widget = first[0]
            for index in range(self.tabs.count()):
                page = self.tabs.widget(index)
                if page is not None and page.isAncestorOf(widget):
                    self.tabs.setCurrentIndex(index)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)


__all__ = ["FIELD_NAMES", "SET_BY_IT", "SettingsDialog"]
