"""Fast checks of the packaging files that do not need a build (the bundle test does that)."""

from __future__ import annotations

import importlib.util
import json
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_vc_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_version_resource_matches_the_package_version() -> None:
    versions = _load("make_version_info")
    import voicecall_desktop

    assert versions.package_version() == voicecall_desktop.__version__
    committed = (PACKAGING / "version_info.txt").read_text(encoding="utf-8")
    expected = versions.render(voicecall_desktop.__version__)
    assert committed == expected, "run: python packaging/make_version_info.py"


def test_windows_version_numbers() -> None:
    versions = _load("make_version_info")
    assert versions.numeric_version("0.1.0") == (0, 1, 0, 0)
    assert versions.numeric_version("1.2.3.4.5") == (1, 2, 3, 4)
    assert versions.numeric_version("0.2.0rc1") == (0, 2, 0, 0)
    assert versions.numeric_version("2") == (2, 0, 0, 0)


def test_icon_has_every_size_windows_asks_for() -> None:
    data = (PACKAGING / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for index in range(count):
        width, _height, _colours, _r, _planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert bits == 32 and offset + length <= len(data)
        sizes.add(width or 256)
    assert {16, 24, 32, 48, 256} <= sizes


def test_installer_and_build_script_agree() -> None:
    iss = (PACKAGING / "installer.iss").read_text(encoding="utf-8")
    build = (PACKAGING / "build.ps1").read_text(encoding="utf-8")
    for directive in (
        "PrivilegesRequired=lowest",
        "PrivilegesRequiredOverridesAllowed=dialog",
        r"DefaultDirName={autopf}\{#AppName}",
        "OutputBaseFilename=VoiceCallDesktop-Setup-{#AppVersion}",
    ):
        assert directive in iss, directive
    # Both build scripts take names and defines from build.json, none of their own.
    shared = json.loads((PACKAGING / "build.json").read_text(encoding="utf-8"))
    wine = (PACKAGING / "wine" / "build.sh").read_text(encoding="utf-8")
    for script in (build, wine):
        assert "build.json" in script
        assert "/DAppVersion=" not in script and "Setup-$Version" not in script
    assert shared["setup_file"] == "VoiceCallDesktop-Setup-{version}.exe"
    assert shared["iscc_defines"]["AppVersion"] == "{version}"
    for define in shared["iscc_defines"]:
        assert f"#ifndef {define}" in iss or f"#{define}" in iss, define
    assert (ROOT / shared["spec"]).is_file() and (ROOT / shared["installer_script"]).is_file()
    # The uninstaller's data folder is the app's default VOICECALL_HOME.
    from voicecall_desktop.paths import APP_AUTHOR, APP_DIR_NAME

    assert f"DataSubfolder = '{APP_AUTHOR}\\{APP_DIR_NAME}'" in iss
    assert re.search(r"Exec\(Cli, 'key clear'", iss)


def test_the_wheel_carries_the_top_level_resources(tmp_path: Path) -> None:
    """resources/ lives at the top of the repository and ships inside the package."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("voicecall_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assets = sorted(p.name for p in (ROOT / "resources").iterdir() if p.suffix in {".svg", ".ico"})
    assert "app.svg" in assets
    for name in assets:
        assert f"voicecall_desktop/resources/{name}" in names, name
    # And every other package of the project, found rather than listed.
    assert "voicecall_desktop/core/settings.py" in names
    assert "voicecall_desktop/policy.py" in names
    assert not any(n.startswith("resources/") for n in names)
