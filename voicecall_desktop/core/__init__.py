"""Pure rules: no Qt, no httpx, no sqlite3, no I/O."""

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.models import CallForm, CallSpec, SingleSendResponse, VoiceRequest
from voicecall_desktop.core.phone import format_destination, mask_number, parse_destination
from voicecall_desktop.core.schedule import LONDON, Schedule, build_schedule
from voicecall_desktop.core.states import CallState, Outcome, state_after

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
