"""The user's settings: defaults for the form, where and how to send."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from voicecall_desktop.core.practice_days import (
    ClockTime,
    Closures,
    NationSetting,
    OpenWeekdays,
    default_open_weekdays,
)

DEFAULT_BASE_URL = "https://customerapi.patientcomms.co.uk/"


class Settings(BaseModel):
    """Everything a person may set; the API key is never one of them."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    username: str = ""
    source: str = ""
    site: str = ""
    restrict_sends: bool = False
    base_url: str = DEFAULT_BASE_URL
    format: Literal["json", "xml"] = "json"
    # One http(s) proxy for every call ("": the environment's or the system's). Fully
    # checked by api.check_proxy_setting (the API's rules stay out of core).
    proxy: str = ""
    connect_timeout: Annotated[float, Field(gt=0, le=120)] = 10.0
    read_timeout: Annotated[float, Field(gt=0, le=600)] = 30.0
    # The whole attempt, however the server spends it (api.VoiceCallClient's deadline).
    send_deadline: Annotated[float, Field(gt=0, le=900)] = 60.0
    retention_days: Annotated[int, Field(ge=1, le=3650)] = 90
    # Humane hours (core/hours.py). Each has a default, so settings stored
    # before these existed still load; each dumps to plain JSON.
    quiet_hours_start: ClockTime = time(20, 0)
    quiet_hours_end: ClockTime = time(8, 0)
    nation: NationSetting = "england-and-wales"
    open_weekdays: OpenWeekdays = Field(default_factory=default_open_weekdays)
    closures: Closures = Field(default_factory=list)
    # Numbers outside the UK are refused unless this is ticked (core.phone.ABROAD_SETTING).
    allow_abroad: bool = False
    # The shared store for several desks (CONTRACT.md); "" is this PC's own store.
    # Kept on the desk, never in the shared settings; VOICECALL_DATABASE_URL wins.
    database_url: str = ""

    @field_validator("proxy")
    @classmethod
    def _proxy_stripped(cls, value: str) -> str:
        return value.strip()

    @field_validator("base_url")
    @classmethod
    def _url_has_scheme(cls, value: str) -> str:
        value = value.strip()
        if not value.lower().startswith(("https://", "http://")):
            raise ValueError("must start with https://")
        return value

    @field_validator("database_url")
    @classmethod
    def _libpq_url_without_password(cls, value: str) -> str:
        return check_database_url(value)


def check_database_url(value: str) -> str:
    """A ``postgresql://`` URL with no password in it, or "" (this PC's own store).

    Only the form is checked here (with the standard library: settings never load
    the PostgreSQL driver); the shared store checks the rest when it connects.
    """
    from urllib.parse import parse_qs, urlsplit

    value = value.strip()
    if not value:
        return ""
    if not value.lower().startswith(("postgresql://", "postgres://")):
        raise ValueError("must start with postgresql:// (postgresql://USER@HOST:PORT/DBNAME)")
    try:
        parts = urlsplit(value)
        query = parse_qs(parts.query)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise ValueError("not a valid PostgreSQL URL (postgresql://USER@HOST/DBNAME)") from None
    if parts.password is not None or "password" in query:
        # The message does not repeat the URL: it holds the password.
        raise ValueError("must not contain the password; store it with `voicecall db password set`")
    for part, present in (
        ("user", parts.username),
        ("host", parts.hostname or query.get("host")),
        ("database name", parts.path.strip("/") or query.get("dbname")),
    ):
        if not present:
            raise ValueError(f"the {part} is missing (postgresql://USER@HOST:PORT/DBNAME)")
    return value
