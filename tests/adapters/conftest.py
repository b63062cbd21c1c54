"""Fixtures for adapter tests: a served aiohttp app and virtual time."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.adapters.support import Serve, Served, VirtualTime


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """Serve routes on 127.0.0.1 (a free port); returns the base URL."""
    async with Served() as served:
        yield served


@pytest.fixture
def vtime() -> VirtualTime:
    return VirtualTime()
