"""Presets in the window: fill the form from one, save the form as one, manage them.

A preset holds the form's non-patient fields (Source, Username, site,
RestrictSends and the times); what it is and how its name is checked live in
:mod:`voicecall_desktop.core.presets`, where it is kept in the service. Picking
one never touches the patient's number or the day.

Signals of :class:`PresetBar` and :class:`PresetsDialog`:
    presetsChanged(): presets were saved, renamed or deleted (pickers reload).
Signals of :class:`PresetsDialog`:
    presetRenamed(str, str): the old and the new name.
    editRequested(str): load this preset into the form to change it.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.presets import Preset
from voicecall_desktop.service import Service, StoreError
from voicecall_desktop.ui.booking.form import CallFormWidget
from voicecall_desktop.ui.booking.preset_names import (
    ask_name,
    confirm_replace,
    find_name,
    matches,
    preset_summary,
    same_name,
)
from voicecall_desktop.ui.booking.presets_dialog import PresetsDialog
from voicecall_desktop.ui.common.messages import Messages
from voicecall_desktop.ui.common.widgets import BANNER_STYLES, describe, named_button

log = logging.getLogger(__name__)

PLACEHOLDER = "Choose a preset…"


class PresetCombo(QComboBox):
    """The presets by name, none chosen at first (also for the CSV import dialog)."""

    def __init__(self, service: Service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.setObjectName("PresetCombo")
        describe(
            self,
            "Preset",
            "Fill in Source, User name, Site ID, Restrict sends and the times from a saved "
            "preset. The patient's number and the day are left as they are.",
        )
        self.setPlaceholderText(PLACEHOLDER)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.reload()

    def names(self) -> list[str]:
        return [self.itemText(i) for i in range(self.count())]

    def reload(self) -> None:
        """Read the names again, keeping the chosen one if it still exists."""
        chosen = self.currentText() if self.currentIndex() >= 0 else ""
        try:
            names = self._service.preset_names()
        except StoreError as exc:
            log.warning("presets could not be read: %s", exc)
            names = []
        self.blockSignals(True)
        try:
            self.clear()
            self.addItems(names)
            self.setCurrentIndex(self.findText(chosen, Qt.MatchFlag.MatchExactly) if chosen else -1)
        finally:
            self.blockSignals(False)
        self.setEnabled(bool(names))
        self.setToolTip(self.accessibleDescription() if names else "No presets saved yet.")

    def choose(self, name: str | None) -> None:
        """Show ``name`` as chosen (None: the placeholder), without emitting ``activated``."""
        index = self.findText(name, Qt.MatchFlag.MatchFixedString) if name else -1
        self.setCurrentIndex(index)

    def preset(self) -> Preset | None:
        """The chosen preset, read afresh (None when none is chosen or it has gone)."""
        if self.currentIndex() < 0:
            return None
        try:
            return self._service.get_preset(self.currentText())
        except StoreError as exc:
            log.warning("preset could not be read: %s", exc)
            return None


class PresetBar(QWidget):
    """Above the form: the Preset picker, "Save as preset…" and "Manage presets…".

    While a preset is being edited (from the manage dialog), a strip under the
    picker says so and offers to save the form back into it.
    """

    presetsChanged = Signal()

    def __init__(
        self,
        service: Service,
        form: CallFormWidget,
        messages: Messages | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PresetBar")
        self._service = service
        self._form = form
        self._messages = messages or Messages(self)
        self._applied: Preset | None = None
        self._applying = False
        self.editing: str | None = None

        self.combo = PresetCombo(service, self)
        label = QLabel("Fi&ll from preset:", self)
        label.setBuddy(self.combo)
        self.save_button = named_button(
            "Sa&ve as…",
            "SavePresetButton",
            "Save as preset",
            "Keep the sender fields and times now in the form under a name "
            "(never the patient's number or day)",
            parent=self,
        )
        self.manage_button = named_button(
            "&Manage…",
            "ManagePresetsButton",
            "Manage presets",
            "Edit, rename or delete saved presets",
            parent=self,
        )

        self.edit_label = QLabel(self)
        self.edit_label.setObjectName("PresetEditNotice")
        self.edit_label.setWordWrap(True)
        self.edit_label.setTextFormat(Qt.TextFormat.RichText)
        self.update_button = named_button(
            "Save preset",
            "UpdatePresetButton",
            "Save changes to preset",
            "Write the sender fields and times now in the form back into the preset",
            parent=self,
        )
        self.stop_button = named_button(
            "Stop editing",
            "StopEditingPresetButton",
            "Stop editing preset",
            "Leave the preset as it was saved",
            parent=self,
        )
        self.edit_strip = QFrame(self)
        self.edit_strip.setObjectName("PresetEditStrip")
        background, foreground, border = BANNER_STYLES["info"]
        self.edit_strip.setStyleSheet(
            f"#PresetEditStrip {{ background: {background}; border: 1px solid {border};"
            " border-radius: 4px; }"
            f"#PresetEditStrip QLabel {{ color: {foreground}; background: transparent; }}"
        )
        strip = QHBoxLayout(self.edit_strip)
        strip.setContentsMargins(8, 4, 8, 4)
        strip.addWidget(self.edit_label, 1)
        strip.addWidget(self.update_button)
        strip.addWidget(self.stop_button)
        self.edit_strip.setVisible(False)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.manage_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.edit_strip)

        self.combo.activated.connect(self._on_combo_activated)
        self.save_button.clicked.connect(self.save_as)
        self.manage_button.clicked.connect(self.manage)
        self.update_button.clicked.connect(self.save_edited)
        self.stop_button.clicked.connect(self.stop_editing)
        form.changed.connect(self._on_form_changed)
        self._update_manage()

    def focus_chain(self) -> list[QWidget]:
        """The bar's inputs in Tab order (the form puts them before its own)."""
        return [
            self.combo,
            self.save_button,
            self.manage_button,
            self.update_button,
            self.stop_button,
        ]

    # -- picking -------------------------------------------------------------

    def apply(self, name: str) -> bool:
        """Fill the form's sender fields and times from the preset ``name``."""
        try:
            preset = self._service.get_preset(name)
        except StoreError as exc:
            self._messages.error(f"The preset could not be read: {exc}")
            return False
        if preset is None:
            self._messages.warning(f"The preset “{name}” no longer exists.")
            self.reload()
            return False
        if self.editing is not None and not same_name(self.editing, preset.name):
            self.stop_editing()
        self._applying = True
        try:
            self._form.set_sender(preset.apply_to(self._form.form()))
        finally:
            self._applying = False
        self._applied = preset
        self.combo.choose(preset.name)
        self._messages.info(f"Preset “{preset.name}” filled in: {preset_summary(preset)}.")
        return True

    def _on_combo_activated(self, index: int) -> None:
        if index >= 0:
            self.apply(self.combo.itemText(index))

    def _on_form_changed(self) -> None:
        """Once the form no longer holds what the preset filled in, the picker says so."""
        if self._applying or self._applied is None:
            return
        current = Preset.from_form(self._applied.name, self._form.form())
        if not matches(self._applied, current):
            self._applied = None
            self.combo.choose(None)

    # -- saving --------------------------------------------------------------

    def save_as(self) -> bool:
        """Ask for a name and keep the form's sender fields and times under it."""
        names = self.combo.names()
        suggested = self.editing or (self._applied.name if self._applied else "")
        name = ask_name(self.window(), "Save as preset", suggested, names)
        if name is None:
            return False
        taken = find_name(names, name)
        if taken is not None and not confirm_replace(self.window(), taken):
            return False
        return self._save(name)

    def save_edited(self) -> bool:
        """Write the form back into the preset being edited."""
        if self.editing is None:
            return False
        name = self.editing
        if not self._save(name):
            return False
        self.stop_editing()
        return True

    def _save(self, name: str) -> bool:
        try:
            preset = Preset.from_form(name, self._form.form())
            self._service.save_preset(preset)
        except FieldError as exc:
            self._messages.warning(f"Preset not saved: {exc}")
            return False
        except StoreError as exc:
            self._messages.error(f"Preset not saved: {exc}")
            return False
        self._applied = preset
        self.reload()
        self.combo.choose(preset.name)
        self._messages.info(f"Preset “{preset.name}” saved: {preset_summary(preset)}.")
        self.presetsChanged.emit()
        return True

    # -- managing ------------------------------------------------------------

    def reload(self) -> None:
        self.combo.reload()
        if self._applied is not None and find_name(self.combo.names(), self._applied.name) is None:
            self._applied = None
            self.combo.choose(None)
        self._update_manage()

    def _update_manage(self) -> None:
        self.manage_button.setEnabled(self.combo.count() > 0)

    def manage(self) -> None:
        dialog = PresetsDialog(self._service, parent=self.window())
        dialog.presetRenamed.connect(self._on_dialog_preset_renamed)
        dialog.presetsChanged.connect(self._on_dialog_presets_changed)
        dialog.editRequested.connect(self.edit)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def _on_dialog_presets_changed(self) -> None:
        self.reload()
        if self.editing is not None and find_name(self.combo.names(), self.editing) is None:
            self.stop_editing()
        self.presetsChanged.emit()

    def _on_dialog_preset_renamed(self, old: str, new: str) -> None:
        if self.editing is not None and same_name(self.editing, old):
            self.editing = new
            self._show_editing()
        if self._applied is not None and same_name(self._applied.name, old):
            self._applied = self._applied.model_copy(update={"name": new})
        self.reload()
        self.combo.choose(self._applied.name if self._applied else None)

    def edit(self, name: str) -> None:
        """Load a preset into the form to change it; "Save changes to preset" writes it back."""
        if not self.apply(name):
            return
        assert self._applied is not None
        self.editing = self._applied.name
        self._show_editing()
        self._form.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_editing(self) -> None:
        name = html.escape(self.editing or "")
        self.edit_label.setText(
            f"Editing preset <b>“{name}”</b>: change the sender fields or times, then save."
        )
        self.edit_label.setAccessibleName(
            f"Editing preset “{self.editing}”: change the sender fields or times, then save."
        )
        self.edit_strip.setVisible(True)

    def stop_editing(self) -> None:
        self.editing = None
        self.edit_strip.setVisible(False)


__all__ = [
    "PresetBar",
    "PresetCombo",
]
