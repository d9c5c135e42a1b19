"""The settings dialog's API key box: whether a key is stored, storing and clearing it.

The key itself goes straight to the system keyring through the service; it is
never shown again once stored.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from voicecall_desktop.service import BadKey, KeyringUnavailable, Service, normalise_key
from voicecall_desktop.ui.common.icons import icon
from voicecall_desktop.ui.common.widgets import FieldMessage, describe, named_button


def sentence(text: str) -> str:
    """``APIKey: that is not…`` → ``That is not…`` (the field is already labelled)."""
    text = text.removeprefix("APIKey: ")
    return text[:1].upper() + text[1:]


class KeyBox(QGroupBox):
    """The PatientComms API key: its status, an entry to store a new one, a clear button."""

    def __init__(
        self, service: Service, *, training: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__("PatientComms API key", parent)
        self._service = service
        self._training = training
        self.key_status = QLabel(self)
        self.key_status.setObjectName("KeyStatus")
        self.key_status.setWordWrap(True)
        self.key_edit = QLineEdit(self)
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
        key_layout = QVBoxLayout(self)
        key_status_row = QHBoxLayout()
        key_picture = QLabel(self)
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

        self.key_edit.textChanged.connect(self._on_key_edit_text_changed)
        self.key_edit.returnPressed.connect(self.store_key)
        self.store_key_button.clicked.connect(self.store_key)
        self.clear_key_button.clicked.connect(self.clear_key)
        self.update_key_status()

    def update_key_status(self) -> None:
        try:
            stored = self._service.has_key()
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
            self.key_message.show_error(sentence(str(exc)))
            self.store_key_button.setEnabled(False)
        else:
            self.key_message.show_hint("That looks like a PatientComms key.")
            self.store_key_button.setEnabled(True)

    def store_key(self) -> bool:
        text = self.key_edit.text()
        if not text.strip():
            return False
        try:
            self._service.store_key(text)
        except (BadKey, KeyringUnavailable) as exc:
            self.key_message.show_error(sentence(str(exc)))
            return False
        self.key_edit.clear()
        self.key_message.show_hint("Key stored.")
        self.update_key_status()
        return True

    def clear_key(self) -> None:
        try:
            self._service.clear_key()
        except KeyringUnavailable as exc:
            self.key_message.show_error(str(exc))
            return
        self.key_message.show_hint("The stored key was removed.")
        self.update_key_status()


__all__ = ["KeyBox", "sentence"]
