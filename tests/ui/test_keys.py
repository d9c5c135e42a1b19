"""Keys that work: no Alt+letter used twice, Ctrl+F to the search from anywhere, a visible ring.

The mnemonic walk reads the window as Qt does: every button, labelled field, group
box and menu title shares the window's Alt+letters; each menu's items, and each
dialog, have letters of their own.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from voicecall_desktop.ui.common.focus import RING, FocusRingStyle
from voicecall_desktop.ui.window.main_window import MainWindow

from .conftest import LEFT, WindowFactory, child

_LETTER = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _LETTER.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonics_of(scope: QWidget) -> dict[str, list[str]]:
    """Alt+letter → what uses it, for the widgets that belong to ``scope``'s window."""
    used: dict[str, list[str]] = defaultdict(list)

    def note(text: str, what: str) -> None:
        letter = mnemonic(text)
        if letter:
            used[letter].append(f"{what} {text!r}")

    for widget in scope.findChildren(QWidget):
        if widget.window() is not scope:
            continue  # a dialog or popup: a scope of its own
        if isinstance(widget, QAbstractButton):
            note(widget.text(), type(widget).__name__)
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            note(widget.text(), "label")
        elif isinstance(widget, QGroupBox):
            note(widget.title(), "group")
    return used


def clashes(used: dict[str, list[str]]) -> dict[str, list[str]]:
    return {letter: users for letter, users in used.items() if len(users) > 1}


def menu_clashes(menu: QMenu) -> dict[str, list[str]]:
    used: dict[str, list[str]] = defaultdict(list)
    for action in menu.actions():
        letter = mnemonic(action.text())
        if letter:
            used[letter].append(action.text())
        if action.menu() is not None:
            assert menu_clashes(action.menu()) == {}  # type: ignore[arg-type]
    return clashes(used)


def window_mnemonics(window: MainWindow) -> dict[str, list[str]]:
    used = mnemonics_of(window)
    for action in window.menuBar().actions():
        letter = mnemonic(action.text())
        assert letter, f"menu {action.text()!r} has no Alt+letter"
        used[letter].append(f"menu {action.text()!r}")
        assert menu_clashes(action.menu()) == {}, action.text()  # type: ignore[arg-type]
    return used


def test_the_menus_and_banners_take_no_letter_the_form_or_lists_use(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window()
    used = window_mnemonics(window)
    ours = ("menu ", "QPushButton 'Open")
    for letter, users in clashes(used).items():
        assert not any(user.startswith(ours) for user in users), (letter, users)


def test_no_mnemonic_is_used_twice_in_the_main_window(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window()
    assert clashes(window_mnemonics(window)) == {}


def dialogs(window: MainWindow) -> list[QDialog]:
    from voicecall_desktop.ui.dialogs.do_not_call import DoNotCallDialog
    from voicecall_desktop.ui.dialogs.settings import SettingsDialog

    return [
        SettingsDialog(window.service, window.host, parent=window),
        DoNotCallDialog(window.service, parent=window),
    ]


def test_no_mnemonic_is_used_twice_in_the_dialogs(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window()
    for dialog in dialogs(window):
        dialog.show()
        qtbot.waitExposed(dialog)
        assert clashes(mnemonics_of(dialog)) == {}, dialog.objectName()
        dialog.close()
        dialog.deleteLater()


@pytest.mark.parametrize("start", ["Destination", "HistoryView", "OutboxView", "Username"])
def test_ctrl_f_goes_to_the_history_search_from_anywhere(
    make_window: WindowFactory, qtbot: QtBot, start: str
) -> None:
    window = make_window()
    where = child(window, QWidget, start)
    where.setFocus()
    qtbot.waitUntil(where.hasFocus)
    qtbot.keyClick(where, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = child(window, QLineEdit, "HistorySearch")
    qtbot.waitUntil(search.hasFocus, timeout=2000)
    qtbot.keyClicks(search, "07700")
    assert search.text() == "07700"


def ring_pixels(image: QImage) -> int:
    """How many pixels are (close to) the ring's colour."""
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            colour = QColor(image.pixel(x, y))
            if (
                abs(colour.red() - RING.red())
                + abs(colour.green() - RING.green())
                + abs(colour.blue() - RING.blue())
                < 60
            ):
                count += 1
    return count


def test_the_focused_send_button_has_a_ring_you_can_see(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window()
    assert isinstance(QApplication.style(), FocusRingStyle)  # put on by build_main_window
    send = child(window, QAbstractButton, "SendButton")
    unfocused = ring_pixels(send.grab().toImage())
    # Tab to it as a person would: from the field before it in the focus chain.
    qtbot.mouseClick(window.form.destination, LEFT)
    for _ in range(40):
        if window.focusWidget() is send:
            break
        focused = window.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert window.focusWidget() is send
    window.activateWindow()
    qtbot.waitUntil(send.hasFocus, timeout=2000)
    ringed = ring_pixels(send.grab().toImage())
    perimeter = 2 * (send.width() + send.height())
    assert ringed - unfocused >= perimeter  # 2 px all round, not a faint tint


def test_the_window_takes_the_keyboard_back_when_a_dialog_closes(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    """Under X without a window manager nothing handed it back: typing still reached the
    form but Ctrl+F and Ctrl+Enter (window shortcuts) did nothing until a click."""
    window = make_window()
    window.show()
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowUnblocked))  # as a dialog closes
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
