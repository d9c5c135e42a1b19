"""The settings dialog: the key in the keyring, settings saved, Test connection."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.secrets import ACCOUNT, SERVICE
from voicecall_desktop.ui.dialogs.settings import SettingsDialog

from .conftest import WindowFactory, unused_port

KEY = "94670106-3242-43ff-96fa-475c7de2425c"


def open_dialog(window: object, qtbot: QtBot) -> SettingsDialog:
    dialog = SettingsDialog(window.service, window.host)  # type: ignore[attr-defined]
    qtbot.addWidget(dialog)
    return dialog


def test_the_key_is_checked_stored_masked_and_cleared(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", show=False)
    dialog = open_dialog(window, qtbot)
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Password
    assert "No key is stored" in dialog.key_status.text()
    qtbot.keyClicks(dialog.key_edit, "not-a-key")
    assert dialog.key_message.is_error and not dialog.store_key_button.isEnabled()
    assert "not-a-key" not in dialog.key_message.text()
    dialog.key_edit.clear()
    qtbot.keyClicks(dialog.key_edit, "{" + KEY.upper() + "}")
    assert dialog.store_key_button.isEnabled()
    qtbot.mouseClick(dialog.store_key_button, Qt.MouseButton.LeftButton)
    assert keyring.get_password(SERVICE, ACCOUNT) == KEY
    assert dialog.key_edit.text() == "" and "A key is stored" in dialog.key_status.text()
    qtbot.mouseClick(dialog.clear_key_button, Qt.MouseButton.LeftButton)
    assert keyring.get_password(SERVICE, ACCOUNT) is None
    assert "No key is stored" in dialog.key_status.text()


def test_saving_settings_updates_the_form_defaults_and_refuses_bad_values(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", show=False)
    dialog = open_dialog(window, qtbot)
    dialog.base_url.setText("ftp://example.org")
    dialog.save()
    assert "Base URL" in dialog.save_message.text() and dialog.result() == 0
    dialog.base_url.setText("https://customerapi.patientcomms.co.uk/")
    dialog.username.setText("reception")
    dialog.source.setText("Surgery")
    dialog.format.setCurrentIndex(1)
    dialog.read_timeout.setValue(12)
    dialog.retention.setValue(30)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = window.service.settings()
    assert (saved.username, saved.source, saved.format) == ("reception", "Surgery", "xml")
    assert (saved.read_timeout, saved.retention_days) == (12.0, 30)


def test_a_key_typed_but_wrong_blocks_save_rather_than_vanishing(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/", show=False)
    dialog = open_dialog(window, qtbot)
    dialog.key_edit.setText("1234")
    dialog.save()
    assert dialog.result() == 0 and dialog.key_message.is_error


@pytest.mark.parametrize("up", [True, False])
def test_test_connection_runs_in_the_worker_and_books_nothing(
    make_window: WindowFactory, qtbot: QtBot, up: bool
) -> None:
    port = unused_port()
    window = make_window(f"http://127.0.0.1:{port}/", show=False)
    dialog = open_dialog(window, qtbot)
    sandbox = Sandbox(port=port).start() if up else None
    try:
        # (waitSignal would stop its timer from the worker thread: watch the label instead.)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert dialog.test_result.text() == "Testing…" and not dialog.test_button.isEnabled()
        qtbot.waitUntil(dialog.test_button.isEnabled, timeout=5000)
        text = dialog.test_result.text()
        if sandbox is not None:
            assert "Reached" in text and sandbox.received == []
        else:
            assert "Nothing was sent" in text
    finally:
        if sandbox is not None:
            sandbox.stop()


def test_the_first_start_banner_opens_settings_and_hides_once_a_key_is_stored(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(f"http://127.0.0.1:{unused_port()}/")
    # The keyring is asked off the GUI thread once the window has painted.
    qtbot.waitUntil(window.key_banner.isVisible, timeout=5000)

    def store_and_accept(dialog: SettingsDialog) -> int:
        dialog.key_edit.setText(KEY)
        dialog.save()
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", store_and_accept)
    assert window.key_banner.button is not None
    qtbot.mouseClick(window.key_banner.button, Qt.MouseButton.LeftButton)
    assert not window.key_banner.isVisible()
