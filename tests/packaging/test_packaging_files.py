"""Fast checks of the packaging files that do not need a build (the bundle test does that)."""

from __future__ import annotations

import importlib.util
import re
import struct
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
    assert "VoiceCallDesktop-Setup-$Version.exe" in build
    assert "/DAppVersion=$Version" in build
    # The uninstaller's data folder is the app's default VOICECALL_HOME.
    from voicecall_desktop.paths import APP_AUTHOR, APP_DIR_NAME

    assert f"DataSubfolder = '{APP_AUTHOR}\\{APP_DIR_NAME}'" in iss
    assert re.search(r"Exec\(Cli, 'key clear'", iss)
