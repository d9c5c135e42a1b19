"""Pure rules: no Qt, no httpx, no sqlite3, no I/O.

Names load on first use (PEP 562), so that importing one light module such as
``core.errors`` does not build the pydantic models.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voicecall_desktop.core.errors import FieldError, InputErrors
    from voicecall_desktop.core.models import (
        CallForm,
        CallSpec,
        SingleSendResponse,
        VoiceRequest,
    )
    from voicecall_desktop.core.phone import format_destination, mask_number, parse_destination
    from voicecall_desktop.core.schedule import LONDON, Schedule, build_schedule
    from voicecall_desktop.core.states import CallState, Outcome, state_after

_WHERE = {
    "FieldError": "errors",
    "InputErrors": "errors",
    "CallForm": "models",
    "CallSpec": "models",
    "SingleSendResponse": "models",
    "VoiceRequest": "models",
    "format_destination": "phone",
    "mask_number": "phone",
    "parse_destination": "phone",
    "LONDON": "schedule",
    "Schedule": "schedule",
    "build_schedule": "schedule",
    "CallState": "states",
    "Outcome": "states",
    "state_after": "states",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = [
    "LONDON",
    "CallForm",
    "CallSpec",
    "CallState",
    "FieldError",
    "InputErrors",
    "Outcome",
    "Schedule",
    "SingleSendResponse",
    "VoiceRequest",
    "build_schedule",
    "format_destination",
    "mask_number",
    "parse_destination",
    "state_after",
]
