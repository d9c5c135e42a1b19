"""The Group Policy template (ADMX/ADML) writes only what voicecall_desktop.policy accepts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from voicecall_desktop.policy import REGISTRY_PATH, PolicyError, load_policy

POLICY = Path(__file__).resolve().parents[2] / "packaging" / "policy"
NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}


class Registry:
    """One hive's values, as Group Policy would have written them."""

    def __init__(self, values: dict[str, object]) -> None:
        self.values = values

    def read(self, hive: str) -> dict[str, object]:
        return self.values if hive == "HKLM" else {}


def _admx() -> ET.Element:
    return ET.parse(POLICY / "VoiceCallDesktop.admx").getroot()


def _adml() -> ET.Element:
    return ET.parse(POLICY / "en-US" / "VoiceCallDesktop.adml").getroot()


def _policies() -> list[ET.Element]:
    return _admx().findall("p:policies/p:policy", NS)


def test_every_policy_writes_the_key_the_app_reads() -> None:
    policies = _policies()
    assert len(policies) >= 8
    for policy in policies:
        assert policy.get("key") == REGISTRY_PATH, policy.get("name")
        assert policy.get("class") == "Both"


def _example(element: ET.Element) -> object:
    """A value Group Policy could write for this element: REG_DWORD numbers, REG_SZ text."""
    tag = element.tag.split("}")[1]
    if tag == "decimal":
        return int(element.get("minValue", "1"))
    if tag == "enum":
        return element.findall("p:item/p:value/p:string", NS)[-1].text
    if tag == "text":
        return {"base_url": "https://api.example/"}.get(element.get("valueName", ""), "Surgery")
    raise AssertionError(f"unexpected element {tag}")


@pytest.mark.parametrize("policy", _policies(), ids=lambda p: p.get("name"))
def test_each_policy_value_is_accepted_by_the_app(policy: ET.Element) -> None:
    values: dict[str, object] = {}
    if policy.get("valueName"):  # a plain on/off policy: REG_DWORD 1 or 0
        for which in ("enabledValue", "disabledValue"):
            number = policy.find(f"p:{which}/p:decimal", NS)
            assert number is not None
            values[policy.get("valueName", "")] = int(number.get("value", ""))
            assert load_policy({}, Registry(values)).locks(policy.get("valueName", ""))
    for element in policy.findall("p:elements/*", NS):
        name = element.get("valueName", "")
        values = {name: _example(element)}
        assert load_policy({}, Registry(values)).locks(name), name
    assert values, f"{policy.get('name')} writes nothing"


def test_decimal_limits_match_the_settings() -> None:
    # One past each limit must be refused by the app, so the template's range is the app's.
    for element in _admx().iter(f"{{{NS['p']}}}decimal"):
        name = element.get("valueName")
        if not name:
            continue
        with pytest.raises(PolicyError):
            load_policy({}, Registry({name: int(element.get("maxValue", "0")) + 1}))


def test_every_string_and_presentation_is_in_the_adml() -> None:
    text = (POLICY / "VoiceCallDesktop.admx").read_text(encoding="utf-8")
    adml = _adml()
    strings = {s.get("id") for s in adml.findall("p:resources/p:stringTable/p:string", NS)}
    shown = {s.get("id") for s in adml.findall("p:resources/p:presentationTable/*", NS)}
    assert set(re.findall(r"\$\(string\.(\w+)\)", text)) <= strings
    assert set(re.findall(r"\$\(presentation\.(\w+)\)", text)) <= shown
    for presentation in adml.findall("p:resources/p:presentationTable/p:presentation", NS):
        for control in presentation:
            assert control.get("refId") == presentation.get("id")
