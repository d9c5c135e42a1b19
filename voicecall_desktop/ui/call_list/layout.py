"""The Import dialog's widgets and their layout: what it looks like.

:class:`ImportDialogLayout` builds every control with its objectName,
accessible name and tooltip; :class:`~.dialog.ImportDialog` adds what
they do. No button is a default one, so Enter never books or pauses.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.ui.call_list.model import ImportModel
from voicecall_desktop.ui.common.widgets import describe, named_button

PAUSE_TIP = "Stop after the call being sent; the rest stay queued until you resume"


def _button(name: str, text: str, tip: str) -> QPushButton:
    button = named_button(text, name, text.replace("&", "").rstrip("…"), tip)
    button.setAutoDefault(False)  # Enter must never book or pause by accident
    return button


def _label(name: str, *, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class ImportDialogLayout(QDialog):
    """The controls, laid out; no behaviour."""

    def __init__(self, model: ImportModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ImportDialog")
        self.setWindowTitle("Import call list")
        self.setSizeGripEnabled(True)
        self.resize(1060, 640)
        self.model = model
        self._build_file_row()
        self._build_table()
        self._build_checks()
        self._build_progress_and_buttons()
        self._lay_out()

    def _build_file_row(self) -> None:
        self.file_label = _label("ImportFile")
        self.file_label.setText("No file chosen yet.")
        self.file_label.setWordWrap(False)
        describe(self.file_label, "Call list file", "The CSV file being imported")
        self.choose_button = _button(
            "ChooseFileButton",
            "Choose &file…",
            "Pick a CSV file: one call per row, with a 'destination' column "
            "(and optionally date, times, source, username, site, restrict_sends)",
        )
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("ImportPreset")
        describe(
            self.preset_combo,
            "Fill blanks from preset",
            "Blank Source, Username, Site and Restrict sends cells take this preset's values "
            "instead of the saved settings. Dates and times always come from the file.",
        )
        self.preset_label = QLabel("Fill blanks from &preset:")
        self.preset_label.setBuddy(self.preset_combo)

    def _build_table(self) -> None:
        self.notice = _label("ImportNotice")
        self.view = self._make_view()
        self.table_label = QLabel("&Rows in the file:")
        self.table_label.setBuddy(self.view)
        self.detail = _label("ImportRowDetail")
        describe(self.detail, "Selected row", "What is wrong with the selected row, if anything")
        self.summary = _label("ImportSummary", bold=True)

    def _build_checks(self) -> None:
        self.skip_invalid = QCheckBox("&Skip rows with problems")
        self.skip_invalid.setObjectName("SkipInvalid")
        describe(
            self.skip_invalid,
            "Skip rows with problems",
            "Book the rows without problems and leave the others out. Unticked, a list "
            "with any problem books nothing (as voicecall batch without --skip-invalid).",
        )
        # Its text names the count and the reason ("Book 3 rows outside calling hours
        # anyway"); the dialog sets it once a file is read.
        self.confirm_hours = QCheckBox("Book these rows &anyway")
        self.confirm_hours.setObjectName("ConfirmHours")
        describe(
            self.confirm_hours,
            "Book the rows outside calling hours anyway",
            "Rows marked as outside the practice's calling hours, on a bank holiday or a "
            "closed day (or more than a year ahead) are not booked unless you tick this: "
            "the patients would be phoned then.",
        )

    def _build_progress_and_buttons(self) -> None:
        self.progress = QProgressBar()
        self.progress.setObjectName("ImportProgress")
        self.progress.setFormat("%v of %m")
        describe(self.progress, "Sending progress", "Calls from this list answered so far")
        self.progress_label = _label("ImportProgressText")
        self.book_button = _button("BookButton", "&Book…", "Choose a file first.")
        self.pause_button = _button("PauseButton", "Pa&use", PAUSE_TIP)
        self.close_button = _button("CloseImportButton", "&Close", "Close this window")

    def _make_view(self) -> QTableView:
        view = QTableView()
        view.setObjectName("ImportView")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(200)  # a 10 000-row file must not stall the sizing
        describe(
            view,
            "Rows of the call list",
            "Every row of the file. A red icon marks a cell that stops its row being booked; "
            "the line under the table says why for the selected row. "
            "Grey italic values were blank in the file and come from Settings or the preset.",
        )
        return view

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("File:"))
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        preset_row = QHBoxLayout()
        preset_row.addWidget(self.preset_label)
        preset_row.addWidget(self.preset_combo)
        preset_row.addStretch(1)
        checks = QHBoxLayout()
        checks.addWidget(self.skip_invalid)
        checks.addWidget(self.confirm_hours)
        checks.addStretch(1)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_label, 3)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.book_button, self.pause_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(preset_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.table_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.summary)
        layout.addLayout(checks)
        layout.addLayout(progress_row)
        layout.addLayout(buttons)


__all__ = ["PAUSE_TIP", "ImportDialogLayout"]
