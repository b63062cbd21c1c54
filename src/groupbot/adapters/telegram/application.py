"""Building the PTB :class:`Application` the gateway runs on.

Updates from different chats are handled concurrently, updates from the same
chat strictly in arrival order (:class:`ChatOrderedUpdateProcessor`), so a
busy group cannot hold up the others and answers in a chat never overtake.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application, ApplicationBuilder, BaseUpdateProcessor

from groupbot.adapters.telegram.config import TelegramSettings
from groupbot.adapters.telegram.pacing import TelegramRateLimiter
from groupbot.adapters.telegram.transport import AiohttpRequest

__all__ = ["ALLOWED_UPDATES", "DEFAULT_BASE_URL", "ChatOrderedUpdateProcessor", "bot_for", "build_application",
           "file_url"]

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential within a chat."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run ``coroutine`` once every earlier update of the same chat is done."""
        chat_id = _chat_id(update)
        if chat_id is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._users[chat_id] = self._users.get(chat_id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            # Forget a chat once nobody holds or awaits its lock, so the table stays small.
            self._users[chat_id] -= 1
            if not self._users[chat_id]:
                del self._users[chat_id], self._locks[chat_id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def build_application(settings: TelegramSettings, rate_limiter: TelegramRateLimiter | None) -> Application:
    """An Application for ``settings``; without an updater in webhook mode (we feed it)."""
    assert settings.token is not None, "the Telegram adapter needs a token"
    builder = (
        ApplicationBuilder()
        .token(settings.token.get_secret_value())
        .base_url(settings.base_url or DEFAULT_BASE_URL)
        .base_file_url(file_url(settings.base_url or DEFAULT_BASE_URL))
        .concurrent_updates(ChatOrderedUpdateProcessor(settings.concurrent_updates))
    )
    builder = _with_transport(builder, settings)
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    if settings.mode == "webhook":
        builder = builder.updater(None)
    return builder.build()


def bot_for(settings: TelegramSettings) -> Bot:
    """A bare Bot (no Application) for one-off calls such as setWebhook."""
    assert settings.token is not None, "the Telegram adapter needs a token"
    request = _request(settings, 1) if settings.http_client == "aiohttp" else None
    base = settings.base_url or DEFAULT_BASE_URL
    return Bot(settings.token.get_secret_value(), base_url=base, base_file_url=file_url(base), request=request)


def file_url(base_url: str) -> str:
    """Where files are downloaded from, beside the Bot API root: ``…/bot`` → ``…/file/bot``."""
    root = base_url.rstrip("/")
    return f"{root.removesuffix('/bot')}/file/bot"


def _with_transport(builder: Any, settings: TelegramSettings) -> Any:
    """``builder`` with the HTTP transport and timeouts ``settings`` ask for."""
    pool, timeout = settings.concurrent_updates + 8, settings.request_timeout
    if settings.http_client == "aiohttp":
        return builder.request(_request(settings, pool)).get_updates_request(_request(settings, 1))
    return (
        builder.connection_pool_size(pool)
        .connect_timeout(timeout)
        .read_timeout(timeout)
        .write_timeout(timeout)
        .pool_timeout(timeout)
        .get_updates_read_timeout(timeout)
    )


def _request(settings: TelegramSettings, pool: int) -> AiohttpRequest:
    timeout = settings.request_timeout
    media = max(timeout, 20.0)  # PTB's default for uploads
    return AiohttpRequest(pool, read_timeout=timeout, connect_timeout=timeout, pool_timeout=timeout,
                          media_write_timeout=media)


def _chat_id(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None
