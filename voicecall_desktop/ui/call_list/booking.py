"""The Import dialog's Book step: the checks and the question, then the rows queued at once.

Nothing is queued unless an API key is stored, the person says yes to a
question that states the count, and no time in the list has passed since the
file was read. The rows then go in one transaction (:meth:`Service.queue_batch`)
with the repeat rule checked again inside it: another desk may have booked one
of these numbers meanwhile. Each refusal tells the person why; where the list
must be reviewed again, it is read again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from voicecall_desktop.core.batch import BatchFile
from voicecall_desktop.core.errors import InputErrors
from voicecall_desktop.service import KeyringUnavailable, Service, StoreError
from voicecall_desktop.ui.call_list.review_rows import ImportPreview, ReviewRow, overtaken
from voicecall_desktop.ui.call_list.review_words import confirm_text


def queue_rows(
    parent: QWidget,
    service: Service,
    preview: ImportPreview,
    rows: list[ReviewRow],
    *,
    confirmed: bool,
    read_again: Callable[[], None],
) -> list[int] | None:
    """Ask, check and queue ``rows``; their call ids, or None when nothing was queued.

    Args:
        confirmed: the person ticked "Book … anyway" for the rows outside calling hours.
        read_again: reads the file again, for a list that changed since it was read.
    """
    try:
        has_key = service.has_key()
    except KeyringUnavailable as exc:
        QMessageBox.warning(parent, "Not booked", f"Nothing was booked: {exc}")
        return None
    if not has_key:
        QMessageBox.warning(
            parent,
            "Not booked",
            "Nothing was booked: no API key is stored. Add the PatientComms API key in "
            "Settings, then import the list again.",
        )
        return None
    question = confirm_text(preview, len(rows), confirmed=confirmed)
    answer = QMessageBox.question(
        parent,
        "Book calls",
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    if overtaken(rows):
        QMessageBox.information(
            parent,
            "Times have passed",
            "Nothing was booked: some times in the list have passed since the file was "
            "read. It is being checked again; review it and press Book once more.",
        )
        read_again()
        return None
    try:
        # The repeat rule again, inside the transaction: another desk may have booked
        # one of these numbers since the file was read.
        return service.queue_batch(
            BatchFile(rows=[r.for_booking() for r in rows]), allow_repeat=False
        )
    except InputErrors as exc:
        QMessageBox.information(
            parent,
            "Not booked",
            "Nothing was booked: "
            + "; ".join(e.message for e in exc.errors)
            + ". The list is being checked again; review it and press Book once more.",
        )
        read_again()
        return None
    except StoreError as exc:
        QMessageBox.warning(parent, "Not booked", f"Nothing was booked: {exc}")
        return None


__all__ = ["queue_rows"]
