"""Test helpers: settings pointing at the fake server, a stand-in sleep, a small real sink."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from groupbot.adapters.telegram import TelegramGateway
from groupbot.adapters.telegram.config import TelegramSettings
from groupbot.core.messages import IncomingMessage, Reply
from tests.adapters.telegram.fake_bot_api import TOKEN, FakeBotApi

Responder = Callable[[IncomingMessage], Reply | None]


class FakeSleep:
    """Stands in for ``asyncio.sleep``: records the delays, returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


class RecordingSink:
    """A minimal service: records each message and sends ``respond(message)`` back, if any."""

    def __init__(self, respond: Responder | None = None) -> None:
        self.received: list[IncomingMessage] = []
        self.respond = respond
        self.gateway: TelegramGateway | None = None
        self.changed = asyncio.Event()

    async def __call__(self, message: IncomingMessage) -> None:
        self.received.append(message)
        self.changed.set()
        reply = self.respond(message) if self.respond else None
        if reply is not None and self.gateway is not None:
            await self.gateway.send(reply)

    async def wait_for(self, count: int, patience: float = 10.0) -> list[IncomingMessage]:
        """Wait until ``count`` messages arrived (a safety net, not a timing assertion)."""
        async with asyncio.timeout(patience):
            while len(self.received) < count:
                self.changed.clear()
                await self.changed.wait()
        return self.received


def echo(message: IncomingMessage) -> Reply:
    """Answer every message with its own text, as a reply to it."""
    return Reply(message.chat, f"echo: {message.text}", reply_to_message_id=message.message_id)


def telegram_settings(api: FakeBotApi, **overrides: Any) -> TelegramSettings:
    """Settings for a gateway talking to ``api``; limits off unless a test turns them on."""
    values: dict[str, Any] = {
        "token": TOKEN,
        "base_url": api.base_url,
        "poll_timeout": 5,
        "request_timeout": 5,
        "limits": {"enabled": False},
        **overrides,
    }
    return TelegramSettings.model_validate(values)
