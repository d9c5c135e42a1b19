"""``holidays.countries`` as the bundle carries it: the United Kingdom only.

The package's own ``holidays/countries/__init__.py`` imports all of its 250 countries
(about 4 MiB of code in each program's archive); the app needs the UK's
(``voicecall_desktop.core.bank_holidays``). ``packaging/voicecall.spec`` puts this file
in its place and leaves the other countries and the financial markets out.
"""

from holidays.countries.united_kingdom import GB, GBR, UK, UnitedKingdom

__all__ = ["GB", "GBR", "UK", "UnitedKingdom"]
