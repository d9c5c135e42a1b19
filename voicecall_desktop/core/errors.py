"""Errors that name the field a person got wrong."""

from __future__ import annotations

from collections.abc import Iterable


class FieldError(ValueError):
    """One field's value is not allowed; ``message`` says what is."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InputErrors(ValueError):
    """Several fields are wrong at once (a form or a CSV row)."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    @property
    def fields(self) -> list[str]:
        return [e.field for e in self.errors]
