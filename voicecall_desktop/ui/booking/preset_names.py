"""Presets by name: their one-line summary, finding a name, asking for one, confirming a replace."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.presets import Preset
from voicecall_desktop.ui.common.formats import show_times
from voicecall_desktop.ui.common.widgets import FieldMessage, describe

log = logging.getLogger(__name__)


def preset_summary(preset: Preset, sep: str = " · ") -> str:
    """``Source: Surgery · User: reception · Times: 09:30, 14:00`` (what picking it fills in)."""
    parts = [
        f"Source: {preset.source or '(none)'}",
        f"User: {preset.username or '(none)'}",
    ]
    if preset.site:
        parts.append(f"Site: {preset.site}")
    parts.append("Restrict sends" if preset.restrict_sends else "No send restriction")
    parts.append(f"Times: {show_times(preset.times)}" if preset.times else "No times")
    return sep.join(parts)


def same_name(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()  # the store compares names without case


def find_name(names: Sequence[str], name: str) -> str | None:
    """The stored spelling of ``name`` among ``names``, if there is one."""
    return next((n for n in names if same_name(n, name)), None)


def matches(preset: Preset, form_fields: Preset) -> bool:
    """True while the form still holds exactly what ``preset`` filled in."""
    return preset.model_copy(update={"name": form_fields.name}) == form_fields


# -- the name prompt -----------------------------------------------------------


class PresetNameDialog(QDialog):
    """Asks for a preset's name, checked as it is typed.

    Args:
        existing: the names already used.
        renaming: the preset being renamed (its own name, in any case, is allowed);
            None when saving, where an existing name means "replace it".
    """

    def __init__(
        self,
        title: str,
        text: str,
        existing: Sequence[str],
        *,
        renaming: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PresetNameDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        self._existing = list(existing)
        self._renaming = renaming
        self.edit = QLineEdit(text)
        self.edit.setObjectName("PresetNameEdit")
        self.edit.setPlaceholderText("e.g. Flu clinic reminders")
        describe(self.edit, "Preset name", "A short name you will recognise in the Preset list")
        self.message = FieldMessage("PresetName")
        label = QLabel("&Name:")
        label.setBuddy(self.edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.selectAll()
        self._on_edit_text_changed(text)

    def name(self) -> str | None:
        """The checked name, or None (with the reason shown) when it cannot be used."""
        try:
            name = Preset.check_name(self.edit.text())
        except FieldError as exc:
            self.message.show_error(exc.message[:1].upper() + exc.message[1:] + ".")
            return None
        taken = find_name(self._existing, name)
        if taken is None:
            self.message.show_hint("")
        elif self._renaming is None:
            self.message.show_hint(f"Replaces the preset “{taken}”.")
        elif not same_name(taken, self._renaming):
            self.message.show_error(f"There is already a preset called “{taken}”.")
            return None
        return name

    def _on_edit_text_changed(self, _text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not self.edit.text().strip():
            self.message.clear_message()  # nothing typed yet is not an error
            ok.setEnabled(False)
            return
        ok.setEnabled(self.name() is not None)

    def accept(self) -> None:
        if self.name() is not None:
            super().accept()


def ask_name(
    parent: QWidget | None,
    title: str,
    text: str,
    existing: Sequence[str],
    *,
    renaming: str | None = None,
) -> str | None:
    """Ask for a preset name; None when cancelled. (Tests replace this function.)"""
    dialog = PresetNameDialog(title, text, existing, renaming=renaming, parent=parent)
    try:
        return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def confirm_replace(parent: QWidget | None, name: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Replace preset?",
        f"There is already a preset called “{name}”.\n\n"
        "Replace it with the sender fields and times now in the form?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


# -- the picker ----------------------------------------------------------------
