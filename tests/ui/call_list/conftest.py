"""The Import dialog's tests: a window sending to the sandbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from voicecall_desktop.core.settings import Settings
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.ui.window.main_window import MainWindow

from ..conftest import WindowFactory


@pytest.fixture
def window(
    make_window: WindowFactory, sandbox: Sandbox, api_key: str
) -> Iterator[Callable[..., MainWindow]]:
    """A window sending to the sandbox, with Settings to fall back on."""

    def make(**options: Any) -> MainWindow:
        made = make_window(sandbox.url, show=False, **options)
        made.service.save_settings(Settings(username="reception", source="Surgery"))
        return made

    yield make
