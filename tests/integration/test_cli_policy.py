"""Settings fixed by IT through ``voicecall``: marked, refused; a bad policy stops every command."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.days import open_day
from tests.kit import run_cli
from voicecall_desktop import cli, policy
from voicecall_desktop.policy import POLICY_ENV, REGISTRY_PATH, SET_BY_IT
from voicecall_desktop.sandbox import Sandbox

pytestmark = pytest.mark.slow

HKLM = f"HKLM\\{REGISTRY_PATH}"
GATEWAY = "https://gateway.private.example/"


@pytest.fixture
def policy_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "policy.json"
    path.write_text(
        json.dumps({"source": "IT Surgery", "customer_site_id": "S-1", "retention_days": 30}),
        encoding="utf-8",
    )
    monkeypatch.setenv(POLICY_ENV, str(path))
    return path


def test_settings_marks_each_value_set_by_it(policy_file: Path) -> None:
    assert run_cli("settings", "set", "username", "reception").returncode == 0
    shown = run_cli("settings")
    assert shown.returncode == 0, shown.stderr
    lines = dict(line.split(" = ", 1) for line in shown.stdout.splitlines())
    assert lines["source"] == f"IT Surgery    [{SET_BY_IT}: {policy_file}]"
    assert lines["site"] == f"S-1    [{SET_BY_IT}: {policy_file}]"
    assert lines["retention_days"].startswith("30    [")
    assert lines["username"] == "reception"  # the user's own, not marked
    data = json.loads(run_cli("settings", "--json").stdout)
    assert (data["source"], data["site"], data["username"]) == ("IT Surgery", "S-1", "reception")
    assert data["set_by_it"] == {
        "retention_days": str(policy_file),
        "site": str(policy_file),
        "source": str(policy_file),
    }


@pytest.mark.parametrize(("name", "locked"), [("source", "source"), ("customer_site_id", "site")])
def test_settings_set_on_a_locked_value_exits_2_naming_it(
    policy_file: Path, name: str, locked: str
) -> None:
    refused = run_cli("settings", "set", name, "Other")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        f"{locked}: {SET_BY_IT} ({policy_file}); it cannot be changed here"
    )
    assert refused.stdout == ""


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"retention_days": 0}, "retention_days"),
        ({"proxy": "socks4://proxy.example:1080"}, "proxy"),
        ({"colour": "red"}, "'colour' is not a setting"),
        ("not an object", "JSON object"),
    ],
)
def test_a_bad_policy_stops_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: object, named: str
) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv(POLICY_ENV, str(path))
    for command in (["history"], ["key", "status"], ["self-test"], ["settings"]):
        result = run_cli(*command)
        assert result.returncode == 2, (command, result.stderr)
        assert f"{path}: " in result.stderr and named in result.stderr
        assert "Traceback" not in result.stderr
        assert "Ask IT to correct the policy." in result.stderr


def test_a_policy_file_that_cannot_be_read_stops_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "gone.json"
    monkeypatch.setenv(POLICY_ENV, str(missing))
    result = run_cli("send", "--destination", "07700 900123", "--source", "Surgery")
    assert result.returncode == 2
    assert f"{missing}: cannot read the policy file" in result.stderr
    assert "Traceback" not in result.stderr
    monkeypatch.setenv(POLICY_ENV, "")  # unset in effect: no policy, nothing was recorded
    assert json.loads(run_cli("history", "--json").stdout) == []


def test_self_test_lists_names_and_sources_never_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"base_url": GATEWAY, "username": "it-user"}), encoding="utf-8")
    monkeypatch.setenv(POLICY_ENV, str(path))
    result = run_cli("self-test")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("ok   policy"))
    assert line == f"ok   policy: base_url, username set by IT in {path}"
    assert "gateway.private" not in result.stderr + result.stdout
    monkeypatch.delenv(POLICY_ENV)
    result = run_cli("self-test")
    assert "ok   policy: no settings fixed by IT" in result.stderr


def test_a_locked_base_url_allows_only_the_sandbox_on_this_computer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox, api_key: str
) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"base_url": GATEWAY}), encoding="utf-8")
    monkeypatch.setenv(POLICY_ENV, str(path))
    send = ["send", "--destination", "07700 900123", "--source", "Surgery"]
    send += ["--username", "reception", "--date", open_day(2).isoformat(), "--time", "10:00"]
    refused = run_cli(*send, "--base-url", "https://elsewhere.example/")
    assert refused.returncode == 2
    assert f"--base-url: {SET_BY_IT} ({path})" in refused.stderr
    booked = run_cli(*send, "--base-url", sandbox.url, "--json")
    assert booked.returncode == 0, booked.stderr
    assert len(sandbox.received) == 1


class Registry:
    """The registry's policy keys in memory: the OS boundary Linux does not have."""

    def __init__(self, **hives: Mapping[str, object]) -> None:
        self.hives = hives

    def read(self, hive: str) -> Mapping[str, object]:
        return self.hives.get(hive, {})


def test_registry_values_lock_settings_as_on_windows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = Registry(HKCU={"source": "User GP", "format": "xml"}, HKLM={"source": "Machine GP"})
    monkeypatch.setattr(policy, "windows_registry", lambda: registry)
    assert cli.run(["settings", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["source"], data["format"]) == ("Machine GP", "xml")
    assert data["set_by_it"] == {"format": f"HKCU\\{REGISTRY_PATH}", "source": HKLM}
    assert cli.run(["settings", "set", "format", "json"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"format: {SET_BY_IT} (HKCU\\{REGISTRY_PATH}); it cannot be changed here"
    )


def test_a_bad_registry_value_stops_start_up_naming_the_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = Registry(HKLM={"retention_days": 99999})
    monkeypatch.setattr(policy, "windows_registry", lambda: registry)
    assert cli.run(["history"]) == 2
    err = capsys.readouterr().err
    assert f"{HKLM}: retention_days: " in err
    assert "Ask IT to correct the policy." in err
