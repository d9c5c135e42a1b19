"""The "No API key" banner, and asking the keyring whether a key is stored.

At start-up the keyring is asked off the GUI thread once the window has
painted (:class:`~.key_check.KeyCheck`): its first use can take longer than
everything else the first paint needs, or hang. After Settings or a failed send
it is asked at once. An answer from the background that is older than one
given at once since is dropped.

Signals:
    activated(): "Open Settings…" was pressed (from :class:`Banner`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from voicecall_desktop.service import KeyringUnavailable
from voicecall_desktop.ui.common.icons import icon
from voicecall_desktop.ui.common.widgets import Banner
from voicecall_desktop.ui.window.key_check import KeyCheck

log = logging.getLogger(__name__)

TEXT = (
    "No API key is stored yet. You can draft calls now; to send them, add the "
    "PatientComms API key in Settings."
)
# What the person can do when the password store cannot be opened. The exception's
# own words (backend and error class names) go to the log, never on the screen.
_NO_STORE = {
    "win32": (
        "Windows could not open the password store (Credential Manager) where the "
        "PatientComms API key is kept, so calls cannot be sent from this PC yet; drafts are "
        "kept. Ask your IT support to check that Credential Manager works for your Windows "
        "account, then open Settings to try again."
    ),
    "darwin": (
        "The Mac's keychain, where the PatientComms API key is kept, could not be opened, so "
        "calls cannot be sent from this computer yet; drafts are kept. Ask your IT support "
        "to check the login keychain, then open Settings to try again."
    ),
}
_NO_STORE_DEFAULT = (
    "The password store (keyring) where the PatientComms API key is kept could not be "
    "opened, so calls cannot be sent from this computer yet; drafts are kept. Ask your IT "
    "support to start a password store such as GNOME Keyring for your account, then open "
    "Settings to try again."
)


def keyring_problem_text(platform: str | None = None) -> str:
    """What the banner says when the password store cannot be used: what to do, no jargon."""
    return _NO_STORE.get(platform or sys.platform, _NO_STORE_DEFAULT)


class KeyBanner(Banner):
    """Shown while no key is stored (never in training mode, which brings its own)."""

    def __init__(
        self, is_stored: Callable[[], bool], *, training: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            TEXT,
            kind="warning",
            button="Open Settings…",  # no letter: Alt+S is Send call; Ctrl+, opens Settings
            icon=icon("key"),
            parent=parent,
        )
        self.setObjectName("KeyBanner")
        self._is_stored = is_stored
        self._training = training
        self._closed = False
        self._answers = self._answers_at_start = 0  # answers given at once, for staleness
        self.check = KeyCheck(is_stored, self)
        self.check.checked.connect(self._on_check_checked)
        self.hide()  # until an answer says there is no key

    def check_in_background(self) -> None:
        """Ask off the GUI thread; the banner follows when the answer comes."""
        if not self._closed:
            self._answers_at_start = self._answers
            self.check.start()

    def check_now(self) -> None:
        """Ask at once (after Settings or a failed send: the keyring is known to answer)."""
        self._answers += 1
        try:
            stored = self._is_stored()
        except KeyringUnavailable as exc:
            log.warning("the keyring cannot be used: %s", exc)
            self._show(False, str(exc))
        else:
            self._show(stored, "")

    def close_down(self, msecs: int = 30_000) -> None:
        """Ignore answers from now on; wait a while for a check in flight."""
        self._closed = True
        self.check.wait(msecs)

    def _show(self, stored: bool, problem: str) -> None:
        text = keyring_problem_text() if problem else TEXT
        self.label.setText(text)
        self.setAccessibleName(text)
        self.setVisible(not stored and not self._training)

    def _on_check_checked(self, stored: bool, problem: str) -> None:
        if self._closed or self._answers != self._answers_at_start:
            return  # the banner has been set since, from a newer answer
        self._show(stored, problem)


__all__ = ["TEXT", "KeyBanner", "keyring_problem_text"]
