"""The live preview of the exact request body, with the API key masked.

The real key is never read for the preview: a placeholder GUID goes into the
request and is then masked exactly as the stored request bodies are.
"""

from __future__ import annotations

import json
import uuid
from xml.dom import minidom
from xml.parsers.expat import ExpatError

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from voicecall_desktop.api.codecs import encode, mask_key
from voicecall_desktop.core.errors import InputErrors
from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.ui.common.widgets import describe

PLACEHOLDER_KEY = uuid.UUID(int=0)


def request_body(form: CallForm, fmt: str) -> str:
    """The body Send would post for ``form``, key masked.

    Raises:
        InputErrors: the form is not ready to send.
    """
    spec, _notes = CallSpec.from_form(form)
    request = spec.to_request(PLACEHOLDER_KEY)
    return mask_key(encode(request, fmt), request)


def indented(body: str, fmt: str) -> str:
    """The same body laid out one field per line (the wire copy is on one line)."""
    try:
        if fmt == "xml":
            pretty = minidom.parseString(body).toprettyxml(indent="  ")
            return pretty.split("\n", 1)[1].strip()  # drop the <?xml?> line we never send
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except (ValueError, ExpatError):
        return body


def preview_text(form: CallForm, fmt: str) -> str:
    try:
        return indented(request_body(form, fmt), fmt)
    except InputErrors as exc:
        lines = "\n".join(f"  • {e.field}: {e.message}" for e in exc.errors)
        return f"Not ready to send yet:\n{lines}"


class RequestPreview(QWidget):
    """A read-only view of what Send will post."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.text = QPlainTextEdit()
        self.text.setObjectName("RequestPreview")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        describe(
            self.text,
            "Request preview",
            "Exactly what Send will post to PatientComms (laid out one field per line); "
            "the API key is masked",
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        self.title.setBuddy(self.text)
        self.show_form(CallForm(), "json")

    def show_form(self, form: CallForm, fmt: str) -> None:
        self.title.setText(f"Request &preview ({fmt.upper()}, API key masked)")
        body = preview_text(form, fmt)
        if body != self.text.toPlainText():
            self.text.setPlainText(body)
