"""UK bank holidays for the practice's nation, from the ``holidays`` package.

The package keeps the UK's dates (moveable feasts, substitute days when a
holiday falls on a weekend, one-off days such as a coronation or a state
funeral) up to date; a hand-written list here would go stale. Its UK
subdivisions are ``ENG``, ``WLS``, ``SCT`` and ``NIR``; Wales keeps England's
bank holidays, so the practice setting has one value for both.

The package takes ~0.2 s to import, so it is imported on first use, not when
the app starts; each nation's year is worked out once.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

from voicecall_desktop.core.practice_days import NATION_NAMES, Nation

if TYPE_CHECKING:
    from collections.abc import Mapping

log = logging.getLogger(__name__)

#: The ``holidays`` package's UK subdivision for each nation setting.
SUBDIVISION: dict[Nation, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}


@lru_cache(maxsize=64)
def bank_holidays(nation: Nation, year: int) -> Mapping[date, str]:
    """Every bank holiday of ``year`` in ``nation``: day -> its name.

    A substitute day is named after the holiday it stands in for, e.g.
    ``Christmas Day (observed)`` on Monday 27 December 2027.
    """
    # Imported here, by its module, so the app starts without it and
    # PyInstaller sees the import (the package's registry loads by name).
    from holidays.countries.united_kingdom import UnitedKingdom

    # The names' language is fixed: left unset, the package follows LANG/LANGUAGE
    # (a desk with LANG=th_TH.UTF-8 would show Thai tooltips). en_GB needs the
    # package's locale/en_GB/LC_MESSAGES/GB.mo, which the bundle must carry.
    days = UnitedKingdom(  # type: ignore[no-untyped-call]
        subdiv=SUBDIVISION[nation], years=year, language="en_GB"
    )
    # Two holidays on one day come joined by "; " (Scotland, 2 January 2023);
    # people read "and".
    return MappingProxyType(
        {day: str(name).replace("; ", " and ") for day, name in sorted(days.items())}
    )


def holiday_name(day: date, nation: Nation) -> str | None:
    """The bank holiday's name on ``day`` in ``nation``, or None on an ordinary day."""
    return bank_holidays(nation, day.year).get(day)


def nation_name(nation: Nation) -> str:
    return NATION_NAMES[nation]
