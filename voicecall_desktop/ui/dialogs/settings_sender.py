"""Settings → Key and sender: the API key, what every new call starts with, history.

The key itself is :class:`~.key_box.KeyBox`'s (kept in the OS keyring, never
shown again). The defaults (user name, source, site, restrict sends, numbers
abroad) are what each new call starts with; Save checks them with the form's
own rules. The history's retention and the do-not-call list's count (the list
opens in its own dialog) complete the tab.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
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
from voicecall_desktop.ui.dialogs.key_box import KeyBox


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class SenderTab(QWidget):
    """The "Key and sender" tab; ``values()`` gives its settings for :class:`Settings`."""

    def __init__(
        self,
        service: Service,
        settings: Settings,
        *,
        training: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self.key_box = KeyBox(service, training=training, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_box)
        layout.addWidget(self._build_defaults_box(settings))
        layout.addWidget(self._build_records_box(settings))
        layout.addStretch(1)
        #: Each setting's widgets, by the setting's name.
        self.fields: dict[str, list[QWidget]] = {
            "username": [self.username],
            "source": [self.source],
            "site": [self.site],
            "restrict_sends": [self.restrict],
            "allow_abroad": [self.allow_abroad],
            "retention_days": [self.retention],
        }

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

    def values(self) -> dict[str, object]:
        """The tab's settings as entered, by name (each checked by the settings model)."""
        return {
            "username": self.username.text().strip(),
            "source": self.source.text().strip(),
            "site": self.site.text().strip(),
            "restrict_sends": self.restrict.isChecked(),
            "allow_abroad": self.allow_abroad.isChecked(),
            "retention_days": self.retention.value(),
        }

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


__all__ = ["SenderTab"]
