"""Settings fixed by IT: the VOICECALL_POLICY file, the registry keys and their order."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecall_desktop.core.settings import Settings
from voicecall_desktop.policy import (
    POLICY_ENV,
    REGISTRY_PATH,
    Policy,
    PolicyError,
    load_policy,
    windows_registry,
)


class Registry:
    """The registry's policy keys as a dict: the OS's part, which Linux does not have."""

    def __init__(self, **hives: Mapping[str, object]) -> None:
        self.hives = hives

    def read(self, hive: str) -> Mapping[str, object]:
        return self.hives.get(hive, {})


def policy_file(tmp_path: Path, data: object) -> dict[str, str]:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return {POLICY_ENV: str(path)}


def test_no_policy_locks_nothing() -> None:
    policy = load_policy({}, Registry())
    assert policy == Policy()
    assert not policy.locks("source")
    user = Settings(source="Mine")
    assert policy.apply(user) is user


def test_file_values_override_and_lock(tmp_path: Path) -> None:
    env = policy_file(
        tmp_path,
        {"base_url": " https://api.example.nhs.uk/ ", "retention_days": 30, "restrict_sends": True},
    )
    policy = load_policy(env, Registry())
    assert policy.locks("base_url") and policy.locks("retention_days")
    assert not policy.locks("source")
    assert policy.source("base_url") == env[POLICY_ENV]
    applied = policy.apply(Settings(source="Mine", retention_days=400))
    # Checked and normalised as the settings model does (the URL is stripped).
    assert applied.base_url == "https://api.example.nhs.uk/"
    assert applied.retention_days == 30 and applied.restrict_sends is True
    assert applied.source == "Mine"


def test_contract_name_customer_site_id_is_the_site_setting(tmp_path: Path) -> None:
    policy = load_policy(policy_file(tmp_path, {"customer_site_id": "SITE-9"}), Registry())
    assert policy.locks("customer_site_id") and policy.locks("site")
    assert policy.apply(Settings()).site == "SITE-9"


def test_a_file_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"source": "Surgery"}).encode())
    assert load_policy({POLICY_ENV: str(path)}, Registry()).values == {"source": "Surgery"}


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"retention_days": 0}, "retention_days"),
        ({"base_url": "ftp://x"}, "base_url"),
        ({"format": "yaml"}, "format"),
        ({"restrict_sends": "maybe"}, "restrict_sends"),
        ({"colour": "red"}, "'colour' is not a setting"),
        ({"source": None}, "source"),
        ({"source": ["a", "b"]}, "source"),
        (["source"], "JSON object"),
    ],
)
def test_an_invalid_value_names_the_file_and_the_key(
    tmp_path: Path, data: object, named: str
) -> None:
    env = policy_file(tmp_path, data)
    with pytest.raises(PolicyError) as caught:
        load_policy(env, Registry())
    message = str(caught.value)
    assert message.startswith(env[POLICY_ENV] + ": ")
    assert named in message


def test_an_unreadable_file_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(PolicyError, match=r"nowhere\.json: cannot read"):
        load_policy({POLICY_ENV: str(missing)}, Registry())
    broken = tmp_path / "broken.json"
    broken.write_text('{"source": ', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"broken\.json: not valid JSON"):
        load_policy({POLICY_ENV: str(broken)}, Registry())
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(PolicyError, match=r"binary\.json: the policy file is not UTF-8"):
        load_policy({POLICY_ENV: str(binary)}, Registry())


def test_machine_policy_over_user_policy_over_file(tmp_path: Path) -> None:
    env = policy_file(tmp_path, {"source": "File GP", "username": "file", "format": "xml"})
    registry = Registry(
        HKCU={"Source": "User GP", "username": "user"},
        HKLM={"source": "Machine GP", "retention_days": 60},
    )
    policy = load_policy(env, registry)
    assert policy.values == {
        "source": "Machine GP",
        "username": "user",
        "format": "xml",
        "retention_days": 60,
    }
    assert policy.source("source") == f"HKLM\\{REGISTRY_PATH}"
    assert policy.source("username") == f"HKCU\\{REGISTRY_PATH}"
    assert policy.source("format") == env[POLICY_ENV]


def test_registry_numbers_and_text_become_typed_settings() -> None:
    # Group Policy writes REG_DWORD for numbers and check boxes, REG_SZ for text.
    registry = Registry(HKLM={"restrict_sends": 1, "retention_days": 45, "read_timeout": "12.5"})
    applied = load_policy({}, registry).apply(Settings())
    assert applied.restrict_sends is True
    assert applied.retention_days == 45
    assert applied.read_timeout == 12.5


def test_an_invalid_registry_value_names_the_key() -> None:
    registry = Registry(HKLM={"retention_days": 99999})
    with pytest.raises(PolicyError) as caught:
        load_policy({}, registry)
    assert str(caught.value).startswith(f"HKLM\\{REGISTRY_PATH}: retention_days: ")


def test_windows_registry_only_on_windows() -> None:
    assert (windows_registry() is None) == (sys.platform != "win32")


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*Settings.model_fields, "customer_site_id", "other"]),
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text()),
    )
)
def test_any_policy_file_is_either_applied_or_refused_by_name(data: dict[str, object]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        env = policy_file(Path(folder), data)
        try:
            policy = load_policy(env, Registry())
        except PolicyError as exc:
            assert str(exc).startswith(env[POLICY_ENV] + ": ")
            return
    applied = policy.apply(Settings())
    for name in data:
        assert policy.locks(name)
    # What was applied passes the settings model's own checks.
    assert Settings.model_validate(applied.model_dump()) == applied


# Only on Windows (as the package's own registry reader): mypy then checks winreg's use there.
if sys.platform == "win32":
    import winreg

    def test_windows_registry_user_policy_is_read() -> None:  # pragma: no cover - Windows CI
        key = winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, REGISTRY_PATH, 0, winreg.KEY_WRITE)
        try:
            with key:
                winreg.SetValueEx(key, "source", 0, winreg.REG_SZ, "Registry GP")
                winreg.SetValueEx(key, "retention_days", 0, winreg.REG_DWORD, 40)
            policy = load_policy({})
            assert policy.values["source"] == "Registry GP"
            assert policy.values["retention_days"] == 40
        finally:
            winreg.DeleteKeyEx(winreg.HKEY_CURRENT_USER, REGISTRY_PATH)
