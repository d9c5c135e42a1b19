"""The README's test command is the one CI runs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    command = ci.split("# README test command:\n", 1)[1].strip().splitlines()[0]
    readme = (ROOT / "README.md").read_text()
    assert command in readme
    first_blocks = [b.split("```")[0] for b in readme.split("```bash\n")[1:3]]
    assert "--demo" in first_blocks[0]
    assert first_blocks[1].strip() == command


def test_qt_free_layers_import_no_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import voicecall_desktop.core, voicecall_desktop.api, voicecall_desktop.store\n"
        "import voicecall_desktop.service, voicecall_desktop.secrets, voicecall_desktop.cli\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    core_only = (
        "import sys\nimport voicecall_desktop.core\n"
        "bad = [m for m in ('httpx', 'sqlite3', 'PySide6', 'keyring') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", core_only], check=True, cwd=ROOT)
