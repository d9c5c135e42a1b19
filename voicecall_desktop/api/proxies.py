"""Proxy settings from the environment and the ``proxy`` setting, checked before anything is queued.

httpx takes its proxies from ``HTTP_PROXY``, ``HTTPS_PROXY`` and ``ALL_PROXY`` (any
case; the lower-case name wins, as in :func:`urllib.request.getproxies`) and, on
Windows, from the system's proxy setting. A value it cannot use (``socks5://``
without the SOCKS extra, ``ftp://``, an address that does not parse) makes it fail
when the client is built: after the call was saved, and again on every retry. This
module finds the same values first and says which variable is wrong.

The ``proxy`` setting (often fixed by IT) names one proxy for every call instead;
:func:`check_proxy_setting` holds it to the same rules, and refuses a user name or
password in it, which would sit in the settings and the registry for anyone to read.
"""

from __future__ import annotations

import importlib.util
import os
import re
import urllib.request
from collections.abc import Mapping
from urllib.parse import urlsplit

from voicecall_desktop.api.errors import ConfigurationError
from voicecall_desktop.api.urls import is_loopback

_NAMES = ("http_proxy", "https_proxy", "all_proxy")
_SOCKS = ("socks5", "socks5h")
WINDOWS_SETTING = "the Windows proxy setting"


def _shown(value: str) -> str:
    # Never repeat user:password@, with or without a scheme before it.
    return re.sub(r"^((?:[^/?#]*//)?)[^/?#]*@", r"\1", value)


def environment_proxies(environ: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """``{"https": (variable name, value)}`` as urllib (and so httpx) reads them."""
    found: dict[str, tuple[str, str]] = {}
    for name, value in environ.items():
        if name.lower() in _NAMES and value.strip() and name != name.lower():
            found[name.lower()[: -len("_proxy")]] = (name, value.strip())
    for name, value in environ.items():  # the lower-case spelling wins
        if name in _NAMES and value.strip():
            found[name[: -len("_proxy")]] = (name, value.strip())
    if "REQUEST_METHOD" in environ:  # urllib ignores HTTP_PROXY under CGI (httpoxy)
        found.pop("http", None)
    return found


def proxy_problem(value: str) -> str | None:
    """Why httpx could not use ``value`` as a proxy address, or None if it can."""
    url = value if "://" in value else f"http://{value}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return "is not a valid address (check the brackets and the port)"
    scheme = parts.scheme.lower()
    if scheme in _SOCKS:
        if importlib.util.find_spec("socksio") is None:
            return (
                f"is a SOCKS proxy ({scheme}://), which this program cannot use; "
                "ask IT for the http:// address of the proxy"
            )
    elif scheme not in ("http", "https"):
        return (
            f"uses {scheme}://, which is not a kind of proxy this program can use; "
            "give an http:// address"
        )
    if not parts.hostname or any(c.isspace() for c in parts.netloc):
        return "has no server name"
    return None


def check_proxy_environment(
    environ: Mapping[str, str] | None = None, *, base_url: str | None = None
) -> None:
    """Refuse proxy settings the client could not use, naming where they come from.

    Args:
        environ: the environment to check (default: this process's, and on Windows the
            system proxy setting when no variable is set).
        base_url: where calls go; a loopback address uses no proxy, so nothing is checked.

    Raises:
        ConfigurationError: naming the variable, its value (without any password) and
            what would work.
    """
    if base_url is not None and is_loopback(base_url):
        return
    env = os.environ if environ is None else environ
    no_proxy = next((v for k, v in env.items() if k.lower() == "no_proxy"), "")
    if "*" in (host.strip() for host in no_proxy.split(",")):
        return  # httpx uses no proxy at all
    found = environment_proxies(env)
    if not found and environ is None and os.name == "nt":
        system = urllib.request.getproxies()
        found = {k: (WINDOWS_SETTING, v) for k, v in system.items() if k in ("http", "https")}
    for name, value in found.values():
        problem = proxy_problem(value)
        if problem:
            raise ConfigurationError(
                f"{name}: the proxy '{_shown(value)}' {problem}. Nothing was sent; "
                "fix or remove it (or ask IT) and try again."
            )


def check_proxy_setting(value: str) -> str:
    """The ``proxy`` setting as the client uses it (``http://`` added when no scheme is given).

    Empty means no proxy of our own: the environment's and the system's are used.

    Raises:
        ConfigurationError: starting ``proxy:``, saying what is wrong and what would work.
    """
    text = value.strip()
    if not text:
        return ""
    if not all(" " < c < "\x7f" for c in text):
        # Control characters and non-ASCII names would pass urllib and fail in httpx, after
        # the call was queued; a proxy's address is plain ASCII (``xn--`` for other names).
        raise ConfigurationError(
            "proxy: the address may hold only letters, digits and punctuation, with no "
            "spaces (an international server name in its xn-- form)"
        )
    problem = proxy_problem(text)
    if problem:
        raise ConfigurationError(f"proxy: '{_shown(text)}' {problem}")
    url = text if "://" in text else f"http://{text}"
    if "@" in urlsplit(url).netloc:
        raise ConfigurationError(
            f"proxy: '{_shown(text)}' must not contain a user name or password (the part "
            "before '@'): settings are not a safe place for them; ask IT for a proxy "
            "address without one"
        )
    return url
