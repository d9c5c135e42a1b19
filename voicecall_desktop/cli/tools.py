"""``sandbox`` and ``self-test``: training and checking an install."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from datetime import datetime

from voicecall_desktop.cli.calls import open_service
from voicecall_desktop.cli.output import say
from voicecall_desktop.cli.parser import EXIT_OK, EXIT_REJECTED, UsageError

log = logging.getLogger(__name__)


def cmd_sandbox(args: argparse.Namespace) -> int:
    from voicecall_desktop.sandbox import serve

    def ready(port: int) -> None:
        print(f"http://127.0.0.1:{port}/", flush=True)
        say(
            f"Sandbox listening on http://127.0.0.1:{port}/ (Ctrl+C to stop). No patient is called."
        )

    try:
        serve(port=args.port, mode=args.mode, delay=args.delay, credits=args.credits, ready=ready)
    except OSError as exc:
        raise UsageError(
            f"--port: cannot listen on 127.0.0.1:{args.port} ({exc.strerror})"
        ) from None
    except ValueError as exc:
        raise UsageError(f"--mode: {exc}") from None
    return EXIT_OK


def _qt() -> str:
    from PySide6 import QtCore, QtGui, QtWidgets  # noqa: F401

    return f"Qt {QtCore.qVersion()}"


def _keyring() -> str:
    from voicecall_desktop.service import ApiKeys

    keys = ApiKeys()
    stored = keys.is_stored()
    return f"{keys.backend()}, key {'stored' if stored else 'not stored'}"


def _tls() -> str:
    import ssl

    import truststore

    truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return "OS certificate store available"


def _zones() -> str:
    from voicecall_desktop.core.schedule import LONDON

    return f"{LONDON.key} {datetime.now(LONDON).strftime('%z')}"


def cmd_self_test(args: argparse.Namespace) -> int:
    failures = 0

    def check(name: str, action: Callable[[], str]) -> None:
        nonlocal failures
        try:
            detail = action()
        except Exception as exc:  # a self-test reports every failure, whatever it is
            failures += 1
            say(f"FAIL {name}: {type(exc).__name__}: {exc}")
            log.exception("self-test %s failed", name)
        else:
            say(f"ok   {name}: {detail}")

    def database() -> str:
        with open_service(args) as service:
            status = service.store_status()
            if status.shared and not status.reachable:
                raise RuntimeError(f"{status.text}; see `voicecall db status`")
            info = service.store_info()
            where = "shared store" if info.kind == "postgresql" else "this PC's own store"
            return f"{where} ({info.kind}) {info.location} ({service.integrity_check()})"

    for name, action in (
        ("Qt", _qt),
        ("database", database),
        ("keyring", _keyring),
        ("TLS", _tls),
        ("time zones", _zones),
    ):
        check(name, action)
    say("Self-test passed." if not failures else f"Self-test: {failures} check(s) failed.")
    return EXIT_OK if not failures else EXIT_REJECTED
