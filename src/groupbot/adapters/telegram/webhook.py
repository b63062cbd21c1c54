"""Webhook mode: the HTTP endpoint Telegram posts to, and setWebhook/deleteWebhook.

Every request must carry the secret we gave Telegram in setWebhook in the
``X-Telegram-Bot-Api-Secret-Token`` header; anything else gets 403 before the
body is even read. The update is handled before we answer 200, so a crash
mid-way makes Telegram deliver it again (the service drops the duplicate).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiohttp import web
from pydantic import SecretStr

from groupbot.adapters.json_body import BadJson, parse_json
from groupbot.adapters.telegram.application import ALLOWED_UPDATES, bot_for
from groupbot.adapters.telegram.config import TelegramSettings

__all__ = ["SECRET_HEADER", "MalformedUpdate", "NotReceiving", "TelegramWebhook", "delete_webhook", "set_webhook"]

_log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret



class MalformedUpdate(ValueError):
    """JSON that has an ``update_id`` but is not a valid Telegram update."""


class NotReceiving(RuntimeError):
    """The gateway is shutting down; Telegram should deliver the update again later."""


UpdateHandler = Callable[[dict[str, Any]], Awaitable[None]]


class TelegramWebhook:
    """The ``POST <webhook_path>`` route; hands each verified update to ``handle_update``."""

    def __init__(self, path: str, secret: SecretStr, handle_update: UpdateHandler) -> None:
        self._path = path
        self._secret = secret.get_secret_value().encode()
        self._handle_update = handle_update
        self.rejected = 0

    def web_routes(self) -> Sequence[web.AbstractRouteDef]:
        """The single route Telegram posts updates to."""
        return [web.post(self._path, self.receive)]

    async def receive(self, request: web.Request) -> web.Response:
        """Check the secret, parse the update, handle it, then answer."""
        # aiohttp keeps undecodable header bytes as surrogates; compare them as the bytes they were
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, self._secret):
            self.rejected += 1
            reason = "wrong" if given else "missing"
            _log.warning("telegram webhook: %s secret token from %s; rejected", reason, request.remote)
            return web.Response(status=403, text="forbidden")
        try:
            update = parse_json(await request.read())
        except BadJson as exc:
            _log.warning("telegram webhook: body is not JSON (%s); rejected", exc)
            return web.Response(status=400, text="body must be a JSON update")
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            _log.warning("telegram webhook: JSON without update_id; rejected")
            return web.Response(status=400, text="not a Telegram update")
        try:
            await self._handle_update(update)
        except MalformedUpdate as exc:
            _log.warning("telegram webhook: update %s is malformed (%s); rejected", update["update_id"], exc)
            return web.Response(status=400, text="malformed update")
        except NotReceiving:
            return web.Response(status=503, text="shutting down; retry later")
        return web.Response(status=200)


async def set_webhook(settings: TelegramSettings) -> str:
    """Tell Telegram to post updates to ``settings.webhook_url`` with our secret; returns the URL."""
    if not settings.webhook_url:
        raise ValueError("telegram.webhook_url (GROUPBOT_TELEGRAM__WEBHOOK_URL) is not set")
    if settings.secret_token is None:
        raise ValueError("telegram.secret_token (GROUPBOT_TELEGRAM__SECRET_TOKEN) is not set")
    if not settings.webhook_url.startswith("https://"):
        _log.warning("Telegram only posts to https:// webhook URLs; %s will be refused", settings.webhook_url)
    async with bot_for(settings) as bot:
        await bot.set_webhook(
            url=settings.webhook_url,
            secret_token=settings.secret_token.get_secret_value(),
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=settings.drop_pending_updates,
        )
    return settings.webhook_url


async def delete_webhook(settings: TelegramSettings, *, drop_pending_updates: bool = False) -> None:
    """Remove the webhook so the bot can poll again."""
    async with bot_for(settings) as bot:
        await bot.delete_webhook(drop_pending_updates=drop_pending_updates)
