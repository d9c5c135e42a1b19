"""Fixtures for the sandbox tests: a client for the running sandbox, a seed sample."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from voicecall_desktop.sandbox import Sandbox

from .helpers import SAMPLE_JSON, Client


@pytest.fixture
def client(sandbox: Sandbox) -> Client:
    return Client(sandbox)


@pytest.fixture
def sample() -> dict[str, Any]:
    """A fresh copy of the JSON seed sample, to change freely."""
    return copy.deepcopy(SAMPLE_JSON)
