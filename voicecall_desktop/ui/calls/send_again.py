"""Asking, plainly, before a person sends a rejected or unknown call again."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import CallRecord
from voicecall_desktop.ui.calls.cells import (
    destination_text,
    schedule_text,
)

log = logging.getLogger(__name__)


def confirm_send_again(parent: QWidget | None, record: CallRecord) -> bool:
    """Ask, plainly, before a person sends a call again; No is the default."""
    who = f"{destination_text(record)} ({schedule_text(record)})"
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    no = QMessageBox.StandardButton.No
    if record.state is CallState.UNKNOWN:
        text = (
            f"PatientComms may already have this call to {who}: the last attempt got no "
            "clear answer. If it did arrive, sending it again will call the patient twice.\n\n"
            "Check with PatientComms first if you can. Send it again anyway?"
        )
        title = "Send again? The patient may be called twice"
        answer = QMessageBox.warning(parent, title, text, buttons, no)
    else:
        reason = "; ".join(f"{k}: {v}" for k, v in record.errors.items()) or (
            record.status or record.last_error or "no reason given"
        )
        text = (
            f"PatientComms refused this call to {who}: {reason}.\n\n"
            "Sending it again books it once more, unchanged; if the first one got through "
            "after all, the patient may be called twice. To change it, use "
            "\u201cUse as new call\u201d instead.\n\nSend it again?"
        )
        answer = QMessageBox.question(parent, "Send this call again?", text, buttons, no)
    return answer == QMessageBox.StandardButton.Yes
