"""The Manage presets dialog: rename, delete, edit saved presets."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.service import Service, StoreError
from voicecall_desktop.ui.booking.preset_names import ask_name, find_name, preset_summary
from voicecall_desktop.ui.common.widgets import describe, named_button

log = logging.getLogger(__name__)


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
            self.details.setText("No presets yet. Fill in the form, then press “Save as…”.")
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
