"""The do-not-call dialog's widgets and their places; :mod:`.do_not_call` adds what they do.

Every input has an ``objectName``, an accessible name and a tooltip.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.ui.common.widgets import FieldMessage, describe, named_button
from voicecall_desktop.ui.dialogs.do_not_call_model import (
    COL_ADDED,
    COL_BY,
    COL_NUMBER,
    DoNotCallFilter,
    DoNotCallModel,
)

NOTE_MAX = 200


class DoNotCallLayout(QDialog):
    """The add box, the searchable list, the buttons: built, laid out, not yet wired."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DoNotCallDialog")
        self.setWindowTitle("Do-not-call list")
        self.setMinimumSize(720, 480)
        self.model = DoNotCallModel(self)
        self.proxy = DoNotCallFilter(self)
        self.proxy.setSourceModel(self.model)
        add_box = self._build_add_box()
        self._build_list()
        self._build_buttons()
        self._lay_out(add_box)

    def _build_add_box(self) -> QGroupBox:
        self.number_edit = QLineEdit(self)
        self.number_edit.setObjectName("DoNotCallNumber")
        self.number_edit.setPlaceholderText("07700 900123")
        self.number_edit.setClearButtonEnabled(True)
        describe(
            self.number_edit,
            "Number to add",
            "The patient's phone number in any usual format, e.g. 07700 900123 or +44 7700 900123",
        )
        self.number_message = FieldMessage("DoNotCallNumber")
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("DoNotCallNote")
        self.note_edit.setMaxLength(NOTE_MAX)
        self.note_edit.setPlaceholderText("e.g. asked at reception")
        describe(self.note_edit, "Note", "Optional: why, or who asked (kept with the number)")
        self.add_button = named_button(
            "&Add to list",
            "DoNotCallAddButton",
            "Add to list",
            "Put this number on the do-not-call list",
            parent=self,
        )
        self.add_button.setEnabled(False)
        self.add_button.setDefault(True)  # Enter in the number or the note adds it
        add_box = QGroupBox("Add a number", self)
        grid = QGridLayout(add_box)
        grid.addWidget(self._label("&Number:", self.number_edit), 0, 0)
        grid.addWidget(self.number_edit, 0, 1)
        grid.addWidget(self._label("N&ote:", self.note_edit), 0, 2)
        grid.addWidget(self.note_edit, 0, 3)
        grid.addWidget(self.add_button, 0, 4)
        grid.addWidget(self.number_message, 1, 1, 1, 4)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        return add_box

    def _build_list(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("DoNotCallSearch")
        self.search_edit.setPlaceholderText("Number, note or name…")
        self.search_edit.setClearButtonEnabled(True)
        describe(
            self.search_edit,
            "Find in the list",
            "Show only numbers containing these digits (in any format), or notes and names "
            "containing this text",
        )
        self.count_label = QLabel(self)
        self.count_label.setObjectName("DoNotCallCount")
        self.view = QTableView(self)
        self.view.setObjectName("DoNotCallView")
        describe(
            self.view,
            "Do-not-call list",
            "The listed numbers. Select one or more and press Delete to remove them.",
        )
        self._set_up_view()

    def _build_buttons(self) -> None:
        self.remove_button = named_button(
            "&Remove…",
            "DoNotCallRemoveButton",
            "Remove from list",
            "Take the selected numbers off the list (asks first; they can then be called)",
            parent=self,
        )
        self.import_button = named_button(
            "&Import CSV…",
            "DoNotCallImportButton",
            "Import CSV",
            "Add the numbers in a CSV file (its first column, or a column named destination)",
            parent=self,
        )
        self.export_button = named_button(
            "&Export CSV…",
            "DoNotCallExportButton",
            "Export CSV",
            "Save the whole list as a CSV file for Excel",
            parent=self,
        )
        self.status = QLabel(self)
        self.status.setObjectName("DoNotCallStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _set_up_view(self) -> None:
        view = self.view
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(COL_ADDED, Qt.SortOrder.DescendingOrder)  # the newest first
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        fm = view.fontMetrics()
        pad = fm.averageCharWidth() * 2 + 16
        view.setColumnWidth(COL_NUMBER, fm.horizontalAdvance("+44 7700 900123") + pad)
        view.setColumnWidth(COL_ADDED, fm.horizontalAdvance("00/00/0000 00:00") + pad)
        view.setColumnWidth(COL_BY, fm.horizontalAdvance("reception on RECEPTION-PC") + pad)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def _lay_out(self, add_box: QGroupBox) -> None:
        intro = QLabel(
            "Patients who asked never to be called. The call form, <code>voicecall send</code> "
            "and call-list imports refuse these numbers. Changes take effect at once.",
            self,
        )
        intro.setWordWrap(True)
        search_row = QHBoxLayout()
        search_row.addWidget(self._label("&Find:", self.search_edit))
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.count_label, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(add_box)
        layout.addLayout(search_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        order = (
            self.number_edit,
            self.note_edit,
            self.add_button,
            self.search_edit,
            self.view,
            self.remove_button,
            self.import_button,
            self.export_button,
            self.buttons,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)


__all__ = ["NOTE_MAX", "DoNotCallLayout"]
