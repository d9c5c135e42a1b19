"""Bad configuration is refused before anything is queued, in words that name the setting.

Real sockets and real files: the commands run in-process (``cli.run``) against a sandbox
or a closed port on 127.0.0.1, and the log file is read back from the data folder.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from tests.reliability.helpers import message_problems
from voicecall_desktop import cli, logs
from voicecall_desktop.api import ConfigurationError, check_base_url
from voicecall_desktop.sandbox import Sandbox

SECRET = "s3cretPw"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (f"https://user:{SECRET}@customerapi.patientcomms.co.uk/", "user name or password"),
        (f"https://{SECRET}@customerapi.patientcomms.co.uk/", "user name or password"),
        ("https://customerapi.patientcomms.co.uk/?key=" + SECRET, "'?' or '#'"),
        ("https://customerapi.patientcomms.co.uk/#" + SECRET, "'?' or '#'"),
        ("https://customerapi.patientcomms.co.uk/?", "'?' or '#'"),
        (f"https://user:{SECRET}@host:notaport/", "not a web address"),
    ],
)
def test_base_url_with_secrets_is_refused_without_repeating_them(url: str, says: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        check_base_url(url)
    assert caught.value.message.startswith("base URL:")
    assert says in caught.value.message
    assert SECRET not in caught.value.message


def test_send_to_a_base_url_with_credentials_queues_nothing(
    sandbox: Sandbox, api_key: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sandbox.url.replace("http://", f"http://user:{SECRET}@")
    capsys.readouterr()
    argv = ["send", "--destination", "07700 900123", "--source", "Surgery"]
    code = cli.run([*argv, "--username", "reception", "--base-url", url])
    _, err = capsys.readouterr()
    assert code == 2, err
    assert "base URL" in err and SECRET not in err
    assert sandbox.received == []
    assert cli.run(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr()[0]) == []
    log = logs.log_path(home)
    assert not log.exists() or SECRET not in log.read_text(encoding="utf-8")


def test_no_url_with_credentials_reaches_the_log_file(home: Path) -> None:
    path = logs.configure(home)
    try:
        logging.getLogger("httpx").info(
            'HTTP Request: %s %s "%s"',
            "POST",
            f"https://user:{SECRET}@customerapi.patientcomms.co.uk/Public/VoiceCall",
            "HTTP/1.1 200 OK",
        )
        logging.getLogger("voicecall_desktop.test").warning(
            "proxy http://%s@proxy.example:3128 refused", SECRET
        )
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "customerapi.patientcomms.co.uk/Public/VoiceCall" in text
    assert SECRET not in text
    assert "https://***@customerapi" in text


def test_messages_about_a_bad_base_url_are_plain(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ConfigurationError) as caught:
        check_base_url(f"https://u:{SECRET}@h/")
    assert message_problems(caught.value.message) == []


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("0909 879 0123", "premium-rate"),
        ("0845 123 4567", "service"),
        ("+882 16 1234 5678", "not a UK number"),
    ],
)
def test_send_refuses_numbers_that_are_not_a_patients_phone(
    number: str, says: str, sandbox: Sandbox, api_key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    argv = ["send", "--destination", number, "--source", "Surgery", "--username", "reception"]
    code = cli.run([*argv, "--base-url", sandbox.url])
    _, err = capsys.readouterr()
    assert code == 2, err
    assert "Destination" in err and says in err
    assert sandbox.received == []
