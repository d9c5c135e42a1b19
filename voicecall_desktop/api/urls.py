"""The API's address: where a call is posted, and which addresses are allowed at all.

Kept apart from the client so that checking a setting does not load httpx.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from voicecall_desktop.api.errors import ConfigurationError

ENDPOINT = "Public/VoiceCall"


def endpoint_url(base_url: str) -> str:
    """``{base}/Public/VoiceCall`` with exactly one slash between the two."""
    return base_url.rstrip("/") + "/" + ENDPOINT


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """Refuse a base URL we must not send patient data to.

    Raises:
        ConfigurationError: naming the setting and what is allowed.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigurationError(f"base URL: '{url}' is not a web address; use https://…")
    if parts.scheme == "http" and not is_loopback(url):
        raise ConfigurationError(
            f"base URL: '{url}' uses plain http://, which is only allowed to this computer "
            "(127.0.0.1); use https://"
        )
    return url.strip()
