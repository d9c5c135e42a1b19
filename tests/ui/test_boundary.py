"""The window talks to the Service only: no ui module imports the store, the keyring or sqlite3,
nor the service package's private modules (only ``voicecall_desktop.service`` itself).

Read from the source with ``ast`` (not from ``sys.modules``), so a lazy import inside
a function counts as much as one at the top of a module.
"""

from __future__ import annotations

from pathlib import Path

from tests.kit import imported_names

PACKAGE = Path(__file__).resolve().parents[2] / "voicecall_desktop"
FORBIDDEN = (
    "voicecall_desktop.store",  # and store_pg
    "voicecall_desktop.secrets",
    "voicecall_desktop.service._",  # the service's own parts: use its public names
    "keyring",
    "sqlite3",
)


def forbidden_imports(folder: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        bad = sorted(n for n in imported_names(path, members=True) if n.startswith(FORBIDDEN))
        if bad:
            found[str(path.relative_to(PACKAGE))] = bad
    return found


def test_the_window_imports_no_store_keyring_secrets_or_sqlite() -> None:
    assert len(list((PACKAGE / "ui").rglob("*.py"))) >= 30  # the walk sees the packages
    assert forbidden_imports(PACKAGE / "ui") == {}


def test_the_command_line_imports_no_store_keyring_secrets_or_sqlite() -> None:
    assert len(list((PACKAGE / "cli").rglob("*.py"))) >= 5
    assert forbidden_imports(PACKAGE / "cli") == {}


def test_the_walk_finds_each_way_of_importing(tmp_path: Path) -> None:
    """The check itself: top-level, nested, ``from x import y`` and ``from pkg import mod``."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import sqlite3\n"
        "from voicecall_desktop import store\n"
        "def f():\n"
        "    from voicecall_desktop.secrets import KeyStore\n"
        "    import keyring\n"
        "    from voicecall_desktop.service._checks import Confirmations\n",
        encoding="utf-8",
    )
    names = imported_names(sample, members=True)
    assert {n for n in names if n.startswith(FORBIDDEN)} == {
        "sqlite3",
        "voicecall_desktop.store",
        "voicecall_desktop.secrets",
        "voicecall_desktop.secrets.KeyStore",
        "keyring",
        "voicecall_desktop.service._checks",
        "voicecall_desktop.service._checks.Confirmations",
    }
