"""WeCom as a :class:`ChatGateway` (platform ``"wecom"``).

Chat ids: ``group:<chatid>`` and ``single:<userid>`` for the smart robot's
conversations, ``webhook:<name>`` for a configured group robot. A reply to a
message being handled rides in the callback's passive stream reply; a later
one uses the message's response_url; a reply to a webhook chat is posted to
that group robot.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiohttp
from aiohttp import web

from groupbot.adapters.pacing import SendPacer
from groupbot.adapters.plaintext import text_with_choices
from groupbot.adapters.wecom.callback import SmartRobotCallback
from groupbot.adapters.wecom.config import WeComSettings
from groupbot.adapters.wecom.crypto import WeComCrypto
from groupbot.adapters.wecom.inbound import PLATFORM
from groupbot.adapters.wecom.robot_webhook import RobotWebhook, WebhookError, post_json
from groupbot.adapters.wecom.streams import MemoryReplyStreams
from groupbot.core.clock import SystemClock
from groupbot.core.delivery import DeliveryError
from groupbot.core.messages import IncomingMessage, Reply, SentReceipt
from groupbot.core.ports import ChatGateway, Clock, MessageSink, ReplyStreamStore

__all__ = ["WeComGateway"]

log = logging.getLogger(__name__)


class WeComGateway(ChatGateway):
    """A WeCom smart robot (two-way) plus named group robots (send-only)."""

    platform = PLATFORM

    def __init__(
        self,
        settings: WeComSettings,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Clock | None = None,
        streams: ReplyStreamStore | None = None,
    ) -> None:
        self._settings = settings
        self._clock = clock or SystemClock()
        self._streams = streams if streams is not None else MemoryReplyStreams()
        per_minute = settings.webhook_per_minute
        self._pacer = SendPacer(60.0 / per_minute, per_minute, monotonic=monotonic, sleep=sleep)
        self._callback: SmartRobotCallback | None = None
        if settings.token is not None and settings.encoding_aes_key is not None:
            crypto = WeComCrypto(settings.token.get_secret_value(), settings.encoding_aes_key.get_secret_value())
            self._callback = SmartRobotCallback(
                crypto, self._streams, settings.robot_name, settings.reply_wait, self._clock,
                settings.timestamp_tolerance,
            )
        self._session: aiohttp.ClientSession | None = None
        self._webhooks: dict[str, RobotWebhook] = {}

    async def start(self, sink: MessageSink) -> None:
        """Open the HTTP client for webhooks and response URLs; accept callbacks."""
        self._session = aiohttp.ClientSession()
        for name, url in self._settings.webhooks.items():
            self._webhooks[name] = RobotWebhook(
                name, url.get_secret_value(), self._session, self._pacer, self._settings.webhook_max_bytes
            )
        if self._callback is not None:
            self._callback.handle = sink

    async def stop(self) -> None:
        """Stop handling callbacks and close the HTTP client."""
        if self._callback is not None:
            await self._callback.drain()
        if self._session is not None:
            await self._session.close()

    def web_routes(self) -> Sequence[web.AbstractRouteDef]:
        """GET (URL verification) and POST (messages) on the callback path."""
        if self._callback is None:
            return []
        path = self._settings.callback_path
        return [web.get(path, self._callback.verify_url), web.post(path, self._callback.receive)]

    def health(self) -> dict[str, Any]:
        """What is configured; WeCom connects to us, so there is no connection to lose."""
        return {"ok": True, "smart_robot": self._callback is not None, "webhooks": sorted(self._webhooks)}

    def answered(self, message: IncomingMessage) -> None:
        """Finish the message's passive reply now: ops notices to group robots must not hold it up."""
        if self._callback is not None:
            self._callback.answered(message.message_id)

    async def send(self, reply: Reply) -> SentReceipt:
        """Deliver ``reply``; raises :class:`DeliveryError` when no route to its chat is left."""
        chat_id = reply.chat.chat_id
        text = text_with_choices(reply)
        if chat_id.startswith("webhook:"):
            return await self._post_webhook(reply, chat_id.removeprefix("webhook:"), text)
        now = self._clock.now()
        if await self._streams.say(reply.reply_to_message_id, chat_id, text, now):
            return SentReceipt()
        url = await self._streams.take_address(reply.reply_to_message_id, chat_id, now)
        if url is None:
            raise DeliveryError(reply, "no open reply stream or unused response_url (they last one hour)")
        return await self._post_response_url(reply, url, text)

    async def _post_webhook(self, reply: Reply, name: str, text: str) -> SentReceipt:
        webhook = self._webhooks.get(name)
        if webhook is None:
            raise DeliveryError(reply, f"no group robot named {name!r} is configured")
        try:
            await webhook.post_markdown(text)
            if reply.image:
                await webhook.post_image(reply.image)
        except WebhookError as exc:
            raise DeliveryError(reply, str(exc)) from None
        return SentReceipt()

    async def _post_response_url(self, reply: Reply, url: str, text: str) -> SentReceipt:
        assert self._session is not None, "gateway not started"
        body = {"msgtype": "markdown", "markdown": {"content": text}}
        try:
            await post_json(self._session, url, body)
        except WebhookError as exc:
            log.warning("wecom: response_url refused a reply to %s: %s", reply.chat.key, exc)
            raise DeliveryError(reply, str(exc)) from None
        return SentReceipt()

