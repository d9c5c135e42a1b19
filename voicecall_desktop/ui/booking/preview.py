"""The live preview of the exact request body, with the API key masked.

The real key is never read for the preview: a placeholder GUID goes into the
request and is then masked exactly as the stored request bodies are.

It is for IT: folded away under one button until opened (one click, or Space on it).
"""

from __future__ import annotations

import json
import uuid
from xml.dom import minidom
from xml.parsers.expat import ExpatError

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

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
    """A read-only view of what Send will post, folded away until opened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton()
        self.toggle.setObjectName("RequestPreviewToggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        describe(
            self.toggle,
            "Request preview",
            "For IT support: show exactly what Send will post to PatientComms "
            "(the API key is masked)",
        )
        self.text = QPlainTextEdit()
        self.text.setObjectName("RequestPreview")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setMinimumHeight(self.text.fontMetrics().height() * 6)
        describe(
            self.text,
            "Request preview",
            "Exactly what Send will post to PatientComms (laid out one field per line); "
            "the API key is masked",
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.text, 1)
        layout.addStretch(0)  # takes the room while the text is folded away
        self._fmt = "json"
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self.show_form(CallForm(), "json")
        self._on_toggle_toggled(False)

    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def show_form(self, form: CallForm, fmt: str) -> None:
        self._fmt = fmt
        self._label()
        body = preview_text(form, fmt)
        if body != self.text.toPlainText():
            self.text.setPlainText(body)

    def _label(self) -> None:
        shown = self.toggle.isChecked()
        action = "Hide" if shown else "Show"
        self.toggle.setText(f"{action} the request for IT ({self._fmt.upper()}, key masked)")
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _on_toggle_toggled(self, shown: bool) -> None:
        self.text.setVisible(shown)
        self._label()
