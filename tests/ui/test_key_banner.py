"""The banner over the form when the password store cannot be used: what to do, in plain words."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from pytestqt.qtbot import QtBot

from voicecall_desktop.ui.window.key_banner import TEXT, keyring_problem_text

from .conftest import WindowFactory


def test_a_broken_password_store_is_explained_without_exception_names(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    keyring.set_keyring(fail.Keyring())  # conftest puts the test's own keyring back after
    window = make_window()
    banner = window.key_banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)  # asked off the GUI thread, after paint
    text = banner.label.text()
    assert text == keyring_problem_text()
    assert "Ask your IT support" in text and "drafts are kept" in text
    for jargon in ("Error", "Exception", "keyring.", "Keyring(", "backend", "PYTHON_"):
        assert jargon not in text
    assert banner.button is not None and banner.button.isVisible()  # Open Settings… is there


@pytest.mark.parametrize("platform", ["win32", "linux", "darwin"])
def test_each_platform_names_its_own_store_and_who_to_ask(platform: str) -> None:
    text = keyring_problem_text(platform)
    assert "Ask your IT support" in text
    assert ("Windows" in text) == (platform == "win32")
    assert text != TEXT


def test_the_no_key_banner_stays_as_it_was_once_the_store_answers(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window()
    qtbot.waitUntil(window.key_banner.isVisible, timeout=5000)  # no key is stored
    assert window.key_banner.label.text() == TEXT
