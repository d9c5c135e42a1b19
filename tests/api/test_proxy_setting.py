"""The ``proxy`` setting: checked when set, used for every call, refused before queueing."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.days import open_day
from voicecall_desktop.api import ConfigurationError, VoiceCallClient, check_proxy_setting
from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.core.states import CallState, Outcome
from voicecall_desktop.policy import Policy
from voicecall_desktop.service import Service

BASE = "https://customerapi.patientcomms.co.uk/"
FORM = CallForm(
    destination="07700 900123",
    username="reception",
    source="Surgery",
    day=open_day(2),
    times=(time(9, 30),),
)


class RefusingProxy:
    """A real HTTP proxy on 127.0.0.1 that notes each request line and refuses it (403).

    Refusing keeps every test on this machine while proving which proxy was used.
    """

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.listener.settimeout(0.1)  # so that close() is noticed at once
        self.stopped = threading.Event()
        self.seen: list[str] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed: the test is over
                return
            conn.settimeout(5)
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                self.seen.append(data.split(b"\r\n", 1)[0].decode("ascii", "replace"))
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(5)
        self.listener.close()


@pytest.fixture
def proxy() -> Iterator[RefusingProxy]:
    server = RefusingProxy()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_the_setting_is_normalised_and_checked() -> None:
    assert check_proxy_setting("  ") == ""
    assert check_proxy_setting(" proxy.nhs.example:3128 ") == "http://proxy.nhs.example:3128"
    assert check_proxy_setting("https://proxy.nhs.example") == "https://proxy.nhs.example"
    with pytest.raises(ConfigurationError, match=r"^proxy: 'ftp://p\.example' uses ftp://"):
        check_proxy_setting("ftp://p.example")
    with pytest.raises(ConfigurationError) as caught:
        check_proxy_setting("http://me:hunter2@p.example:3128")
    assert "hunter2" not in caught.value.message


PROXY_TEXT = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda scheme, auth, host, port: f"{scheme}{auth}{host}{port}",
        st.sampled_from(["", "http://", "https://", "socks5://", "ftp://", "HTTP://", "://"]),
        st.sampled_from(["", "me@", "me:pw@", "@", ":pw@"]),
        st.text(alphabet="abc.-_[]:1 ", max_size=12),
        st.sampled_from(["", ":3128", ":0", ":99999", ":x", ":"]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(PROXY_TEXT)
def test_any_proxy_text_is_either_usable_by_httpx_or_refused_by_name(text: str) -> None:
    try:
        url = check_proxy_setting(text)
    except ConfigurationError as exc:
        assert exc.message.startswith("proxy: ")
        assert ":pw@" not in exc.message
        return
    if url:
        # What the setting accepts, the client's httpx accepts (no error after queueing).
        httpx.Client(proxy=url).close()


def test_settings_set_refuses_a_bad_proxy_naming_the_setting(home: Path) -> None:
    with Service(home, policy=Policy()) as service:
        assert service.update_setting("proxy", "proxy.nhs.example:3128").proxy == (
            "http://proxy.nhs.example:3128"
        )
        with pytest.raises(FieldError) as caught:
            service.update_setting("proxy", "socks4://p.example:1080")
        assert caught.value.field == "proxy"
        assert "socks4://" in caught.value.message
        assert service.settings().proxy == "http://proxy.nhs.example:3128"
        # The settings dialog asks before it saves.
        problems = service.check_settings(Settings(proxy="gopher://p.example"))
        assert [p.field for p in problems] == ["proxy"]


def test_every_call_goes_through_the_proxy_instead_of_the_variables(
    home: Path, api_key: str, proxy: RefusingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A variable that would fail at once if it were used instead of the setting.
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with Service(home, policy=Policy(), base_url=BASE, daily_backup=False) as service:
        service.update_setting("proxy", proxy.url)
        call = service.submit(FORM).record
        result = service.send_one(call.id)
    assert result is not None
    # The proxy refused before anything reached the API: safe to send later, kept queued.
    assert result.outcome is Outcome.NOT_DELIVERED
    assert result.record.state is CallState.QUEUED
    assert proxy.seen == ["CONNECT customerapi.patientcomms.co.uk:443 HTTP/1.1"]


def test_the_sandbox_on_this_computer_never_goes_through_it(proxy: RefusingProxy) -> None:
    with VoiceCallClient("http://127.0.0.1:9/", proxy=proxy.url) as client:
        assert client.proxy == ""
    with VoiceCallClient(BASE, proxy=proxy.url) as client:
        assert client.proxy == proxy.url


def test_a_bad_saved_proxy_is_refused_before_anything_is_queued(home: Path, api_key: str) -> None:
    with Service(home, policy=Policy(), base_url=BASE, daily_backup=False) as service:
        # As an older version, or a hand-edited database, might have saved it.
        service.save_settings(Settings(proxy="ftp://proxy.example:21"))
        with pytest.raises(ConfigurationError, match=r"^proxy: "):
            service.submit(FORM)
        assert service.count() == 0
    with pytest.raises(ConfigurationError, match=r"^proxy: "):
        VoiceCallClient(BASE, proxy="ftp://proxy.example:21")
