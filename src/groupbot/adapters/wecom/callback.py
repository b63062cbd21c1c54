"""The smart robot's callback URL: verification (GET) and encrypted messages (POST).

GET carries ``msg_signature, timestamp, nonce, echostr``; we answer the
decrypted echostr as plain text. POST carries ``{"encrypt": ...}``; we verify,
decrypt, hand text messages to the sink and answer with an encrypted stream
reply, waiting at most ``reply_wait`` seconds (WeCom gives up after 5). A bad
signature is 403, an undecryptable body 400, and nothing is processed.

The message is handled by the instance its callback reached; the stream is
kept in the shared :class:`~groupbot.core.ports.ReplyStreamStore`, so WeCom's
polls and retries may reach any instance.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from groupbot.adapters.json_body import BadJson, parse_json
from groupbot.adapters.wecom.crypto import BadSignature, CryptoError, WeComCrypto
from groupbot.adapters.wecom.inbound import MalformedCallback, to_incoming
from groupbot.adapters.wecom.streams import STREAM_LIFETIME
from groupbot.core.messages import IncomingMessage
from groupbot.core.ports import Clock, ReplyStreamStore
from groupbot.core.reply_streams import ReplyStream

__all__ = ["SmartRobotCallback"]

log = logging.getLogger(__name__)
Handle = Callable[[IncomingMessage], Awaitable[None]]
PURGE_EVERY = timedelta(minutes=1)


class SmartRobotCallback:
    """aiohttp handlers for one smart robot's callback URL."""

    def __init__(  # the callback's collaborators, all owned by the gateway
        self,
        crypto: WeComCrypto,
        streams: ReplyStreamStore,
        robot_name: str,
        reply_wait: float,
        clock: Clock,
        tolerance: float = 300.0,
    ) -> None:
        self._clock = clock
        self._tolerance = tolerance
        self._crypto = crypto
        self._streams = streams
        self._handling: dict[str, asyncio.Event] = {}  # messages being handled here: set once answered
        self._purged_at: datetime | None = None
        self._robot_name = robot_name
        self._reply_wait = reply_wait
        self._tasks: set[asyncio.Task[None]] = set()
        self.handle: Handle | None = None

    async def verify_url(self, request: web.Request) -> web.Response:
        """Answer WeCom's URL check with the decrypted echostr."""
        query = request.query
        signed = self._signed(query)
        plain = self._open(signed, query.get("echostr", ""))
        return web.Response(text=plain, content_type="text/plain")

    async def receive(self, request: web.Request) -> web.Response:
        """Take one encrypted callback; answer with the (encrypted) passive reply, if any."""
        signed = self._signed(request.query)  # before the body is read: strangers get nothing parsed
        try:
            envelope = parse_json(await request.read())
            encrypted = envelope["encrypt"]
            if not isinstance(encrypted, str):
                raise TypeError("encrypt is not a string")
        except (ValueError, KeyError, TypeError):
            log.warning("wecom: rejected a callback without an encrypt field from %s", request.remote)
            raise web.HTTPBadRequest(text="expected {\"encrypt\": ...}") from None
        payload = _json_object(self._open(signed, encrypted))
        if payload.get("msgtype") == "stream":
            return await self._refresh(payload)
        if payload.get("msgtype") in ("text", "mixed"):
            return await self._message(payload)
        log.info("wecom: ignored a %s callback", payload.get("msgtype"))
        return web.Response(text="")

    def _signed(self, query: Mapping[str, str]) -> tuple[str, str, str]:
        """The query's signature, timestamp and nonce; 403 when one is missing or the timestamp is stale."""
        signed = (query.get("msg_signature", ""), query.get("timestamp", ""), query.get("nonce", ""))
        if not all(signed):
            log.warning("wecom: rejected a callback without msg_signature, timestamp and nonce")
            raise web.HTTPForbidden(text="signature required")
        stamp = signed[1]
        age = self._clock.now().timestamp() - int(stamp) if stamp.isascii() and stamp.isdecimal() else None
        if age is None or abs(age) > self._tolerance:
            # a correctly signed old request is a replay; WeCom's own SDKs refuse it too
            log.warning("wecom: rejected a callback whose timestamp %.20s is not within %.0f s of now",
                        stamp, self._tolerance)
            raise web.HTTPForbidden(text="stale or invalid timestamp")
        return signed

    def _open(self, signed: tuple[str, str, str], encrypted: str) -> str:
        try:
            self._crypto.verify(*signed, encrypted)
            return self._crypto.decrypt(encrypted)
        except BadSignature:
            log.warning("wecom: rejected a callback with a bad msg_signature")
            raise web.HTTPForbidden(text="bad signature") from None
        except CryptoError as exc:
            log.warning("wecom: rejected a callback that does not decrypt: %s", exc)
            raise web.HTTPBadRequest(text="cannot decrypt") from None

    async def _message(self, payload: Mapping[str, Any]) -> web.Response:
        try:
            message = to_incoming(payload, self._robot_name)
        except MalformedCallback as exc:
            log.warning("wecom: dropped a malformed callback: %s", exc)
            raise web.HTTPBadRequest(text=str(exc)) from None
        now = self._clock.now()
        await self._purge(now)
        address = payload.get("response_url") if isinstance(payload.get("response_url"), str) else None
        fresh = ReplyStream(message.message_id, message.chat.chat_id, secrets.token_hex(8))
        stream, new = await self._streams.open(fresh, address, now + STREAM_LIFETIME)
        if not new:  # WeCom retried (perhaps through another instance); don't answer twice
            return await self._reply(stream)
        answered = self._handling[message.message_id] = asyncio.Event()
        self._spawn(self._handled(message, answered))
        with contextlib.suppress(TimeoutError):  # set by gateway.answered or by the handler's end
            await asyncio.wait_for(answered.wait(), self._reply_wait)
        if answered.is_set():
            await self._streams.finish(message.message_id)  # so this very response says finish
        return await self._reply(await self._streams.get(message.message_id, self._clock.now()) or stream)

    def answered(self, message_id: str) -> None:
        """Every reply to ``message_id`` in its own chat was said: finish its stream now, not once the
        handler is done with other chats (a waiting callback answers at once; a poll sees it finished)."""
        answered = self._handling.get(message_id)
        if answered is not None and not answered.is_set():
            answered.set()
            self._spawn(self._streams.finish(message_id))

    async def _handled(self, message: IncomingMessage, answered: asyncio.Event) -> None:
        try:
            if self.handle is not None:
                await self.handle(message)
        except Exception:  # the stream must still finish
            log.exception("wecom: handling message %s failed", message.message_id)
        finally:
            del self._handling[message.message_id]
            if not answered.is_set():
                answered.set()
                await self._streams.finish(message.message_id)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _purge(self, now: datetime) -> None:
        # Expired streams go now and then, not on every callback: one DELETE a minute at most.
        if self._purged_at is None or now - self._purged_at >= PURGE_EVERY:
            self._purged_at = now
            await self._streams.purge(now)

    async def _refresh(self, payload: Mapping[str, Any]) -> web.Response:
        inner = payload.get("stream") if isinstance(payload.get("stream"), Mapping) else {}
        stream = await self._streams.polled(str(inner.get("id")), self._clock.now()) if inner else None
        if stream is None:
            return web.Response(text="")
        return await self._reply(stream)

    async def _reply(self, stream: ReplyStream) -> web.Response:
        if stream.done:
            await self._streams.close(stream.message_id)
            if stream.content is None:
                return web.Response(text="")  # the bot chose to stay silent
        payload = {"msgtype": "stream",
                   "stream": {"id": stream.stream_id, "finish": stream.done, "content": stream.content or ""}}
        encrypted = self._crypto.encrypt(json.dumps(payload, ensure_ascii=False))
        timestamp, nonce = str(int(self._clock.now().timestamp())), secrets.token_hex(8)
        signature = self._crypto.signature(timestamp, nonce, encrypted)
        body = {"encrypt": encrypted, "msgsignature": signature, "timestamp": int(timestamp), "nonce": nonce}
        return web.json_response(body)

    async def drain(self) -> None:
        """Cancel messages still being handled (shutdown)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


def _json_object(plain: str) -> Mapping[str, Any]:
    try:
        payload = parse_json(plain)
    except BadJson:
        payload = None
    if not isinstance(payload, dict):
        log.warning("wecom: rejected a callback whose plaintext is not a JSON object")
        raise web.HTTPBadRequest(text="plaintext is not a JSON object")
    return payload
