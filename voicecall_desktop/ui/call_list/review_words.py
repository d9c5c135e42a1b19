"""What the Import dialog says of a reading: the notice above the table, the summary
under it, Book's question."""

from __future__ import annotations

from voicecall_desktop.ui.call_list.review_rows import ImportPreview


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def summary_text(preview: ImportPreview, will: int, *, skip_invalid: bool, confirmed: bool) -> str:
    """``9 rows: 3 will be booked, 6 have problems.`` and what that means."""
    rows = len(preview.rows)
    bad = sum(1 for r in preview.rows if not r.bookable(confirmed))
    text = (
        f"{plural(rows, 'row')}: {will:,} will be booked, "
        f"{bad:,} {'has a problem' if bad == 1 else 'have problems'}."
    )
    if bad and not skip_invalid:
        text += " Nothing is booked until you tick “Skip rows with problems”, or correct the file."
    hours = len(preview.confirmable)
    if hours:
        kind = preview.hours_kind()
        text += f" {plural(hours, 'row')} {'is' if hours == 1 else 'are'} {kind}: " + (
            "booked as you confirmed." if confirmed else "not booked unless you confirm them."
        )
    return text


def confirm_text(preview: ImportPreview, count: int, *, confirmed: bool) -> str:
    """The question Book asks: the count first, then what is left out or booked at odd hours."""
    if count == 1:
        text = "Book 1 call? The patient will be phoned at the time shown."
    else:
        text = f"Book {plural(count, 'call')}? Each patient will be phoned at the times shown."
    left = sum(1 for r in preview.rows if not r.bookable(confirmed))
    if left:
        text += f"\n\n{plural(left, 'row')} with problems will be left out."
    hours = len(preview.confirmable)
    if hours and confirmed:
        text += (
            f"\n\n{plural(hours, 'call')} {'is' if hours == 1 else 'are'} "
            f"{preview.hours_kind()}: those patients will be phoned then."
        )
    return text


def file_notice(preview: ImportPreview) -> tuple[str, bool]:
    """The line above the table, and whether it says the file cannot be booked at all.

    Otherwise it names the columns not used and the preset that fills blank cells
    (empty when there is nothing to say).
    """
    if preview.file_problems:
        text = "; ".join(p.message for p in preview.file_problems)
        return f"This file cannot be booked: {text}.", True
    notes = []
    if preview.ignored_columns:
        notes.append(
            "Columns not used: " + ", ".join(preview.ignored_columns) + " (the columns used "
            "are destination, date, times, source, username, site and restrict_sends)."
        )
    if preview.preset:
        notes.append(f"Blank cells are filled from the preset “{preview.preset}”.")
    return " ".join(notes), False


__all__ = ["confirm_text", "file_notice", "plural", "summary_text"]
