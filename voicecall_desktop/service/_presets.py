"""Presets: named sets of the form's non-patient fields (Source, site, times, ...).

Kept by the store as JSON and checked with :class:`~voicecall_desktop.core.presets.Preset`
on the way in and out; names are unique ignoring case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from voicecall_desktop.core.errors import FieldError

if TYPE_CHECKING:
    from voicecall_desktop.core.presets import Preset
    from voicecall_desktop.service._store import StoreInUse
    from voicecall_desktop.store.protocol import PresetStore


class PresetBook:
    """Named sets of the form's non-patient fields, validated on the way in and out."""

    def __init__(self, in_use: StoreInUse) -> None:
        self._in_use = in_use

    @property
    def _store(self) -> PresetStore:
        return self._in_use.store.presets

    def names(self) -> list[str]:
        """Every preset's name, sorted."""
        return self._store.names()

    def get(self, name: str) -> Preset | None:
        """The preset called ``name`` (any case), or None."""
        from voicecall_desktop.core.presets import Preset

        value = self._store.get(name)
        return None if value is None else Preset.model_validate(value)

    def save(self, preset: Preset) -> None:
        """Create or replace the preset of ``preset.name``."""
        self._store.save(preset.name, preset.model_dump(mode="json"))

    def rename(self, old: str, new: str) -> bool:
        """False when there is no preset ``old``; a FieldError on ``name`` when ``new`` is taken."""
        from voicecall_desktop.core.presets import Preset

        new = Preset.check_name(new)
        preset = self.get(old)
        if preset is None:
            return False
        if new.lower() != old.lower() and self.get(new) is not None:
            raise FieldError("name", f"a preset called '{new}' already exists")
        renamed = self._store.rename(old, new)
        if renamed:
            self.save(preset.model_copy(update={"name": new}))
        return renamed

    def delete(self, name: str) -> bool:
        """False when there was no such preset."""
        return self._store.delete(name)
