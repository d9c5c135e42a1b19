"""One trust store for every host: a certificate trusted through the OS store (on Linux,
``SSL_CERT_FILE``) is trusted on 127.0.0.1 too, and an untrusted one is refused there too.

Real TLS on a loopback socket with a certificate made by ``openssl`` at test time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.test_fault_matrix import TlsServer, make_certificate
from tests.reliability.test_hostile_answers import request, send_cli
from voicecall_desktop.api import NotDelivered, VoiceCallClient


@pytest.fixture
def tls(tmp_path: Path) -> Iterator[tuple[TlsServer, Path]]:
    cert, key = make_certificate(tmp_path)
    server = TlsServer(cert, key)
    try:
        yield server, cert
    finally:
        server.stop()


def test_loopback_trusts_what_the_os_store_trusts(
    tls: tuple[TlsServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, cert = tls
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with VoiceCallClient(server.url) as client:
        answer = client.send(request())
    assert answer.response.Success is True
    assert server.handshakes == 1


def test_loopback_refuses_what_the_os_store_does_not_trust(
    tls: tuple[TlsServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = tls
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with VoiceCallClient(server.url) as client, pytest.raises(NotDelivered) as caught:
        client.send(request())
    assert "secure connection" in caught.value.message
    assert server.handshakes == 0


def test_send_to_a_loopback_https_trusted_by_ssl_cert_file_is_booked(
    tls: tuple[TlsServer, Path],
    api_key: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server, cert = tls
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    code, record, err = send_cli(server.url, capsys)
    assert (record["state"], code) == ("sent", 0), err
    assert record["message_id"] == 1
