"""``voicecall-desktop``: the window, its training mode and its start-up check."""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

_IMPORTED_AT = time.time()  # a fallback for "process start" where the OS cannot say

from voicecall_desktop import APP_NAME, __version__  # noqa: E402

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from voicecall_desktop.ui.window.main_window import MainWindow

# Everything else is imported by main(), with the garbage collector held (see gc_guard):
# Qt first, to draw the window (window/start.py); the rules, the HTTP client and the
# store (most of the start-up) only once it has painted.

log = logging.getLogger(__name__)

SMOKE_TIMEOUT_MS = 60_000


def process_started() -> float:
    """When this process started, in seconds since the epoch (as precisely as the OS says)."""
    if sys.platform.startswith("linux"):
        started = _linux_process_started()
    elif sys.platform == "win32":
        started = _windows_process_started()
    else:
        started = None
    return _IMPORTED_AT if started is None else started


def _linux_process_started() -> float | None:
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as uptime:
            since_boot = float(uptime.read().split()[0])
        started_after_boot = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.time() - (since_boot - started_after_boot)
    except (OSError, ValueError, IndexError):
        return None


def _windows_process_started() -> float | None:
    try:
        import ctypes
        from ctypes import wintypes

        creation, exited, kernel, user = (wintypes.FILETIME() for _ in range(4))
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        ok = kernel32.GetProcessTimes(
            kernel32.GetCurrentProcess(),
            ctypes.byref(creation),
            ctypes.byref(exited),
            ctypes.byref(kernel),
            ctypes.byref(user),
        )
        if ok:
            ticks = (creation.dwHighDateTime << 32) | creation.dwLowDateTime
            return float(ticks / 10_000_000 - 11_644_473_600)  # 1601 → 1970
    except (OSError, AttributeError, ValueError):
        pass
    return None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="voicecall-desktop", description=f"{APP_NAME}: book patient voice calls."
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="training mode: use the built-in sandbox; no patient is ever called",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the window, print first-paint-ms: N once it has painted, and exit",
    )
    parser.add_argument(
        "--smoke-timeout-ms", type=int, default=SMOKE_TIMEOUT_MS, help=argparse.SUPPRESS
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def _say(text: str) -> None:
    if sys.stdout is not None:  # a windowed (frozen) program may have no console
        print(text, flush=True)


def smoke_watchdog(timeout_ms: int) -> threading.Timer:
    """For ``--smoke``: exit 1 if the window has not painted within ``timeout_ms``.

    A thread of its own, not a Qt timer: a GUI thread stuck in a system call never
    runs a timer, and the check must end the process promptly all the same.
    """

    def too_slow() -> None:
        _say("error: the window did not paint in time")
        log.critical("--smoke: no first paint within %d ms", timeout_ms)
        logging.shutdown()
        os._exit(1)

    timer = threading.Timer(timeout_ms / 1000, too_slow)
    timer.daemon = True
    timer.start()
    return timer


def make_application() -> QApplication:
    """The QApplication, named, with its icon and en-GB as every widget's locale (Qt only)."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from voicecall_desktop.ui.window.start import app_icon

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("PatientComms")
    app.setWindowIcon(app_icon())
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return app


def build_window(home: Path, *, demo: bool, smoke: bool) -> MainWindow:
    """The service and the full window: the heavy imports happen here, after the first paint.

    Raises:
        StoreError, OSError: the data folder or its database cannot be used.
    """
    from voicecall_desktop.service import Service
    from voicecall_desktop.ui.window.main_window import MainWindow

    if demo:
        from voicecall_desktop.ui.window.training import Training

        training = Training(home)
        return MainWindow(
            training.service,
            training=True,
            start_monitor=not smoke,
            on_shutdown=training.stop,
            defer_key_check=True,
        )
    return MainWindow(Service(home), start_monitor=not smoke, defer_key_check=True)


def main(argv: Sequence[str] | None = None) -> int:
    started = process_started()
    args = parse_args(argv)
    watchdog = smoke_watchdog(args.smoke_timeout_ms) if args.smoke else None
    collecting = gc.isenabled()
    gc.disable()  # until the window's collector takes over (gc_guard.hold)

    from voicecall_desktop import logs
    from voicecall_desktop.paths import home_dir

    home = home_dir()
    log_file = logs.configure(home)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from voicecall_desktop.ui.common import gc_guard
    from voicecall_desktop.ui.common.crash import install_excepthook, install_qt_message_handler
    from voicecall_desktop.ui.window.start import StartWindow, hand_over

    gc_guard.hold(collecting)
    app = make_application()
    install_qt_message_handler()
    install_excepthook(log_file)
    log.info("%s %s starting%s", APP_NAME, __version__, " (training)" if args.demo else "")

    # Qt alone draws the window first; the rest is built on the next turns of the loop.
    start = StartWindow(home, training=args.demo)
    built: dict[str, MainWindow] = {}
    outcome = {"code": 1 if args.smoke else 0}

    def real_window_painted() -> None:
        if watchdog is not None:
            watchdog.cancel()
        outcome["code"] = 0
        window = built["window"]
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, app.quit)

    def build() -> None:
        from voicecall_desktop.service import StoreError

        try:
            window = build_window(home, demo=args.demo, smoke=args.smoke)
        except (StoreError, OSError) as exc:
            gc_guard.release()
            log.critical("cannot start: %s", exc)
            outcome["code"] = 2
            if args.smoke:
                _say(f"error: {exc}")
            else:
                QMessageBox.critical(start, APP_NAME, f"{APP_NAME} cannot start.\n\n{exc}")
            start.close()
            app.quit()
            return
        gc_guard.freeze_startup()  # start-up's objects last as long as the program
        built["window"] = window
        if args.smoke:
            window.first_paint = real_window_painted
        # After what was typed while building has reached the start window's fields.
        QTimer.singleShot(0, lambda: hand_over(start, window))

    def start_painted() -> None:
        if args.smoke:
            _say(f"first-paint-ms: {(time.time() - started) * 1000:.0f}")
        QTimer.singleShot(0, build)  # once this paint is on the screen

    start.first_paint = start_painted
    start.show()
    code = app.exec()
    window = built.get("window")
    if args.smoke or window is None:
        return outcome["code"] if args.smoke else (outcome["code"] or code)
    with contextlib.suppress(RuntimeError):  # already deleted with the application
        window.shutdown()
        if window.host.is_running():
            # Never destroy a running QThread (Qt aborts). The call it holds stays
            # "sending" under this process's lease; the next start marks it unknown.
            logging.shutdown()
            os._exit(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
