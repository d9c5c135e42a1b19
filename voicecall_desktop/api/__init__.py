"""The PatientComms VoiceCall endpoint: codecs, the httpx client and its errors."""

from voicecall_desktop.api.client import Answer, VoiceCallClient, check_base_url, endpoint_url
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
    "decode",
    "encode",
    "encode_json",
    "encode_xml",
    "endpoint_url",
    "mask_key",
]
