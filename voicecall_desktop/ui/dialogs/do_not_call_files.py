"""The do-not-call list's files: what an import found, writing an export, why a file failed."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from voicecall_desktop.core.batch import RowProblem

log = logging.getLogger(__name__)


CSV_FILTER = "CSV files (*.csv);;Text files (*.txt);;All files (*)"


#: How many problem rows an import summary lists before "and N more".
PROBLEMS_SHOWN = 8


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def import_summary(added: int, problems: list[RowProblem]) -> str:
    """What an import did, in words: how many were added and which rows were not numbers."""
    text = (
        f"{added} new number{'s' * (added != 1)} added to the do-not-call list."
        if added
        else "No new numbers: every number in the file was already on the list."
    )
    if problems:
        count = len(problems)
        lines = [f"  • row {p.row}: {sentence(p.message)}" for p in problems[:PROBLEMS_SHOWN]]
        if count > PROBLEMS_SHOWN:
            lines.append(f"  • and {count - PROBLEMS_SHOWN} more")
        were = f"{count} rows were not phone numbers" if count != 1 else "1 row was not a number"
        text += f"\n\n{were}; nothing was added for {'them' if count != 1 else 'it'}:\n"
        text += "\n".join(lines)
    return text


def write_export(text: str, path: str | os.PathLike[str]) -> None:
    """Write the list's CSV for Excel (UTF-8 with BOM), replacing ``path`` only when complete."""
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def file_error(exc: OSError, path: str, doing: str) -> str:
    if isinstance(exc, PermissionError):
        return (
            f"Could not {doing} {path}: it is open in another program (Excel?) or the "
            "folder cannot be used. Close it or pick another file, then try again."
        )
    return f"Could not {doing} {path}: {exc.strerror or exc}"


def default_folder() -> Path:
    folder = Path.home() / "Documents"
    return folder if folder.is_dir() else Path.home()
