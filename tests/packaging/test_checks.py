"""packaging/checks.py's own logic, without Windows: the parts both runners depend on."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


@pytest.fixture(scope="module")
def checks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_vc_checks", PACKAGING / "checks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_json_is_found_after_messages_and_across_lines(checks: ModuleType) -> None:
    out = 'An API key is stored.\n{\n  "stored": true,\n  "backend": "x"\n}\n'
    assert checks.json_out(checks.Run(0, out)) == {"stored": True, "backend": "x"}
    assert checks.json_out(checks.Run(0, '[\n  {"id": 1}\n]\n')) == [{"id": 1}]
    with pytest.raises(checks.CheckFailed, match="no JSON"):
        checks.json_out(checks.Run(0, "Self-test passed.\n{ not json\n"))


def test_qt_variables_reach_wine_programs_under_wines_name(
    checks: ModuleType, tmp_path: Path
) -> None:
    inherited = {"PATH": "/bin", "QT_QPA_PLATFORM": "offscreen", "WINEQT_SCALE": "2"}
    wine = checks.Machine(tmp_path, tmp_path, True, env=inherited)
    env = wine.environment({"QT_QPA_PLATFORM": "offscreen", "VOICECALL_HOME": "C:\\x"}, "m1")
    assert env["WINEQT_QPA_PLATFORM"] == "offscreen"
    assert "QT_QPA_PLATFORM" not in env and "WINEQT_SCALE" not in env
    assert env["VOICECALL_HOME"] == "C:\\x" and env[checks.MARK] == "m1"
    # The runner's own offscreen setting must not turn the real-platform check offscreen.
    native = checks.Machine(tmp_path, tmp_path, False, env=inherited)
    assert "QT_QPA_PLATFORM" not in native.environment({}, "m2")
    assert native.environment({"QT_QPA_PLATFORM": "windows"}, "m3")["QT_QPA_PLATFORM"] == "windows"


def test_sizes_are_held_to_the_budgets(
    checks: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "small.dll").write_bytes(b"\0" * 1024)
    assert checks.size_report({"bundle": bundle}) == 0
    budget = json.loads((PACKAGING / "build.json").read_text(encoding="utf-8"))["budgets_mb"]
    setup = tmp_path / "setup.exe"
    with setup.open("wb") as file:  # sparse: over the budget without writing it all
        file.truncate(int((budget["setup"] + 1) * 2**20))
    assert checks.size_report({"bundle": bundle, "setup": setup}) == 1
    assert "over the size budget: setup" in capsys.readouterr().out


def test_a_left_program_folder_fails_and_pending_checks_do_not(
    checks: ModuleType,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    machine = checks.Machine(tmp_path / "VoiceCall Desktop", tmp_path, False)
    folder_check = dict(checks.uninstalled_checks(tmp_path, keeps_user_data=False))
    only = [("program-folder", folder_check["program-folder"])]
    assert checks.run_all(machine, only, set()) == 0
    machine.install_dir.mkdir()
    (machine.install_dir / "voicecall.exe").write_bytes(b"MZ")
    assert checks.run_all(machine, only, set()) == 1
    assert "FAIL program-folder" in capsys.readouterr().out
    pending = "program-folder-pending"  # none is pending in build.json today
    monkeypatch.setitem(checks.BUILD["pending_checks"], pending, "still being fixed")
    assert checks.run_all(machine, [(pending, folder_check["program-folder"])], set()) == 0
    assert f"PENDING {pending}" in capsys.readouterr().out


def test_every_check_has_a_unique_name(checks: ModuleType) -> None:
    names = [name for name, _ in checks.INSTALLED]
    assert len(names) == len(set(names))
    assert set(checks.BUILD["pending_checks"]) <= set(names)
    assert set(checks.BUILD["msi_skipped_checks"]["names"]) <= set(names)


def test_the_booking_day_is_the_next_weekday(checks: ModuleType) -> None:
    from datetime import date, timedelta

    for offset in range(14):
        today = date(2026, 11, 28) + timedelta(days=offset)  # from a Saturday on
        day = checks.next_weekday(today)
        assert today < day <= today + timedelta(days=3)
        assert day.weekday() < 5
    assert checks.next_weekday(date(2026, 11, 27)) == date(2026, 11, 30)  # Friday → Monday
    assert checks.next_weekday(date(2026, 12, 1)) == date(2026, 12, 2)
