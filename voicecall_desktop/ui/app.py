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
    # For benchmarks/bench_startup.py: also when the whole start window has painted.
    parser.add_argument("--smoke-timings", action="store_true", help=argparse.SUPPRESS)
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
    """The QApplication, named, with its icon, focus rings and en-GB as every widget's locale."""
    app = bare_application()
    dress_application(app)
    return app


def bare_application() -> QApplication:
    """The QApplication, named and en-GB, and nothing more: what the first paint needs."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("PatientComms")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return app


def dress_application(app: QApplication) -> None:
    """The icon and the focus rings: seen a moment after the first paint at the earliest
    (the icon on the taskbar, the ring once somebody moves the focus), so set after it."""
    from voicecall_desktop.ui.common.focus import use_focus_rings
    from voicecall_desktop.ui.common.icons import app_icon

    app.setWindowIcon(app_icon())
    use_focus_rings(app)


def build_window(home: Path, *, demo: bool, smoke: bool) -> MainWindow:
    """The service and the full window: the heavy imports happen here, after the first paint.

    The day's backup copy is left to the window, which takes it off the GUI thread
    once it has painted.

    Raises:
        PolicyError: the settings fixed by IT cannot be read (names the file or key).
        DamagedDatabase: the database is damaged (offer a backup copy).
        StoreError, OSError: the data folder or its database cannot be used.
    """
    from voicecall_desktop.policy import load_policy
    from voicecall_desktop.service import Service
    from voicecall_desktop.ui.window.main_window import MainWindow

    policy = load_policy()  # a bad one stops start-up before anything is opened
    if demo:
        from voicecall_desktop.ui.window.training import Training

        training = Training(home, daily_backup=False, policy=policy)
        return MainWindow(
            training.service,
            training=True,
            start_monitor=not smoke,
            on_shutdown=training.stop,
            defer_key_check=True,
        )
    return MainWindow(
        Service(home, daily_backup=False, policy=policy),
        start_monitor=not smoke,
        defer_key_check=True,
    )


def database_home(home: Path, demo: bool) -> Path:
    """The folder whose database the window opens (training keeps its own)."""
    if demo:
        from voicecall_desktop.ui.window.training import training_home

        return training_home(home)
    return home


def after_first_paint(app: QApplication, home: Path, *, demo: bool) -> None:
    """What start-up does once the first paint is on the screen, before the heavy part:
    the log file, the crash dialog, the icon and the focus rings.

    Until here nothing has been logged; an error before it is a start-up failure that
    prints to the console (a windowed program has none, and the window never appeared).
    """
    from voicecall_desktop import logs
    from voicecall_desktop.ui.common.crash import install_excepthook

    log_file = logs.configure(home)
    install_excepthook(log_file)
    log.info("%s %s starting%s", APP_NAME, __version__, " (training)" if demo else "")
    dress_application(app)


def main(argv: Sequence[str] | None = None) -> int:
    started = process_started()
    args = parse_args(argv)
    watchdog = smoke_watchdog(args.smoke_timeout_ms) if args.smoke else None
    collecting = gc.isenabled()
    gc.disable()  # until the window's collector takes over (gc_guard.hold)

    from voicecall_desktop.paths import home_dir

    home = home_dir()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from voicecall_desktop.ui.common import gc_guard
    from voicecall_desktop.ui.common.crash import install_qt_message_handler
    from voicecall_desktop.ui.window.start import StartWindow, hand_over

    gc_guard.hold(collecting)
    app = bare_application()
    install_qt_message_handler()  # Qt's messages into logging (the log file comes later)

    # Qt alone draws the window first; the rest is built on the next turns of the loop.
    # The size and place kept by the window this start-up leads to (training keeps its own;
    # the folder's name is spelt here, as training.py would import the sandbox).
    start = StartWindow(home / "training" if args.demo else home, training=args.demo)
    built: dict[str, MainWindow] = {}
    outcome = {"code": 1 if args.smoke else 0}

    def real_window_painted() -> None:
        if watchdog is not None:
            watchdog.cancel()
        outcome["code"] = 0
        window = built["window"]
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, app.quit)

    def stop(code: int, message: str) -> None:
        gc_guard.release()
        log.critical("cannot start: %s", message)
        outcome["code"] = code
        if args.smoke:
            _say(f"error: {message}")
        else:
            sentence = message[:1].upper() + message[1:]
            QMessageBox.critical(start, APP_NAME, f"{APP_NAME} cannot start.\n\n{sentence}")
        start.close()
        app.quit()

    def build(restored: bool = False) -> None:
        from voicecall_desktop.policy import PolicyError
        from voicecall_desktop.service import DamagedDatabase, StoreError

        try:
            window = build_window(home, demo=args.demo, smoke=args.smoke)
        except PolicyError as exc:
            # Running with a setting IT did not mean is worse than not running.
            stop(2, f"the settings fixed by your IT department cannot be used: {exc}")
            return
        except DamagedDatabase as exc:
            if args.smoke or restored:
                stop(2, str(exc))
                return
            from voicecall_desktop.ui.dialogs.restore import offer_restore

            if offer_restore(database_home(home, args.demo), str(exc), start):
                build(restored=True)
            else:
                stop(2, str(exc))
            return
        except (StoreError, OSError) as exc:
            stop(2, str(exc))
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

    def start_settled() -> None:
        if args.smoke and args.smoke_timings:
            _say(f"start-window-ms: {(time.time() - started) * 1000:.0f}")
        after_first_paint(app, home, demo=args.demo)
        QTimer.singleShot(0, build)  # once the whole start window is on the screen

    start.first_paint = start_painted
    start.settled = start_settled
    start.show()
    start.activateWindow()  # typing goes here at once (an X server without a WM gives no focus)
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
