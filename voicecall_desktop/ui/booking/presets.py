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
from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.presets import Preset
from voicecall_desktop.service import Service
from voicecall_desktop.store import StoreError
from voicecall_desktop.ui.booking.form import CallFormWidget
from voicecall_desktop.ui.common.formats import show_times
from voicecall_desktop.ui.common.messages import Messages
from voicecall_desktop.ui.common.widgets import BANNER_STYLES, FieldMessage, describe, named_button

log = logging.getLogger(__name__)

PLACEHOLDER = "Choose a preset…"


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


def _same_name(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()  # the store compares names without case


def find_name(names: Sequence[str], name: str) -> str | None:
    """The stored spelling of ``name`` among ``names``, if there is one."""
    return next((n for n in names if _same_name(n, name)), None)


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
        elif not _same_name(taken, self._renaming):
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
        self.setMinimumContentsLength(10)
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
            "Sa&ve as preset…",
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
        if self.editing is not None and not _same_name(self.editing, preset.name):
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
        if self.editing is not None and _same_name(self.editing, old):
            self.editing = new
            self._show_editing()
        if self._applied is not None and _same_name(self._applied.name, old):
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


# -- the manage dialog --------------------------------------------------------


class PresetsDialog(QDialog):
    """The saved presets: see what each holds, edit it in the form, rename or delete it."""

    presetsChanged = Signal()
    presetRenamed = Signal(str, str)
    editRequested = Signal(str)

    def __init__(self, service: Service, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PresetsDialog")
        self.setWindowTitle("Presets")
        self.setMinimumSize(520, 320)
        self._service = service
        self.model = QStringListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("PresetList")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        describe(self.view, "Presets", "Your saved presets; select one to see what it fills in")
        self.details = QLabel(self)
        self.details.setObjectName("PresetDetails")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumWidth(220)
        self.edit_button = self._button(
            "&Edit in form",
            "EditPresetButton",
            "Load this preset into the form to change it, then save it back",
        )
        self.rename_button = self._button("&Rename…", "RenamePresetButton", "Give it a new name")
        self.delete_button = self._button("&Delete…", "DeletePresetButton", "Delete this preset")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        list_label = QLabel("&Presets:", self)
        list_label.setBuddy(self.view)

        side = QVBoxLayout()
        side.addWidget(self.details, 1)
        for button in (self.edit_button, self.rename_button, self.delete_button):
            side.addWidget(button)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(list_label)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        self.view.selectionModel().currentChanged.connect(self._on_selection_changed)
        self.view.doubleClicked.connect(self._on_edit_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.rename_button.clicked.connect(self.rename)
        self.delete_button.clicked.connect(self.delete)
        self.buttons.rejected.connect(self.reject)
        self.reload()

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        return named_button(text, name, text.replace("&", "").rstrip("…"), tip, self)

    def names(self) -> list[str]:
        return self.model.stringList()

    def current_name(self) -> str | None:
        index = self.view.currentIndex()
        return str(index.data()) if index.isValid() else None

    def select(self, name: str | None) -> None:
        names = self.names()
        if not names:
            self._on_selection_changed()
            return
        found = find_name(names, name) if name else None
        row = names.index(found) if found is not None else 0
        self.view.setCurrentIndex(self.model.index(row, 0))

    def reload(self, select: str | None = None) -> None:
        keep = select or self.current_name()
        try:
            names = self._service.preset_names()
        except StoreError as exc:
            names = []
            self.details.setText(f"The presets could not be read: {exc}")
        self.model.setStringList(names)
        self.select(keep)

    def _on_selection_changed(self, *_: object) -> None:
        name = self.current_name()
        for button in (self.edit_button, self.rename_button, self.delete_button):
            button.setEnabled(name is not None)
        if name is None:
            self.details.setText("No presets yet. Fill in the form, then “Save as preset…”.")
            return
        try:
            preset = self._service.get_preset(name)
        except StoreError as exc:
            self.details.setText(f"This preset could not be read: {exc}")
            return
        if preset is None:
            self.details.setText("This preset no longer exists.")
            return
        lines = [f"<b>{html.escape(preset.name)}</b>"]
        lines += [html.escape(part) for part in preset_summary(preset, "\n").splitlines()]
        self.details.setText("<br>".join(lines))

    def _on_edit_clicked(self, *_: object) -> None:
        name = self.current_name()
        if name is not None:
            self.editRequested.emit(name)
            self.accept()

    def rename(self) -> bool:
        old = self.current_name()
        if old is None:
            return False
        new = ask_name(self, "Rename preset", old, self.names(), renaming=old)
        if new is None or new == old:
            return False
        try:
            renamed = self._service.rename_preset(old, new)
        except (FieldError, StoreError) as exc:
            QMessageBox.warning(self, "Rename preset", f"“{old}” was not renamed: {exc}")
            return False
        if not renamed:
            QMessageBox.warning(self, "Rename preset", f"“{old}” no longer exists.")
        self.reload(select=new if renamed else None)
        if renamed:
            log.info("preset renamed")
            self.presetRenamed.emit(old, new)
        self.presetsChanged.emit()
        return renamed

    def delete(self) -> bool:
        name = self.current_name()
        if name is None:
            return False
        answer = QMessageBox.question(
            self,
            "Delete preset?",
            f"Delete the preset “{name}”? Calls already booked with it are not changed.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            deleted = self._service.delete_preset(name)
        except StoreError as exc:
            QMessageBox.warning(self, "Delete preset", f"“{name}” was not deleted: {exc}")
            return False
        row = self.view.currentIndex().row()
        self.reload()
        names = self.names()
        if names:
            self.select(names[min(row, len(names) - 1)])
        self.presetsChanged.emit()
        return deleted


__all__ = [
    "PresetBar",
    "PresetCombo",
    "PresetNameDialog",
    "PresetsDialog",
    "ask_name",
    "confirm_replace",
    "preset_summary",
]
