"""Fixtures: the fake Bot API server and gateways talking to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from groupbot.adapters.telegram import TelegramGateway
from tests.adapters.telegram.fake_bot_api import FakeBotApi
from tests.adapters.telegram.harness import FakeSleep, RecordingSink, Responder, echo, telegram_settings


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
async def running() -> AsyncIterator[Callable[..., Any]]:
    """Start gateways on demand; all are stopped at the end of the test."""
    started: list[TelegramGateway] = []

    async def start(gateway: TelegramGateway, sink: RecordingSink) -> TelegramGateway:
        sink.gateway = gateway
        started.append(gateway)
        await gateway.start(sink)
        return gateway

    yield start
    for gateway in reversed(started):
        await gateway.stop()


@pytest.fixture
async def polling(api: FakeBotApi, fake_sleep: FakeSleep, running: Callable[..., Any]) -> AsyncIterator[Any]:
    """A polling gateway with an echoing sink: ``gateway, sink = await polling()``."""

    async def start(respond: Responder | None = echo, **overrides: Any) -> tuple[TelegramGateway, RecordingSink]:
        sink = RecordingSink(respond)
        gateway = TelegramGateway(telegram_settings(api, **overrides), sleep=fake_sleep)
        await running(gateway, sink)
        return gateway, sink

    yield start
