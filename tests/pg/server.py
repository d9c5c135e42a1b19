"""A throw-away PostgreSQL server for the tests, started from Debian's package.

One server per test session (initdb takes a second or two); each test gets a
database of its own, cloned from a template. As root the server runs as
``nobody`` (PostgreSQL refuses to run as root); the data folder belongs to it.
Password authentication (SCRAM) is on, so the password path is the real one.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

SUPERUSER = "vc_super"
SUPER_PASSWORD = "super-secret-pw"
ADMIN = "vc_admin"  # owns the schema: what `voicecall db migrate` runs as
ADMIN_PASSWORD = "admin-secret-pw"
APP = "vc_app"  # the least-privilege role the desks use
APP_PASSWORD = "app-secret-pw"


def find_bindir() -> Path | None:
    """The newest installed server's bin folder, or None when PostgreSQL is not installed."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="vc-pg-"))
        self.data = self.root / "data"
        self.sock = self.root / "sock"
        self.port = free_port()
        self.host = "127.0.0.1"
        self._user: str | None = None
        self.ca_file: Path | None = None
        if os.geteuid() == 0:
            self._user = "nobody"
            entry = pwd.getpwnam(self._user)
            self.root.chmod(0o755)
            for folder in (self.data, self.sock):
                folder.mkdir()
                os.chown(folder, entry.pw_uid, entry.pw_gid)
        else:
            self.data.mkdir()
            self.sock.mkdir()
        self.data.chmod(0o700)
        self.log = self.root / "server.log"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self._user:
            command = ["runuser", "-u", self._user, "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, check=check, timeout=120, cwd=self.root
        )

    def start(self) -> PgServer:
        pwfile = self.root / "pw"
        pwfile.write_text(SUPER_PASSWORD + "\n")
        pwfile.chmod(0o644)  # read by `nobody` during initdb, deleted right after
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        pwfile.unlink()
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.sock}'\n"
                # A test server: durability is not what is being tested here.
                "fsync = off\nfull_page_writes = off\n"
                "max_connections = 200\nshared_buffers = 32MB\n"
            )
            if self._make_certificates():
                conf.write("ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n")
        self.resume()
        self.superuser_sql(
            f"CREATE ROLE {ADMIN} LOGIN PASSWORD '{ADMIN_PASSWORD}' CREATEDB",
            f"CREATE ROLE {APP} LOGIN PASSWORD '{APP_PASSWORD}'",
        )
        return self

    def _make_certificates(self) -> bool:
        """A practice's own CA and a server certificate for 127.0.0.1 (False: no openssl).

        The CA is in no trust store of this machine, so ``sslmode=verify-full``
        fails against the OS store and succeeds with ``sslrootcert=<ca.pem>``.
        """
        openssl = shutil.which("openssl")
        if openssl is None:
            return False
        tls = self.root / "tls"
        tls.mkdir()
        ext = tls / "ext.cnf"
        ext.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        steps = [
            [
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=VoiceCall test practice CA",
            ],
            [
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost",
            ],
            [
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.crt",
                "-days",
                "2",
                "-extfile",
                "ext.cnf",
            ],
        ]
        for step in steps:
            subprocess.run([openssl, *step], cwd=tls, capture_output=True, check=True, timeout=60)
        for name in ("server.crt", "server.key"):
            target = self.data / name
            shutil.copyfile(tls / name, target)
            target.chmod(0o600)
            if self._user:
                entry = pwd.getpwnam(self._user)
                os.chown(target, entry.pw_uid, entry.pw_gid)
        self.ca_file = tls / "ca.pem"
        return True

    def resume(self) -> None:
        """Start (or start again after :meth:`halt`) the server and wait until it answers."""
        if self._user:
            entry = pwd.getpwnam(self._user)
            with contextlib.suppress(FileNotFoundError):
                os.chown(self.log, entry.pw_uid, entry.pw_gid)
            if not self.log.exists():
                self.log.touch()
                os.chown(self.log, entry.pw_uid, entry.pw_gid)
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start"
        )

    def halt(self, mode: str = "fast") -> None:
        """Stop the server (``immediate`` is as abrupt as a crash)."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, user: str = APP, dbname: str = "postgres") -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{dbname}?sslmode=disable"

    def connect(
        self, user: str, password: str, dbname: str, **options: Any
    ) -> psycopg.Connection[Any]:
        """An autocommit ``psycopg`` connection over plain TCP (``options`` go to connect)."""
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=user,
            password=password,
            dbname=dbname,
            autocommit=True,
            sslmode="disable",
            **options,
        )

    def superuser_sql(self, *statements: str, dbname: str = "postgres") -> None:
        with self.connect(SUPERUSER, SUPER_PASSWORD, dbname) as conn:
            for statement in statements:
                conn.execute(statement)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.halt("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def wait_until_down(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex((self.host, self.port)) != 0:
                    return
            time.sleep(0.05)
