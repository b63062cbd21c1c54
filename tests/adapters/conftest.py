"""Fixtures for adapter tests: a served aiohttp app and virtual time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence

import pytest
from aiohttp import web

from groupbot.web import HealthReport, build_app
from tests.adapters.support import VirtualTime

Serve = Callable[..., Awaitable[str]]


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """Serve routes on 127.0.0.1 (a free port); returns the base URL."""
    runners: list[web.AppRunner] = []

    async def _serve(routes: Sequence[web.AbstractRouteDef], health: Mapping[str, HealthReport] | None = None) -> str:
        runner = web.AppRunner(build_app(routes, health or {}))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        return f"http://127.0.0.1:{port}"

    yield _serve
    for runner in runners:
        await runner.cleanup()


@pytest.fixture
def vtime() -> VirtualTime:
    return VirtualTime()
