"""Settings: the API key, the sender's defaults, calling hours, and (for IT) where and how to send.

Three tabs, in the order a practice needs them: "Key and sender" (the API key,
kept in the OS keyring; the defaults each new call starts with; numbers abroad;
history and the do-not-call list), "Calling hours" (quiet hours, bank holidays,
open days, closures) and "Advanced (for IT)" (base URL, format, the waits),
each in its own module (:mod:`.settings_sender`, :mod:`.settings_hours`,
:mod:`.settings_advanced`); this dialog puts them together and saves them.

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
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.service import Service, StoreError
from voicecall_desktop.ui.common.widgets import FieldMessage
from voicecall_desktop.ui.common.worker import WorkerHost
from voicecall_desktop.ui.dialogs.do_not_call import DoNotCallDialog
from voicecall_desktop.ui.dialogs.settings_advanced import AdvancedBox
from voicecall_desktop.ui.dialogs.settings_hours import HoursBox
from voicecall_desktop.ui.dialogs.settings_sender import SenderTab

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
        self._build_tabs(service.settings())
        self._build_buttons()
        self.fields: dict[str, list[QWidget]] = {
            **self.sender_tab.fields,
            **self.hours.fields,
            **self.advanced.fields,
        }
        self.locks = self._policy_locks()
        self._show_locks()
        self._connect()
        self.update_do_not_call_count()

    # -- building ----------------------------------------------------------------

    def _build_tabs(self, settings: Settings) -> None:
        self.sender_tab = SenderTab(self._service, settings, training=self._training)
        self._alias_sender()
        self.hours = HoursBox(settings)
        note = "training sandbox" if self._training else "set by VOICECALL_BASE_URL or --base-url"
        self.advanced = AdvancedBox(settings, self._service.base_url(settings), note)
        self._alias_advanced()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("SettingsTabs")
        self.tabs.addTab(self.sender_tab, "Key and sender")
        self.tabs.addTab(self.hours, "Calling hours")
        self.tabs.addTab(self.advanced, "Advanced (for IT)")

    def _build_buttons(self) -> None:
        self.save_message = FieldMessage("Settings")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("SettingsButtons")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.save_message)
        layout.addWidget(self.buttons)

    def _alias_sender(self) -> None:
        # The dialog's own names for the tab's parts (tests and screen readers use them).
        sender, key_box = self.sender_tab, self.sender_tab.key_box
        self.key_box, self.key_edit, self.key_status = key_box, key_box.key_edit, key_box.key_status
        self.key_message = key_box.key_message
        self.store_key_button = key_box.store_key_button
        self.clear_key_button = key_box.clear_key_button
        self.store_key, self.clear_key = key_box.store_key, key_box.clear_key
        self.update_key_status = key_box.update_key_status
        self.username, self.source, self.site = sender.username, sender.source, sender.site
        self.restrict, self.allow_abroad = sender.restrict, sender.allow_abroad
        self.defaults_message, self.retention = sender.defaults_message, sender.retention
        self.do_not_call_count = sender.do_not_call_count
        self.do_not_call_button = sender.do_not_call_button
        self.update_do_not_call_count = sender.update_do_not_call_count

    def _alias_advanced(self) -> None:
        advanced = self.advanced
        self.base_url, self.base_url_message = advanced.base_url, advanced.base_url_message
        self.format = advanced.format
        self.connect_timeout, self.read_timeout = advanced.connect_timeout, advanced.read_timeout
        self.send_deadline, self.proxy = advanced.send_deadline, advanced.proxy
        self.test_button, self.test_result = advanced.test_button, advanced.test_result

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
                **self.sender_tab.values(),
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
