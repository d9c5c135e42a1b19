"""The wire models (exact API field names) and the call as a person books it."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StringConstraints,
    field_validator,
    model_validator,
)

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.phone import check_destination, format_destination, parse_destination
from voicecall_desktop.core.schedule import build_schedule, wire
from voicecall_desktop.core.untrusted import clean_text, fits_int64

SOURCE_MIN, SOURCE_MAX = 3, 14
SITE_MAX = 100
# C0/C1 control characters (a vertical tab pasted from Excel, say) cannot travel in XML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udfff]")


def _control_error(field: str, value: str) -> FieldError | None:
    if _CONTROL.search(value) or "\t" in value or "\n" in value or "\r" in value:
        return FieldError(field, "contains an invisible control character; retype it")
    return None


class VoiceRequest(BaseModel):
    """``PatientComms.API.Public.DTOs.Request.VoiceRequest``, field for field."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    APIKey: uuid.UUID
    Username: Annotated[str, StringConstraints(min_length=1)]
    Destination: Annotated[int, Field(gt=0)]
    Source: Annotated[str, StringConstraints(min_length=SOURCE_MIN, max_length=SOURCE_MAX)]
    CustomerSiteId: Annotated[str, StringConstraints(max_length=SITE_MAX)] | None = None
    RestrictSends: bool = False
    Date: AwareDatetime | None = None
    Times: list[AwareDatetime] | None = None

    def wire_fields(self) -> dict[str, Any]:
        """The body's fields in the seed sample's order, absent optional ones left out."""
        body: dict[str, Any] = {
            "APIKey": str(self.APIKey),
            "Username": self.Username,
            "Destination": self.Destination,
            "Source": self.Source,
        }
        if self.CustomerSiteId is not None:
            body["CustomerSiteId"] = self.CustomerSiteId
        body["RestrictSends"] = self.RestrictSends
        if self.Date is not None:
            body["Date"] = wire(self.Date)
        if self.Times:
            body["Times"] = [wire(t) for t in self.Times]
        return body


