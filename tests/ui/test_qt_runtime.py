"""The Qt binding the project installs must not leak references when signals are emitted.

PySide6 6.12.0 loses a reference to ``True`` on every ``Signal.emit()``; after
some thousands of emits (a long day, a large outbox drain) Python aborts with
"bool_dealloc". pyproject.toml excludes that release; this keeps it excluded.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal()
    value = Signal(object)


def test_signal_emit_keeps_reference_counts(qapp: object) -> None:
    emitter = _Emitter()
    seen: list[object] = []
    emitter.ping.connect(lambda: seen.append(None))
    emitter.value.connect(seen.append)
    before_true, before_false = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        emitter.ping.emit()
        emitter.value.emit(True)
    seen.clear()
    assert sys.getrefcount(True) >= before_true - 5
    assert sys.getrefcount(False) >= before_false - 5
