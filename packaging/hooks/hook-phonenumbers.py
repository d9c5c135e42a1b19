"""Replaces pyinstaller-hooks-contrib's phonenumbers hook, which collects the whole package.

The app parses, validates and formats numbers: that needs the region metadata
(``phonenumbers.data.region_XX``, imported by name the first time a region is used) and the
short-number data. The geocoding, carrier and time-zone databases (about 45 MB of source)
are left out.
"""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules(
    "phonenumbers.shortdata"
)
excludedimports = [
    "phonenumbers.geodata",
    "phonenumbers.geocoder",
    "phonenumbers.carrierdata",
    "phonenumbers.carrier",
    "phonenumbers.tzdata",
    "phonenumbers.timezone",
]
