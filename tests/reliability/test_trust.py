"""One trust store for every host: a certificate trusted through the OS store (on Linux,
``SSL_CERT_FILE``) is trusted on 127.0.0.1 too, and an untrusted one is refused there too.

Real TLS on a loopback socket with a certificate made by ``openssl`` at test time.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.hostile import HostileServer, hostile, response
from tests.reliability.test_fault_matrix import make_certificate
from tests.reliability.test_hostile_answers import request, send_cli
from voicecall_desktop.api import NotDelivered, VoiceCallClient

BOOKED = response("200 OK", b'{"StatusId":1,"Status":"Queued","Success":true,"MessageId":1}')


@pytest.fixture
def tls(tmp_path: Path) -> Iterator[tuple[HostileServer, Path]]:
    """HTTPS on 127.0.0.1 that reads the whole request, then books the call."""
    cert, key = make_certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with hostile(BOOKED, tls=context) as server:
        yield server, cert


def test_loopback_trusts_what_the_os_store_trusts(
    tls: tuple[HostileServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, cert = tls
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with VoiceCallClient(server.url) as client:
        answer = client.send(request())
    assert answer.response.Success is True
    assert server.handshakes == 1


def test_loopback_refuses_what_the_os_store_does_not_trust(
    tls: tuple[HostileServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = tls
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with VoiceCallClient(server.url) as client, pytest.raises(NotDelivered) as caught:
        client.send(request())
    assert "secure connection" in caught.value.message
    assert server.handshakes == 0


def test_send_to_a_loopback_https_trusted_by_ssl_cert_file_is_booked(
    tls: tuple[HostileServer, Path],
    api_key: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server, cert = tls
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    code, record, err = send_cli(server.url, capsys)
    assert (record["state"], code) == ("sent", 0), err
    assert record["message_id"] == 1
