"""The database URL: where it comes from, what it may not carry, how it is shown.

``VOICECALL_DATABASE_URL`` wins over the ``database_url`` setting. A URL that
carries a password is refused outright (it would end up in settings files,
shell history and logs); the password comes from the OS keyring or libpq's
own ``PGPASSFILE``/``PGPASSWORD``.
"""

from __future__ import annotations

import os
import ssl
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict

from voicecall_desktop.store_pg.config import ENV, configured_url

#: sslmode values under which libpq checks the server's certificate.
VERIFYING = ("verify-ca", "verify-full")


__all__ = ["ENV", "VERIFYING", "BadDatabaseUrl", "DatabaseUrl", "configured_url", "trust_store"]


class BadDatabaseUrl(ValueError):
    """The URL cannot be used; the message names the field and never repeats a password."""


@dataclass(frozen=True)
class DatabaseUrl:
    """A checked libpq URL (or ``key=value`` string) and its parameters."""

    params: dict[str, str]

    @classmethod
    def parse(cls, text: str) -> DatabaseUrl:
        text = text.strip()
        if not text.startswith(("postgresql://", "postgres://")):
            raise BadDatabaseUrl(
                "database_url: must start with postgresql:// "
                "(postgresql://USER@HOST:PORT/DBNAME?sslmode=verify-full)"
            )
        try:
            params = {k: str(v) for k, v in conninfo_to_dict(text).items() if v is not None}
        except Exception:
            # The parser's message may quote the URL, password and all: say it in our words.
            raise BadDatabaseUrl(
                "database_url: not a valid PostgreSQL URL "
                "(postgresql://USER@HOST:PORT/DBNAME?sslmode=verify-full)"
            ) from None
        if "password" in params:
            raise BadDatabaseUrl(
                "database_url: must not contain the password. Remove it from the URL and "
                "store it with `voicecall db password set` (or in PGPASSFILE)."
            )
        for name in ("host", "user", "dbname"):
            if not params.get(name):
                raise BadDatabaseUrl(f"database_url: the {name} is missing")
        return cls(params)

    @property
    def user(self) -> str:
        return self.params["user"]

    @property
    def host(self) -> str:
        return self.params["host"]

    @property
    def port(self) -> str:
        return self.params.get("port", "5432")

    @property
    def dbname(self) -> str:
        return self.params["dbname"]

    @property
    def sslmode(self) -> str:
        return self.params.get("sslmode", "prefer")

    def display(self) -> str:
        """``postgresql://user@host:port/db?sslmode=…`` — safe for screens and logs."""
        return (
            f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}?sslmode={self.sslmode}"
        )

    def where(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    def keyring_account(self) -> str:
        """The keyring entry holding this URL's password (one per user, server and database)."""
        return f"PostgreSQL {self.where()}"

    def connect_params(self, *, password: str | None, application_name: str) -> dict[str, str]:
        """Everything libpq needs; the password (when we have one) apart from the URL."""
        params = dict(self.params)
        params.setdefault("connect_timeout", "5")
        params.setdefault("application_name", application_name)
        # The client notices a dead server; the server notices a dead desk within about a
        # minute and a half rather than the OS's default two hours, which is what frees a
        # crashed desk's `sending` calls (their session ends, so does its advisory lock).
        params.setdefault("keepalives", "1")
        params.setdefault("keepalives_idle", "30")
        params.setdefault("keepalives_interval", "10")
        params.setdefault("keepalives_count", "3")
        server_side = (
            "-c tcp_keepalives_idle=60 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3"
        )
        params["options"] = (params.get("options", "") + " " + server_side).strip()
        if self.sslmode in VERIFYING and "sslrootcert" not in params:
            params["sslrootcert"] = trust_store()
        if password:
            params["password"] = password
        return params


def trust_store() -> str:
    """The OS's trusted certificate authorities, as libpq's ``sslrootcert``.

    libpq (16 and later) understands ``system`` as OpenSSL's default store, which
    is the OS store on Linux and macOS. On Windows OpenSSL does not read the
    Windows certificate store, so its roots (where a practice's IT adds their
    own CA) are written to a PEM file that libpq can read.
    """
    if sys.platform == "win32":
        return _windows_roots()
    return "system"


def _windows_roots() -> str:
    pems: list[str] = []
    for store in ("ROOT", "CA"):
        for cert, encoding, _trust in ssl.enum_certificates(store):  # type: ignore[attr-defined,unused-ignore]
            if encoding == "x509_asn":
                pems.append(ssl.DER_cert_to_PEM_cert(cert))
    path = Path(tempfile.gettempdir()) / "voicecall-desktop-trust.pem"
    # Written aside and renamed: another desk process may be reading the file right now.
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text("".join(pems), encoding="ascii")
    os.replace(partial, path)
    return str(path)
