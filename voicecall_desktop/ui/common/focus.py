"""A focus ring anyone can see: 2 px in a strong blue round whatever has the keyboard focus.

The platform styles mark a focused button with a faint 1 px tint (Send call's ring
could hardly be seen), which leaves a keyboard user guessing where Enter will go.
A proxy over the platform's own style keeps every widget looking native and only
draws the ring on top: round push and tool buttons, line edits, spin and combo
boxes, and wherever the style asks for a focus frame (check boxes, lists).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

#: The ring's colour: 4.5:1 or better against the window's light greys (WCAG AA).
RING = QColor("#1d4ed8")
WIDTH = 2

_RINGED_CONTROLS = {
    QStyle.ControlElement.CE_PushButton,
}
_RINGED_PRIMITIVES = {
    QStyle.PrimitiveElement.PE_FrameLineEdit,
    QStyle.PrimitiveElement.PE_FrameFocusRect,
}
_RINGED_COMPLEX = {
    QStyle.ComplexControl.CC_SpinBox,
    QStyle.ComplexControl.CC_ComboBox,
    QStyle.ComplexControl.CC_ToolButton,
}


def _ring(option: QStyleOption, painter: QPainter | None) -> None:
    if painter is None or not option.state & QStyle.StateFlag.State_HasFocus:
        return
    if not option.state & QStyle.StateFlag.State_Enabled:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(RING, WIDTH))
    painter.setBrush(QColor(0, 0, 0, 0))
    inset = WIDTH / 2
    painter.drawRoundedRect(QRectF(option.rect).adjusted(inset, inset, -inset, -inset), 3, 3)
    painter.restore()


class FocusRingStyle(QProxyStyle):
    """The platform style, with a clear ring round the focused widget."""

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if element in _RINGED_CONTROLS:
            _ring(option, painter)

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in _RINGED_PRIMITIVES:
            _ring(option, painter)

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)  # type: ignore[arg-type]
        if control in _RINGED_COMPLEX:
            _ring(option, painter)


def use_focus_rings(app: QApplication) -> None:
    """Put :class:`FocusRingStyle` over the application's style (once)."""
    if isinstance(app.style(), FocusRingStyle):
        return
    base = app.style().name()
    app.setStyle(FocusRingStyle(base))


__all__ = ["RING", "FocusRingStyle", "use_focus_rings"]
