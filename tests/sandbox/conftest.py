"""Fixtures for the sandbox tests: a running sandbox, a client for it, a seed sample."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from voicecall_desktop.sandbox import Sandbox

from .helpers import SAMPLE_JSON, Client


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


@pytest.fixture
def client(sandbox: Sandbox) -> Client:
    return Client(sandbox)


@pytest.fixture
def sample() -> dict[str, Any]:
    """A fresh copy of the JSON seed sample, to change freely."""
    return copy.deepcopy(SAMPLE_JSON)
