"""Icons and state colours from ``voicecall_desktop/resources`` (SVG, so sharp at any DPI)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QColor, QIcon

from voicecall_desktop.core.states import CallState

#: Text colour per state; always shown with an icon and the state's words, never alone.
STATE_COLOURS: dict[CallState, str] = {
    CallState.DRAFT: "#4b5563",
    CallState.QUEUED: "#1d4ed8",
    CallState.SENDING: "#0369a1",
    CallState.SENT: "#15803d",
    CallState.REJECTED: "#b91c1c",
    CallState.UNKNOWN: "#b45309",
}


def resource_path(name: str) -> Path:
    """The file ``name`` in the package's resources folder."""
    return Path(str(resources.files("voicecall_desktop.resources") / name))


@cache
def icon(name: str) -> QIcon:
    """``resources/<name>.svg`` as an icon (an empty icon if the file is missing)."""
    path = resource_path(f"{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()


def app_icon() -> QIcon:
    return icon("app")


def state_icon(state: CallState) -> QIcon:
    return icon(f"state-{state.value}")


def state_colour(state: CallState) -> QColor:
    return QColor(STATE_COLOURS[state])


__all__ = ["STATE_COLOURS", "app_icon", "icon", "resource_path", "state_colour", "state_icon"]
