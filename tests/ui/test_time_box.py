"""The time box reads what a receptionist types, whole, by real keys and clicks (issue 11).

Each test starts from the box showing 11:45, the time Qt's own box kept adding
whatever was typed, and drives it only with key and mouse events.
"""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QLabel, QPushButton, QTimeEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from voicecall_desktop.core.typed_time import parse_typed_time
from voicecall_desktop.ui.booking.time_box import TimeBox, could_become_time

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class Desk(QWidget):
    """The time box between two buttons, with a Times label, as in the form."""

    def __init__(self) -> None:
        super().__init__()
        self.before = QPushButton("Before")
        self.label = QLabel("&Times:")
        self.box = TimeBox()
        self.box.setObjectName("TimeEdit")
        self.label.setBuddy(self.box)
        self.add = QPushButton("Add time")
        layout = QVBoxLayout(self)
        for widget in (self.before, self.label, self.box, self.add):
            layout.addWidget(widget)
        self.entered: list[time] = []
        self.problems: list[str] = []
        self.cleared = 0
        self.box.timeEntered.connect(self.entered.append)
        self.box.problem.connect(self.problems.append)
        self.box.problemCleared.connect(self._on_box_problem_cleared)

    def _on_box_problem_cleared(self) -> None:
        self.cleared += 1


@pytest.fixture
def desk(qtbot: QtBot) -> Desk:
    desk = Desk()
    qtbot.addWidget(desk)
    desk.show()
    qtbot.waitExposed(desk)
    desk.activateWindow()
    # The starting point only; everything under test below is keys and clicks.
    desk.box.setTime(QTime(11, 45))
    return desk


def click_box(qtbot: QtBot, desk: Desk) -> None:
    # Where a person clicks: on the minutes, leaving the cursor there.
    edit = desk.box.lineEdit()
    qtbot.mouseClick(edit, LEFT, pos=edit.rect().center())
    assert desk.box.hasFocus()


def shown(desk: Desk) -> str:
    return desk.box.lineEdit().text()


def test_is_the_contracts_time_edit(desk: Desk) -> None:
    assert isinstance(desk.box, QTimeEdit)
    assert desk.box.time() == QTime(11, 45)
    assert shown(desk) == "11:45"


def test_click_once_then_type_replaces_the_whole_time(qtbot: QtBot, desk: Desk) -> None:
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, "0930")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == [time(9, 30)]
    assert shown(desk) == "09:30"
    assert desk.box.time() == QTime(9, 30)


def test_ctrl_a_then_type_replaces_the_whole_time(qtbot: QtBot, desk: Desk) -> None:
    click_box(qtbot, desk)
    qtbot.keyClick(desk.box, Qt.Key.Key_End)
    qtbot.keyClick(desk.box, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(desk.box, "0930")
    qtbot.keyClick(desk.box, Qt.Key.Key_Enter)
    assert desk.entered == [time(9, 30)]


def test_after_enter_the_box_is_ready_for_the_next_time(qtbot: QtBot, desk: Desk) -> None:
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, "0930")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.box.lineEdit().selectedText() == "09:30"
    qtbot.keyClicks(desk.box, "1445")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    qtbot.keyClicks(desk.box, "2pm")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == [time(9, 30), time(14, 45), time(14, 0)]


def test_shift_tab_then_tab_then_type(qtbot: QtBot, desk: Desk) -> None:
    click_box(qtbot, desk)
    qtbot.keyClick(desk.box, Qt.Key.Key_Backtab, SHIFT)
    assert desk.before.hasFocus()
    qtbot.keyClick(desk.before, Qt.Key.Key_Tab)
    assert desk.box.hasFocus()
    qtbot.keyClicks(desk.box, "1445")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == [time(14, 45)]


def test_tab_leaves_the_box_for_add_time(qtbot: QtBot, desk: Desk) -> None:
    # Qt's box used Tab to go from the hour to the minute first.
    click_box(qtbot, desk)
    qtbot.keyClick(desk.box, Qt.Key.Key_Tab)
    assert desk.add.hasFocus()
    qtbot.keyClick(desk.add, Qt.Key.Key_Backtab, SHIFT)
    assert desk.box.hasFocus()
    qtbot.keyClicks(desk.box, "1500")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == [time(15, 0)]


def test_alt_t_then_type(qtbot: QtBot, desk: Desk) -> None:
    desk.before.setFocus()
    qtbot.keyClick(desk.before, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert desk.box.hasFocus()
    qtbot.keyClicks(desk.box, "1500")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == [time(15, 0)]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("930", time(9, 30)),
        ("0930", time(9, 30)),
        ("9:30", time(9, 30)),
        ("09.30", time(9, 30)),
        ("14", time(14, 0)),
        ("2pm", time(14, 0)),
        ("2.30pm", time(14, 30)),
        ("noon", time(12, 0)),
    ],
)
def test_every_way_of_typing_a_time(qtbot: QtBot, desk: Desk, typed: str, meant: time) -> None:
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, typed)
    assert desk.problems == [], "nothing said while a good time is being typed"
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == [meant]
    assert shown(desk) == f"{meant:%H:%M}"


