"""Presets: the form's non-patient fields saved under a name."""

from __future__ import annotations

from datetime import time

from pydantic import BaseModel, ConfigDict, field_validator

from voicecall_desktop.core.errors import FieldError
from voicecall_desktop.core.models import CallForm

NAME_MAX = 60


class Preset(BaseModel):
    """Source, Username, site, RestrictSends and times — never a patient's number or day."""

    model_config = ConfigDict(frozen=True)

    name: str
    username: str = ""
    source: str = ""
    site: str = ""
    restrict_sends: bool = False
    times: tuple[time, ...] = ()

    @staticmethod
    def check_name(name: str) -> str:
        cleaned = " ".join(name.split())
        if not cleaned:
            raise FieldError("name", "give the preset a name")
        if len(cleaned) > NAME_MAX:
            raise FieldError("name", f"must be at most {NAME_MAX} characters")
        return cleaned

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return cls.check_name(value)

    @classmethod
    def from_form(cls, name: str, form: CallForm) -> Preset:
        return cls(
            name=name,
            username=form.username.strip(),
            source=form.source.strip(),
            site=form.site.strip(),
            restrict_sends=form.restrict_sends,
            times=tuple(sorted(set(form.times))),
        )

    def apply_to(self, form: CallForm) -> CallForm:
        """The form with this preset's fields filled in; number and day are kept."""
        return form.model_copy(
            update={
                "username": self.username,
                "source": self.source,
                "site": self.site,
                "restrict_sends": self.restrict_sends,
                "times": self.times,
            }
        )
