"""The OS's network hints (``QNetworkInformation``), loaded off the GUI thread with a time limit.

Loading a backend can block for good: under Wine the GUI thread sat in
``QNetworkInformation.loadDefaultBackend()`` and the window stayed black. The
hints only hurry the connection probe, which judges on its own, so they are
loaded on a daemon thread, moved to the GUI thread once loaded, and given up
(with a line in the log) when the system does not answer in time. A thread
stuck in the system call never keeps the program from closing.

Signals of :class:`NetworkHints`:
    reachabilityChanged(object): the OS says the network's reachability changed.
    settled(bool): the hints are in use (True), or there are none (False: no
        backend, it cannot tell reachability, or it did not answer in time).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkInformation

log = logging.getLogger(__name__)

#: How long the system may take to load its network information before we carry on.
LOAD_TIMEOUT_MS = 3_000

Loader = Callable[[], "QNetworkInformation | None"]


def load_default_backend() -> QNetworkInformation | None:
    """The platform's network information, if a backend loads and can tell reachability."""
    if _under_wine():
        # Wine's network list never answers, and PySide6 holds the GIL through the
        # call: the whole program, GUI thread included, would stop (not just this thread).
        log.info("under Wine: no network information (its backend never answers)")
        return None
    from PySide6.QtNetwork import QNetworkInformation

    try:
        if not QNetworkInformation.loadDefaultBackend():
            return None
        info: QNetworkInformation | None = QNetworkInformation.instance()
    except (RuntimeError, AttributeError):
        return None
    if info is None or not info.supports(QNetworkInformation.Feature.Reachability):
        return None
    return info


def _under_wine() -> bool:
    """True when this Windows program runs under Wine (its ntdll has wine_get_version)."""
    if sys.platform == "win32":
        import ctypes

        try:
            return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
        except OSError:
            return False
    return False


class NetworkHints(QObject):
    """Loads network information once, on its own thread; answers with ``settled``."""

    reachabilityChanged = Signal(object)
    settled = Signal(bool)
    _loaded = Signal(object)  # from the loading thread: the information, or None

    def __init__(
        self,
        *,
        loader: Loader = load_default_backend,
        timeout_ms: int = LOAD_TIMEOUT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._info: QNetworkInformation | None = None
        self._settled = False
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._loaded.connect(self._on_loaded)

    @property
    def in_use(self) -> bool:
        return self._info is not None

    def start(self) -> None:
        """Begin loading; returns at once."""
        gui_thread = self.thread()
        loader, loaded = self._loader, self._loaded

        def load() -> None:
            try:
                info = loader()
                if info is not None and info.thread() is not gui_thread:
                    info.moveToThread(gui_thread)  # its signals then arrive on the GUI thread
            except Exception:
                log.exception("loading the network information failed")
                info = None
            try:
                loaded.emit(info)
            except RuntimeError:  # the window closed meanwhile
                log.info("network information loaded after its window closed")

        self._timer.start()
        threading.Thread(target=load, name="network-information", daemon=True).start()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        if self._info is not None:
            self._info.reachabilityChanged.disconnect(self._on_info_reachability_changed)
            self._info = None

    def _on_info_reachability_changed(self, reachability: object) -> None:
        self.reachabilityChanged.emit(reachability)

    def _on_timer_timeout(self) -> None:
        if not self._settled:
            self._settled = True
            log.warning(
                "the system's network information did not load in %d ms; carrying on "
                "without it (the connection probe still runs)",
                self._timer.interval(),
            )
            self.settled.emit(False)

    def _on_loaded(self, info: QNetworkInformation | None) -> None:
        self._timer.stop()
        if self._stopped:
            return
        late = self._settled
        self._settled = True
        if info is None:
            if not late:
                self.settled.emit(False)
            return
        # A late answer is still welcome: the hints only ever hurry a probe.
        self._info = info
        info.reachabilityChanged.connect(self._on_info_reachability_changed)
        log.info("network hints from the %s backend%s", info.backendName(), " (late)" * late)
        self.settled.emit(True)


__all__ = ["LOAD_TIMEOUT_MS", "NetworkHints", "load_default_backend"]
