"""Settings fixed by IT, as the Service hands them out and refuses to change them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from voicecall_desktop.core.settings import Settings
from voicecall_desktop.policy import (
    POLICY_ENV,
    REGISTRY_PATH,
    SET_BY_IT,
    LockedSetting,
    Policy,
    PolicyError,
    load_policy,
)
from voicecall_desktop.service import Service

HKLM = f"HKLM\\{REGISTRY_PATH}"


class Registry:
    """The registry's policy keys in memory: the OS boundary Linux does not have."""

    def __init__(self, **hives: Mapping[str, object]) -> None:
        self.hives = hives

    def read(self, hive: str) -> Mapping[str, object]:
        return self.hives.get(hive, {})


def policy_from(tmp_path: Path, data: object, registry: Registry | None = None) -> Policy:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_policy({POLICY_ENV: str(path)}, registry or Registry())


def test_settings_handed_out_carry_the_policy_over_the_users_own(
    home: Path, tmp_path: Path
) -> None:
    with Service(home, policy=Policy()) as service:
        service.save_settings(Settings(source="Mine", username="me", retention_days=400))
    policy = policy_from(
        tmp_path, {"source": "IT Surgery"}, Registry(HKLM={"retention_days": 30, "Site": "S-1"})
    )
    with Service(home, policy=policy) as service:
        settings = service.settings()
        assert (settings.source, settings.site) == ("IT Surgery", "S-1")
        assert settings.retention_days == 30
        assert settings.username == "me"  # not fixed: the user's own
        assert service.policy_locks() == {
            "retention_days": f"{SET_BY_IT} ({HKLM})",
            "site": f"{SET_BY_IT} ({HKLM})",
            "source": f"{SET_BY_IT} ({tmp_path / 'policy.json'})",
        }


def test_a_locked_setting_cannot_be_saved_and_nothing_is(home: Path, tmp_path: Path) -> None:
    policy = policy_from(tmp_path, {"source": "IT Surgery"})
    with Service(home, policy=policy) as service:
        changed = service.settings().model_copy(update={"source": "Other", "username": "new"})
        with pytest.raises(LockedSetting) as caught:
            service.save_settings(changed)
        assert caught.value.field == "source"
        assert SET_BY_IT in caught.value.message
        assert str(tmp_path / "policy.json") in caught.value.message
        assert service.settings().username == ""  # the whole save was refused
        with pytest.raises(LockedSetting, match="source: set by your IT department"):
            service.update_setting("source", "Other")
        # The contract's name for the site setting is locked as the site.
    policy = policy_from(tmp_path, {"customer_site_id": "S-9"})
    with Service(home, policy=policy) as service:
        for name in ("site", "customer_site_id"):
            with pytest.raises(LockedSetting) as caught:
                service.update_setting(name, "S-1")
            assert caught.value.field == "site"


def test_saving_what_was_handed_out_keeps_the_users_own_value_under_the_lock(
    home: Path, tmp_path: Path
) -> None:
    with Service(home, policy=Policy()) as service:
        service.save_settings(Settings(source="Mine"))
    policy = policy_from(tmp_path, {"source": "IT Surgery"})
    with Service(home, policy=policy) as service:
        # The window saves the whole form: the locked field unchanged, another edited.
        service.save_settings(service.settings().model_copy(update={"username": "desk 2"}))
        service.update_setting("format", "xml")
        assert service.settings().source == "IT Surgery"
    # IT lifts the policy: the user's own value is back, and their edits were kept.
    with Service(home, policy=Policy()) as service:
        settings = service.settings()
        assert (settings.source, settings.username, settings.format) == ("Mine", "desk 2", "xml")


def test_a_base_url_fixed_by_it_wins_over_the_variable_but_not_over_the_run(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOICECALL_BASE_URL", "https://elsewhere.example/")
    policy = policy_from(tmp_path, {"base_url": "https://gateway.nhs.example/"})
    with Service(home, policy=policy) as service:
        assert service.base_url() == "https://gateway.nhs.example/"
    # Training mode's sandbox (and a command's --base-url) is for this run only.
    with Service(home, policy=policy, base_url="http://127.0.0.1:9/") as service:
        assert service.base_url() == "http://127.0.0.1:9/"
    with Service(home, policy=Policy()) as service:
        assert service.base_url() == "https://elsewhere.example/"


def test_the_service_reads_the_policy_itself_and_refuses_a_bad_one_before_the_store(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"retention_days": 30}), encoding="utf-8")
    monkeypatch.setenv(POLICY_ENV, str(path))
    with Service(home) as service:
        assert service.settings().retention_days == 30
        assert service.policy.locks("retention_days")
    other = tmp_path / "other-home"
    path.write_text(json.dumps({"retention_days": "forever"}), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"policy\.json: retention_days: "):
        Service(other)
    assert not other.exists()  # stopped before the data folder was touched


@pytest.mark.parametrize(
    ("proxy", "says"),
    [
        ("ftp://proxy.example:21", "ftp://"),
        ("socks4://proxy.example:1080", "socks4://"),
        ("http://proxy.example:port", "not a valid address"),
        ("http://me:hunter2@proxy.example:3128", "user name or password"),
    ],
)
def test_a_proxy_fixed_by_it_is_checked_as_the_client_would(
    tmp_path: Path, proxy: str, says: str
) -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from(tmp_path, {"proxy": proxy})
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'policy.json'}: proxy: ")
    assert says in message
    assert "hunter2" not in message


def test_a_base_url_fixed_by_it_is_checked_as_the_setting_is(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"base_url: .*plain http://"):
        policy_from(tmp_path, {"base_url": "http://api.example/"})
    with pytest.raises(PolicyError, match=r"base_url: .*user name or password") as caught:
        load_policy({}, Registry(HKLM={"base_url": "https://me:pw@api.example/"}))
    assert str(caught.value).startswith(HKLM)
    assert ":pw@" not in str(caught.value)
