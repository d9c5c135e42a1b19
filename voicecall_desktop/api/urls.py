"""The API's address: where a call is posted, and which addresses are allowed at all.

Kept apart from the client so that checking a setting does not load httpx.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

from voicecall_desktop.api.errors import ConfigurationError

ENDPOINT = "Public/VoiceCall"
DEFAULT_EXAMPLE = "https://customerapi.patientcomms.co.uk/"


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


def _shown(url: str) -> str:
    """The address without anything that may be secret, to name it in a message."""
    url = re.sub(r"^([^/?#]*//)[^/?#]*@", r"\1", url)  # user:password@
    return re.split(r"[?#]", url, maxsplit=1)[0]


def check_base_url(url: str) -> str:
    """Refuse a base URL we must not send patient data to.

    A user name or password in the address would be kept in the settings, sent to
    any proxy and written to logs, so it is refused, as are a query string and a
    fragment (the endpoint's path is added to the base URL; neither belongs there).
    The message never repeats what came before the ``@``.

    Raises:
        ConfigurationError: naming the setting and what is allowed.
    """
    text = url.strip()
    try:
        parts: SplitResult | None = urlsplit(text)
        parts.port  # type: ignore[union-attr]  # noqa: B018 - a bad port raises here, not in httpx
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigurationError(f"base URL: '{_shown(text)}' is not a web address; use https://…")
    if "@" in parts.netloc:
        raise ConfigurationError(
            f"base URL: '{_shown(text)}' must not contain a user name or password (the part "
            "before '@'); the API key is the only credential, and it is kept in the keyring"
        )
    if "?" in text or "#" in text:
        raise ConfigurationError(
            f"base URL: '{_shown(text)}' must not contain '?' or '#'; give only the address, "
            f"e.g. {DEFAULT_EXAMPLE}"
        )
    if parts.scheme == "http" and not is_loopback(text):
        raise ConfigurationError(
            f"base URL: '{text}' uses plain http://, which is only allowed to this computer "
            "(127.0.0.1); use https://"
        )
    return text
