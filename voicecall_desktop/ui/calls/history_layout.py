"""The history pane's widgets and their layout: what it looks like, no behaviour.

:class:`HistoryPaneLayout` builds the search bar (search box, state filter,
count, Refresh and Export), the table, the row actions' buttons and the
selected call's details, each with its objectName, accessible name and
tooltip, and sets the tab order; :class:`~.history.HistoryPane` adds what
they do. The actions are made here with their text, tooltip and shortcut; the
pane connects them.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from voicecall_desktop.core.outcome_words import STATE_WORDS
from voicecall_desktop.core.states import CallState
from voicecall_desktop.ui.calls.cells import state_icon
from voicecall_desktop.ui.calls.history_model import HistoryModel
from voicecall_desktop.ui.calls.history_parts import (
    TIPS,
    action_button,
    history_action,
    named,
    set_up_table,
)
from voicecall_desktop.ui.common.widgets import ElidedLabel

#: The state filter's choices, after "All calls".
_STATE_ORDER = (
    CallState.SENT,
    CallState.REJECTED,
    CallState.UNKNOWN,
    CallState.QUEUED,
    CallState.SENDING,
    CallState.DRAFT,
)


class HistoryPaneLayout(QWidget):
    """The controls, laid out; no behaviour. The pane owns ``model``."""

    def __init__(self, model: HistoryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryPane")
        self.model = model
        model.setParent(self)
        self._build_filters()
        self._build_table()
        self._build_actions()
        self._lay_out()

    def _build_filters(self) -> None:
        self.search_edit = named(QLineEdit(self), "HistorySearch", TIPS["search"])
        self.search_edit.setPlaceholderText("Phone number or reason…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(self.search_edit.fontMetrics().horizontalAdvance("0" * 16))
        self.state_combo = named(QComboBox(self), "HistoryStateFilter", TIPS["state"])
        self.state_combo.addItem("All calls", "")
        for state in _STATE_ORDER:
            self.state_combo.addItem(state_icon(state), STATE_WORDS[state], state.value)
        self.state_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.state_combo.setMinimumContentsLength(9)
        self.count_label = ElidedLabel("", self)
        self.count_label.setObjectName("HistoryCount")
        # The count is shortened with "…" rather than make the pane wider than the window allows.
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def _build_table(self) -> None:
        self.view = named(QTableView(self), "HistoryView", TIPS["view"])
        set_up_table(self.view, self.model)
        self.detail = named(QTextBrowser(self), "HistoryDetail", TIPS["detail"])
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText("Select a call to see what happened to it.")
        # The request, the answer and the audit trail are for IT: folded away until asked for.
        self.technical_button = named(
            QToolButton(self), "HistoryTechnicalButton", TIPS["technical"]
        )
        self.technical_button.setText("Technical details")
        self.technical_button.setCheckable(True)
        self.technical_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.technical_button.setArrowType(Qt.ArrowType.RightArrow)
        self.technical_button.setAutoRaise(True)
        self.technical = named(QTextBrowser(self), "HistoryTechnical", TIPS["technical_text"])
        self.technical.setOpenLinks(False)
        self.technical.setVisible(False)

    def _build_actions(self) -> None:
        # Row actions work while the table has focus; pane actions anywhere in the pane.
        row, pane = self.view, self
        self.copy_action = history_action(self, "copy", row)
        self.use_action = history_action(self, "use", row)
        self.send_again_action = history_action(self, "again", row)
        self.reviewed_action = history_action(self, "reviewed", row)
        self.export_action = history_action(self, "export", pane)
        self.refresh_action = history_action(self, "refresh", pane)
        self.find_action = history_action(self, "find", pane)
        self.copy_button = action_button(self, self.copy_action, "HistoryCopyButton")
        self.use_button = action_button(self, self.use_action, "HistoryUseButton")
        self.send_again_button = action_button(
            self, self.send_again_action, "HistorySendAgainButton"
        )
        self.reviewed_button = action_button(self, self.reviewed_action, "HistoryReviewedButton")
        self.refresh_button = action_button(self, self.refresh_action, "HistoryRefreshButton")
        self.export_button = action_button(self, self.export_action, "HistoryExportButton")

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        # Alt+H is the Help menu. Ctrl+F is said in the tooltip, not the label: the
        # longer label left the lists too wide for the form beside them at 1024x600.
        search_label = QLabel("Search:", self)
        search_label.setToolTip("Ctrl+F comes here from anywhere in the window")
        search_label.setBuddy(self.search_edit)
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.state_combo)
        filters.addWidget(self.count_label, 1)
        filters.addWidget(self.refresh_button)
        filters.addWidget(self.export_button)
        lower = QWidget(self)
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        for button in (
            self.copy_button,
            self.use_button,
            self.send_again_button,
            self.reviewed_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        below.addLayout(buttons)
        below.addWidget(self.detail, 1)
        below.addWidget(self.technical_button)
        below.addWidget(self.technical, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("HistorySplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        order = (
            *(self.search_edit, self.state_combo, self.refresh_button, self.export_button),
            *(self.view, self.copy_button, self.use_button, self.send_again_button),
            *(self.reviewed_button, self.detail, self.technical_button, self.technical),
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)


__all__ = ["HistoryPaneLayout"]
