"""For ``holidays`` (UK bank holidays, voicecall_desktop/core/bank_holidays.py).

``import holidays`` reads its own version from the installed metadata, so the
metadata must be bundled or the import fails. The names are fixed to en_GB, which
``gettext`` loads from ``locale/en_GB/LC_MESSAGES/GB.mo`` (without the file,
building the calendar raises); the other 4.7 MB of translations are left out.
"""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = copy_metadata("holidays") + collect_data_files(
    "holidays", includes=["locale/en_GB/LC_MESSAGES/GB.mo"]
)
# Imported inside a function, on first use.
hiddenimports = ["holidays.countries.united_kingdom"]
