"""The PatientComms VoiceCall endpoint: codecs, the httpx client and its errors.

The client (and so httpx) is imported on first use, so that reading settings,
checking an address or drawing the window does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from voicecall_desktop.api.codecs import (
    Unreadable,
    decode,
    encode,
    encode_json,
    encode_xml,
    mask_key,
)
from voicecall_desktop.api.errors import (
    ApiError,
    ConfigurationError,
    NotDelivered,
    OutcomeUnknown,
    RateLimited,
    Rejected,
)
from voicecall_desktop.api.proxies import check_proxy_environment, check_proxy_setting
from voicecall_desktop.api.urls import check_base_url, endpoint_url, is_loopback

if TYPE_CHECKING:
    from voicecall_desktop.api.client import Answer, VoiceCallClient

_LAZY = frozenset({"Answer", "VoiceCallClient"})


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from voicecall_desktop.api import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Answer",
    "ApiError",
    "ConfigurationError",
    "NotDelivered",
    "OutcomeUnknown",
    "RateLimited",
    "Rejected",
    "Unreadable",
    "VoiceCallClient",
    "check_base_url",
    "check_proxy_environment",
    "check_proxy_setting",
    "decode",
    "encode",
    "encode_json",
    "encode_xml",
    "endpoint_url",
    "is_loopback",
    "mask_key",
]
