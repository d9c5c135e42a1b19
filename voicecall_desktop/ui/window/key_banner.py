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

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from voicecall_desktop.service import KeyringUnavailable
from voicecall_desktop.ui.common.icons import icon
from voicecall_desktop.ui.common.widgets import Banner
from voicecall_desktop.ui.window.key_check import KeyCheck

TEXT = (
    "No API key is stored yet. You can draft calls now; to send them, add the "
    "PatientComms API key in Settings."
)


class KeyBanner(Banner):
    """Shown while no key is stored (never in training mode, which brings its own)."""

    def __init__(
        self, is_stored: Callable[[], bool], *, training: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            TEXT, kind="warning", button="Open &Settings…", icon=icon("key"), parent=parent
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
            self._show(False, str(exc))
        else:
            self._show(stored, "")

    def close_down(self, msecs: int = 30_000) -> None:
        """Ignore answers from now on; wait a while for a check in flight."""
        self._closed = True
        self.check.wait(msecs)

    def _show(self, stored: bool, problem: str) -> None:
        if problem:
            self.label.setText(problem)
        self.setVisible(not stored and not self._training)

    def _on_check_checked(self, stored: bool, problem: str) -> None:
        if self._closed or self._answers != self._answers_at_start:
            return  # the banner has been set since, from a newer answer
        self._show(stored, problem)


__all__ = ["TEXT", "KeyBanner"]