class SingleSendResponse(BaseModel):
    """``SingleSendResponse``: every field may be missing or null.

    Whatever the server said is made safe here, where it is parsed: control
    characters are taken out of ``Status`` and ``Errors`` (keys and values); a
    number SQLite could not store is dropped and :attr:`notes` says so; ``Errors``
    given as a list or a string is kept as text; ``Success`` must be a real
    boolean ("yes" is not a yes).
    """

    model_config = ConfigDict(extra="ignore")

    StatusId: int | None = None
    Status: str | None = None
    Success: StrictBool | None = None
    Errors: dict[str, str] = Field(default_factory=dict)
    MessageId: int | None = None
    Credits: int | None = None
    _notes: list[str] = PrivateAttr(default_factory=list)

    @field_validator("Status", mode="after")
    @classmethod
    def _status_clean(cls, value: str | None) -> str | None:
        return None if value is None else clean_text(value)

    @field_validator("Errors", mode="before")
    @classmethod
    def _errors_as_strings(cls, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, dict):
            return {
                clean_text(str(k)): "" if v is None else clean_text(_as_text(v))
                for k, v in value.items()
            }
        if isinstance(value, list):  # reasons without field names: each reason a key
            return {clean_text(_as_text(v)): "" for v in value if v is not None and v != ""}
        if isinstance(value, str):
            return {clean_text(value): ""} if value.strip() else {}
        raise ValueError("Errors is not a map")

    @model_validator(mode="after")
    def _numbers_fit(self) -> SingleSendResponse:
        for name in ("StatusId", "MessageId", "Credits"):
            value = getattr(self, name)
            if value is not None and not fits_int64(value):
                setattr(self, name, None)
                self._notes.append(
                    f"{name} in the answer was a {len(str(abs(value)))}-digit number, "
                    "too large to keep; it is left out (the answer itself is kept)"
                )
        return self

    @property
    def notes(self) -> list[str]:
        """What was left out of the answer while reading it, in plain words."""
        return list(self._notes)

    def error_lines(self) -> list[str]:
        return [f"{k}: {v}" if v else k for k, v in self.Errors.items()]


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(_as_text(v) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


class CallForm(BaseModel):
    """What a person typed, kept as typed: a draft may be half filled in."""

    model_config = ConfigDict(frozen=True)

    destination: str = ""
    username: str = ""
    source: str = ""
    site: str = ""
    restrict_sends: bool = False
    day: date | None = None
    times: tuple[time, ...] = ()


class CallSpec(BaseModel):
    """A call as booked: everything the request needs but the key and the clock.

    The day and times are local (Europe/London); their offsets are worked out
    when the request is built, so a stored call never carries a stale offset.
    """

    model_config = ConfigDict(frozen=True)

    destination: int
    username: str
    source: str
    site: str | None = None
    restrict_sends: bool = False
    day: date | None = None
    times: tuple[time, ...] = ()

    @classmethod
    def from_input(
        cls,
        *,
        destination: str | int,
        username: str | None,
        source: str | None,
        site: str | None = None,
        restrict_sends: bool = False,
        day: date | None = None,
        times: list[time] | tuple[time, ...] = (),
        now: datetime | None = None,
        allow_abroad: bool = False,
    ) -> tuple[CallSpec, list[str]]:
        """Validate what a person entered; every wrong field is reported at once.

        ``allow_abroad`` (the setting) lets numbers outside the UK through; premium-rate
        and service numbers are refused whatever it says.

        Returns:
            The call and notes to show (e.g. a time that happens twice).

        Raises:
            InputErrors: one :class:`FieldError` per wrong field.
        """
        errors: list[FieldError] = []
        number = 0
        try:
            number = parse_destination(destination)
            check_destination(number, allow_abroad=allow_abroad)
        except FieldError as exc:
            errors.append(exc)
        user = (username or "").strip()
        if not user:
            errors.append(FieldError("Username", "enter the PatientComms user name"))
        src = (source or "").strip()
        if not SOURCE_MIN <= len(src) <= SOURCE_MAX:
            errors.append(
                FieldError(
                    "Source",
                    f"must be {SOURCE_MIN} to {SOURCE_MAX} characters (it is {len(src)})",
                )
            )
        site_id = (site or "").strip() or None
        if site_id is not None and len(site_id) > SITE_MAX:
            errors.append(
                FieldError(
                    "CustomerSiteId",
                    f"must be at most {SITE_MAX} characters (it is {len(site_id)})",
                )
            )
        for name, value in (("Username", user), ("Source", src), ("CustomerSiteId", site_id)):
            problem = _control_error(name, value or "")
            if problem and not any(e.field == name for e in errors):
                errors.append(problem)
        notes: list[str] = []
        try:
            schedule = build_schedule(day, list(times), now=now)
            notes = schedule.notes
            if day is None and schedule.date is not None:
                day = schedule.date.date()
        except FieldError as exc:
            errors.append(exc)
        if errors:
            raise InputErrors(errors)
        spec = cls(
            destination=number,
            username=user,
            source=src,
            site=site_id,
            restrict_sends=restrict_sends,
            day=day,
            times=tuple(sorted({t.replace(second=0, microsecond=0) for t in times})),
        )
        return spec, notes

    @classmethod
    def from_form(
        cls, form: CallForm, *, now: datetime | None = None, allow_abroad: bool = False
    ) -> tuple[CallSpec, list[str]]:
        """Validate a form; see :meth:`from_input`."""
        return cls.from_input(
            destination=form.destination,
            username=form.username,
            source=form.source,
            site=form.site,
            restrict_sends=form.restrict_sends,
            day=form.day,
            times=form.times,
            now=now,
            allow_abroad=allow_abroad,
        )

    def to_form(self) -> CallForm:
        return CallForm(
            destination=format_destination(self.destination),
            username=self.username,
            source=self.source,
            site=self.site or "",
            restrict_sends=self.restrict_sends,
            day=self.day,
            times=self.times,
        )

    def to_request(self, api_key: str | uuid.UUID, *, now: datetime | None = None) -> VoiceRequest:
        """The wire request, with the key added at the last moment.

        Past times are not refused here: a call queued offline still goes out.
        """
        schedule = build_schedule(self.day, list(self.times), now=now, refuse_past=False)
        return VoiceRequest(
            APIKey=uuid.UUID(str(api_key)),
            Username=self.username,
            Destination=self.destination,
            Source=self.source,
            CustomerSiteId=self.site,
            RestrictSends=self.restrict_sends,
            Date=schedule.date,
            Times=schedule.times or None,
        )
