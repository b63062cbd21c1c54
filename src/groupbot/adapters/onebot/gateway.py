"""QQ through OneBot v11, as a :class:`ChatGateway` (platform ``"qq"``).

Chat ids are ``group:<group number>`` and ``private:<QQ number>``. Messages
come in over the transport chosen in configuration; replies go out from the
account the chat was seen on, paced per group so the account is not flagged
as a spammer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiohttp
from aiohttp import web

from groupbot.adapters.onebot.accounts import Account, Accounts
from groupbot.adapters.onebot.actions import ActionCaller, ActionError, ConnectionLost
from groupbot.adapters.onebot.askers import Askers
from groupbot.adapters.onebot.config import OneBotSettings
from groupbot.adapters.onebot.events import PLATFORM
from groupbot.adapters.onebot.forward_ws import ForwardWsClient
from groupbot.adapters.onebot.http_post import HttpApi, HttpPostEndpoint
from groupbot.adapters.onebot.inbound import Inbound
from groupbot.adapters.onebot.outgoing import render, send_params
from groupbot.adapters.onebot.reverse_ws import ReverseWsEndpoint
from groupbot.adapters.pacing import SendPacer
from groupbot.adapters.picture_links import PictureLinks
from groupbot.core.delivery import DeliveryError
from groupbot.core.messages import Picture, Reply, SentReceipt
from groupbot.core.ports import ChatGateway, MessageSink

__all__ = ["OneBotGateway"]

log = logging.getLogger(__name__)
HTTP_ACCOUNT = "http"


class OneBotGateway(ChatGateway):
    """Receives from and sends to QQ groups through a OneBot v11 implementation."""

    platform = PLATFORM

    def __init__(
        self,
        settings: OneBotSettings,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._settings = settings
        self.accounts = Accounts(monotonic)
        self.askers = Askers()
        self._inbound = Inbound(self.accounts, self.askers, settings.workers, settings.queue_size)
        self._pacer = SendPacer(settings.pace_interval, settings.pace_per_minute, monotonic=monotonic, sleep=sleep)
        self._reverse = ReverseWsEndpoint(self.accounts, self._inbound, settings.access_token, settings.action_timeout)
        self._post = HttpPostEndpoint(self.accounts, self._inbound, settings.secret)
        self.forward = ForwardWsClient(
            settings.ws_url or "",
            settings.access_token,
            self.accounts,
            self._inbound,
            timeout=settings.action_timeout,
            backoff=(settings.backoff_min, settings.backoff_max),
            sleep=sleep,
        )
        self._session: aiohttp.ClientSession | None = None
        self._runner: asyncio.Task[None] | None = None
        self._pictures = PictureLinks()

    async def start(self, sink: MessageSink) -> None:
        """Accept events (and, for client modes, open the connection)."""
        self._inbound.start(sink)
        mode = self._settings.mode
        if self._settings.access_token is None:
            log.warning("onebot: no access_token set; anything that reaches the %s endpoint can act as QQ", mode)
        if mode == "reverse_ws":
            return
        self._session = aiohttp.ClientSession()
        if mode == "http_post":
            if not self._settings.api_url:
                raise ValueError("onebot.api_url is required in http_post mode")
            self._post.api = HttpApi(
                self._session, self._settings.api_url, self._settings.access_token, self._settings.action_timeout
            )
            # the HTTP API needs no connection: chats not yet seen on a known account are served through it
            self.accounts.attach(HTTP_ACCOUNT, self._post.api)
        else:
            if not self._settings.ws_url:
                raise ValueError("onebot.ws_url is required in forward_ws mode")
            self._runner = asyncio.create_task(self.forward.run(self._session))

    async def stop(self) -> None:
        """Close connections and stop handling messages."""
        if self._runner is not None:
            self._runner.cancel()
            await asyncio.gather(self._runner, return_exceptions=True)
        await self._reverse.close()
        await self._inbound.drain(grace=5.0)
        if self._session is not None:
            await self._session.close()
        await self._pictures.close()

    async def picture(self, ref: str) -> Picture | None:
        """A screenshot a customer sent, by the link the QQ implementation gave (see ``events.image_links``)."""
        return await self._pictures.fetch(ref)

    async def settled(self) -> None:
        """Wait until every message received so far has been handled (tests, shutdown)."""
        await self._inbound.settled()

    def web_routes(self) -> Sequence[web.AbstractRouteDef]:
        """The reverse-WebSocket or HTTP POST route, by mode."""
        if self._settings.mode == "reverse_ws":
            return [web.get(self._settings.ws_path, self._reverse.handle)]
        if self._settings.mode == "http_post":
            return [web.post(self._settings.post_path, self._post.handle)]
        return []

    def health(self) -> dict[str, Any]:
        """Connection state per account, for /healthz."""
        return {"mode": self._settings.mode, **self.accounts.health()}

    async def send(self, reply: Reply) -> SentReceipt:
        """Post ``reply`` (split if long) into its chat; raises :class:`DeliveryError`."""
        account = self.accounts.for_chat(reply.chat.chat_id)
        if account is None:
            raise DeliveryError(reply, "no QQ account has connected")
        ids: list[str] = []
        asker = self.askers.of(reply.chat.chat_id, reply.reply_to_message_id)
        for message in render(reply, self._settings.max_chars, asker):
            try:
                action, params = send_params(reply.chat.chat_id, message, self._settings.message_format)
            except ValueError as exc:
                raise DeliveryError(reply, str(exc)) from None
            async with self._pacer.turn(f"{account.self_id}:{reply.chat.chat_id}"):
                data = await self._call(reply, account, action, params)
            if isinstance(data, dict) and data.get("message_id") is not None:
                ids.append(str(data["message_id"]))
                account.sent.add(ids[-1])
        return SentReceipt(tuple(ids))

    async def _call(self, reply: Reply, account: Account, action: str, params: dict[str, Any]) -> Any:
        # a call that never left this process is safe to repeat on the next connection
        for _attempt in range(2):
            caller = await self._caller(account)
            if caller is None:
                raise DeliveryError(reply, f"account {account.self_id} is not connected")
            try:
                return await caller.call(action, params)
            except ConnectionLost as exc:
                if exc.written:
                    log.warning("onebot: %s to %s: connection lost before the answer", action, reply.chat.key)
                    return None
            except ActionError as exc:
                log.warning("onebot: %s to %s failed: %s", action, reply.chat.key, exc)
                raise DeliveryError(reply, str(exc)) from None
        raise DeliveryError(reply, f"account {account.self_id} lost its connection twice")

    async def _caller(self, account: Account) -> ActionCaller | None:
        if account.caller is None and self._post.api is not None:
            return self._post.api
        return await account.wait_caller(self._settings.reconnect_wait)
