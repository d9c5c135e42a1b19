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


class SelfTestFailure(Exception):
    """A check found something wrong; the message says what and what to do."""


def cmd_sandbox(args: argparse.Namespace) -> int:
    from voicecall_desktop.sandbox import PortInUse, serve

    def ready(port: int) -> None:
        print(f"http://127.0.0.1:{port}/", flush=True)
        say(
            f"Sandbox listening on http://127.0.0.1:{port}/ (Ctrl+C to stop). No patient is called."
        )

    try:
        serve(port=args.port, mode=args.mode, delay=args.delay, credits=args.credits, ready=ready)
    except PortInUse as exc:
        raise UsageError(f"--port: {exc}; choose another port, or stop what is using it") from None
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


def _permissions() -> str:
    """POSIX: nothing in the data folder readable by other users. Windows: the folder
    is inside the user's own profile, whose ACL keeps other users out."""
    import os
    from pathlib import Path

    from voicecall_desktop.paths import home_dir, permission_problems

    home = home_dir()
    if os.name == "nt":
        profile = Path(os.environ.get("USERPROFILE") or Path.home()).resolve()
        if not home.resolve().is_relative_to(profile):
            raise SelfTestFailure(
                f"the data folder {home} is outside your user profile ({profile}), so other "
                "users of this PC may read it; ask IT to set VOICECALL_HOME inside the profile"
            )
        return f"{home} is inside the user profile"
    problems = permission_problems(home)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise SelfTestFailure("; ".join(problems[:3]) + more)
    return f"{home} and its files are private to this user"


def _tls() -> str:
    import ssl

    import truststore

    truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return "OS certificate store available"


def _zones() -> str:
    from voicecall_desktop.core.schedule import LONDON

    return f"{LONDON.key} {datetime.now(LONDON).strftime('%z')}"


def _policy(args: argparse.Namespace) -> str:
    """The settings fixed by IT and where: names only, never values (a URL may be private)."""
    from voicecall_desktop.policy import Policy, load_policy

    policy: Policy = getattr(args, "policy", None) or load_policy()
    if not policy.values:
        return "no settings fixed by IT"
    by_source: dict[str, list[str]] = {}
    for name in sorted(policy.values):
        by_source.setdefault(policy.sources[name], []).append(name)
    parts = [f"{', '.join(names)} set by IT in {where}" for where, names in by_source.items()]
    return "; ".join(parts)


def cmd_self_test(args: argparse.Namespace) -> int:
    failures = 0

    def check(name: str, action: Callable[[], str]) -> None:
        nonlocal failures
        from voicecall_desktop.service import KeyringUnavailable, StoreError

        try:
            detail = action()
        except (StoreError, KeyringUnavailable, SelfTestFailure) as exc:
            failures += 1
            say(f"FAIL {name}: {exc}")
            log.warning("self-test %s failed: %s", name, exc)
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
                raise SelfTestFailure(f"{status.text}; see `voicecall db status`")
            info = service.store_info()
            where = info.location
            found = service.integrity_check()
            if found != "ok":
                raise SelfTestFailure(
                    f"the call database {where} is damaged ({found[:200]}). Restore the latest "
                    "good copy with `voicecall restore FILE`, or ask IT to restore it."
                )
            kind = "shared store" if info.kind == "postgresql" else "this PC's own store"
            return f"{kind} ({info.kind}) {where} (ok)"

    for name, action in (
        ("Qt", _qt),
        # Before the database is opened: opening it tightens what it finds.
        ("permissions", _permissions),
        ("database", database),
        ("keyring", _keyring),
        ("TLS", _tls),
        ("time zones", _zones),
        ("policy", lambda: _policy(args)),
    ):
        check(name, action)
    say("Self-test passed." if not failures else f"Self-test: {failures} check(s) failed.")
    return EXIT_OK if not failures else EXIT_REJECTED