def test_nonsense_is_said_at_once_and_never_entered(qtbot: QtBot, desk: Desk) -> None:
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, "9x")
    assert desk.problems, "said as soon as it cannot be a time"
    assert "'9x' is not a time" in desk.problems[-1]
    assert desk.box.has_problem()
    assert desk.box.lineEdit().accessibleDescription().startswith("Times: ")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == []
    assert shown(desk) == "9x", "what was typed stays, to be put right"
    # Putting it right clears the message.
    qtbot.keyClick(desk.box, Qt.Key.Key_Backspace)
    assert desk.cleared == 1
    assert not desk.box.has_problem()
    qtbot.keyClicks(desk.box, "30")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == [time(9, 30)]


def test_a_wrong_hour_is_named(qtbot: QtBot, desk: Desk) -> None:
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, "2500")
    assert desk.problems[-1] == "'2500': 25 is not an hour (00 to 23)"


def test_half_typed_minutes_are_said_at_enter(qtbot: QtBot, desk: Desk) -> None:
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, "9:3")
    assert desk.problems == []
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == []
    assert "minutes need two digits" in desk.problems[-1]


def test_leaving_a_wrong_time_keeps_it_and_the_message(qtbot: QtBot, desk: Desk) -> None:
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, "half nine")
    qtbot.mouseClick(desk.add, LEFT)
    assert shown(desk) == "half nine"
    assert desk.box.has_problem()
    assert desk.box.commit() is None, "Add time gets nothing to add"
    # Back in with Shift+Tab: still what was typed, still said to be wrong.
    qtbot.keyClick(desk.add, Qt.Key.Key_Backtab, SHIFT)
    assert desk.box.hasFocus()
    assert shown(desk) == "half nine"
    assert desk.box.has_problem()
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == []


def test_leaving_a_good_time_keeps_it(qtbot: QtBot, desk: Desk) -> None:
    # Add time clicked with the mouse straight after typing: the typed time is used.
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, "1615")
    qtbot.mouseClick(desk.add, LEFT)
    assert desk.box.time() == QTime(16, 15)
    assert shown(desk) == "16:15"


def test_escape_puts_back_the_time(qtbot: QtBot, desk: Desk) -> None:
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, "zz")
    qtbot.keyClick(desk.box, Qt.Key.Key_Escape)
    assert shown(desk) == "11:45"
    assert not desk.box.has_problem()


def test_set_time_replaces_what_was_typed(qtbot: QtBot, desk: Desk) -> None:
    # The form resets the box after Send; a half-typed wrong time must not survive it.
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, "zz")
    desk.box.setTime(QTime(11, 45))
    assert shown(desk) == "11:45"
    assert not desk.box.has_problem()
    assert desk.cleared == 1


def test_up_and_down_still_step(qtbot: QtBot, desk: Desk) -> None:
    click_box(qtbot, desk)
    qtbot.keyClick(desk.box, Qt.Key.Key_Home)
    qtbot.keyClick(desk.box, Qt.Key.Key_Up)
    assert desk.box.time() == QTime(12, 45), "the hour, with the cursor in it"
    qtbot.keyClick(desk.box, Qt.Key.Key_End)
    qtbot.keyClick(desk.box, Qt.Key.Key_Down)
    assert desk.box.time() == QTime(12, 44), "the minute, with the cursor in it"
    # Typed, then stepped: the step starts from what was typed.
    qtbot.keyClicks(desk.box, "930")
    qtbot.keyClick(desk.box, Qt.Key.Key_Up)
    assert desk.box.time() == QTime(10, 30)
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == [time(10, 30)]


def test_edit_in_place_after_moving_the_cursor(qtbot: QtBot, desk: Desk) -> None:
    # Backspace over the minutes then type: an edit of the time, not a new one.
    click_box(qtbot, desk)
    qtbot.keyClick(desk.box, Qt.Key.Key_End)
    qtbot.keyClick(desk.box, Qt.Key.Key_Backspace)
    qtbot.keyClick(desk.box, Qt.Key.Key_Backspace)
    qtbot.keyClicks(desk.box, "30")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == [time(11, 30)]


def test_enter_does_not_reach_the_window(qtbot: QtBot, desk: Desk) -> None:
    desk.add.setDefault(True)
    pressed: list[bool] = []
    desk.add.clicked.connect(lambda: pressed.append(True))
    click_box(qtbot, desk)
    qtbot.keyClicks(desk.box, "930")
    qtbot.keyClick(desk.box, Qt.Key.Key_Return)
    assert desk.entered == [time(9, 30)]
    assert pressed == []


_HOUR24 = st.integers(0, 23).map(lambda h: f"{h:02d}" if h > 9 else str(h))
_MINUTE = st.integers(0, 59).map(lambda m: f"{m:02d}")
_TYPED_TIMES = st.one_of(
    st.tuples(_HOUR24, st.sampled_from(["", ":", ".", " "]), _MINUTE).map("".join),
    st.integers(0, 23).map(str),
    st.tuples(
        st.integers(1, 12).map(str),
        st.sampled_from(["", ":30", ".05"]),
        st.sampled_from(["", " "]),
        st.sampled_from(["am", "pm", "a.m.", "PM", "p. m."]),
    ).map("".join),
    st.sampled_from(["noon", "midday", "midnight", "Noon"]),
)


@given(_TYPED_TIMES)
def test_no_message_while_a_good_time_is_half_typed(typed: str) -> None:
    parse_typed_time(typed)  # the strategy makes only times
    for end in range(1, len(typed) + 1):
        assert could_become_time(typed[:end]), typed[:end]


@given(st.text(max_size=8))
def test_a_message_only_for_what_cannot_become_a_time(typed: str) -> None:
    if not could_become_time(typed):
        with pytest.raises(ValueError):
            parse_typed_time(typed)
