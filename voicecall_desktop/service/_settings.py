"""Settings checked with the rules the form uses, one way for the window and the command line.

A saved default that the form would refuse (a Source of one letter, say) is
accepted today and then fails every send; so the defaults the form fills in
(``username``, ``source``, ``site``) are checked by the form's own validator,
:meth:`CallSpec.from_input`, and every other setting by its type in
:class:`~voicecall_desktop.core.settings.Settings` (quiet hours, nation, open
weekdays and closures typed as people type them: ``08:00``, ``scotland``,
``mon-fri``, ``2026-12-24 Staff training``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from voicecall_desktop.core.errors import FieldError, InputErrors

if TYPE_CHECKING:
    from voicecall_desktop.core.settings import Settings

#: The form's field for each setting that is a default for it.
FORM_FIELDS = {"username": "Username", "source": "Source", "site": "CustomerSiteId"}
_SETTING_OF = {form: setting for setting, form in FORM_FIELDS.items()}
# A number the form accepts, standing in while only the defaults are judged.
_ANY_NUMBER = "07700 900000"
_BOOLEAN_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def setting_problems(settings: Settings) -> list[FieldError]:
    """What the form would refuse in the saved defaults, named by setting (empty: none).

    A blank default is allowed (the form then asks for the field). The ``proxy``
    setting is judged by the API client's rules too.
    """
    from voicecall_desktop.api import ConfigurationError, check_proxy_setting
    from voicecall_desktop.core.models import CallSpec

    problems: list[FieldError] = []
    try:
        check_proxy_setting(settings.proxy)
    except ConfigurationError as exc:
        problems.append(FieldError("proxy", exc.message.removeprefix("proxy: ")))

    try:
        CallSpec.from_input(
            destination=_ANY_NUMBER,
            username=settings.username or "reception",
            source=settings.source or "Surgery",
            site=settings.site or None,
        )
    except InputErrors as exc:
        problems += [
            FieldError(_SETTING_OF[e.field], e.message)
            for e in exc.errors
            if e.field in _SETTING_OF
        ]
    return problems


def _message(exc: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        text = str(exc.errors()[0].get("msg", "is not allowed"))
        return text.removeprefix("Value error, ")
    return str(exc)


def apply_setting(settings: Settings, name: str, text: str) -> Settings:
    """``settings`` with ``name`` set from typed ``text``, checked as the form checks it.

    Raises:
        FieldError: on ``name``: not a setting, or the value is not allowed (saying why).
    """
    from pydantic import ValidationError

    fields = type(settings).model_fields
    if name not in fields:
        raise FieldError(name, "not a setting; choose one of " + ", ".join(fields))
    value: object = text
    if fields[name].annotation is bool:
        word = text.strip().lower()
        if word not in _BOOLEAN_WORDS:
            raise FieldError(name, f"'{text}' is not yes/no, true/false, on/off or 1/0")
        value = _BOOLEAN_WORDS[word]
    changed = settings.model_copy()
    try:
        setattr(changed, name, value)
    except ValidationError as exc:
        raise FieldError(name, _message(exc)) from None
    if name in ("base_url", "proxy"):
        from voicecall_desktop.api import ConfigurationError, check_base_url, check_proxy_setting

        try:
            if name == "base_url":
                check_base_url(changed.base_url)
            else:
                changed.proxy = check_proxy_setting(changed.proxy)
        except ConfigurationError as exc:
            message = _message(exc).removeprefix("base URL: ").removeprefix("proxy: ")
            raise FieldError(name, message) from None
    for problem in setting_problems(changed):
        if problem.field == name:
            raise problem
    return changed
