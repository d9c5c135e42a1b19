"""Proxy variables httpx cannot use are found before a client is built, naming the variable."""

from __future__ import annotations

import pytest

from tests.reliability.helpers import message_problems
from voicecall_desktop.api import ConfigurationError, VoiceCallClient, check_proxy_environment
from voicecall_desktop.api.proxies import environment_proxies

BASE = "https://customerapi.patientcomms.co.uk/"
ALL_NAMES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ALL_NAMES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


BAD = [
    ("ALL_PROXY", "socks5://proxy.example:1080", "SOCKS"),
    ("HTTPS_PROXY", "ftp://proxy.example:21", "ftp://"),
    ("HTTPS_PROXY", "http://[::1", "not a valid address"),
    ("https_proxy", "http://proxy.example:notaport", "not a valid address"),
    ("HTTP_PROXY", "http://:8080", "no server name"),
]


@pytest.mark.parametrize(("name", "value", "says"), BAD, ids=[b[1] for b in BAD])
def test_unusable_proxy_is_refused_naming_the_variable(
    name: str, value: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as caught:
        check_proxy_environment()
    message = caught.value.message
    assert message.startswith(f"{name}:")
    assert says in message
    assert message_problems(message) == []


@pytest.mark.parametrize(("name", "value", "says"), BAD, ids=[b[1] for b in BAD])
def test_the_client_refuses_them_too_instead_of_crashing(
    name: str, value: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError):
        VoiceCallClient(BASE)


def test_a_password_in_the_proxy_address_is_not_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "ftp://me:hunter2@proxy.example:21")
    with pytest.raises(ConfigurationError) as caught:
        check_proxy_environment()
    assert "hunter2" not in caught.value.message
    assert "proxy.example" in caught.value.message


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"HTTPS_PROXY": "http://proxy.example:3128"},
        {"HTTPS_PROXY": "proxy.example:3128"},  # httpx adds http://
        {"HTTP_PROXY": "https://user:pw@proxy.example"},
        {"ALL_PROXY": "socks5://proxy.example:1080", "NO_PROXY": "*"},
        {"HTTPS_PROXY": "ftp://ignored", "https_proxy": "http://proxy.example:3128"},
        {"HTTPS_PROXY": "   "},
    ],
)
def test_usable_settings_pass(env: dict[str, str]) -> None:
    check_proxy_environment(env)


def test_loopback_uses_no_proxy_so_nothing_is_checked() -> None:
    check_proxy_environment({"ALL_PROXY": "ftp://x"}, base_url="http://127.0.0.1:8765/")
    with pytest.raises(ConfigurationError):
        check_proxy_environment({"ALL_PROXY": "ftp://x"}, base_url=BASE)


def test_lower_case_wins_as_in_urllib() -> None:
    found = environment_proxies({"HTTPS_PROXY": "http://upper", "https_proxy": "http://lower"})
    assert found == {"https": ("https_proxy", "http://lower")}
