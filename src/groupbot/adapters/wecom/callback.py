"""The smart robot's callback URL: verification (GET) and encrypted messages (POST).

GET carries ``msg_signature, timestamp, nonce, echostr``; we answer the
decrypted echostr as plain text. POST carries ``{"encrypt": ...}``; we verify,
decrypt, hand text messages to the sink and answer with an encrypted stream
reply, waiting at most ``reply_wait`` seconds (WeCom gives up after 5). A bad
signature is 403, an undecryptable body 400, and nothing is processed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from groupbot.adapters.json_body import BadJson, parse_json
from groupbot.adapters.wecom.crypto import BadSignature, CryptoError, WeComCrypto
from groupbot.adapters.wecom.inbound import MalformedCallback, to_incoming
from groupbot.adapters.wecom.streams import ResponseUrls, Stream, Streams
from groupbot.core.messages import IncomingMessage
from groupbot.core.ports import Clock

__all__ = ["SmartRobotCallback"]

log = logging.getLogger(__name__)
Handle = Callable[[IncomingMessage], Awaitable[None]]


class SmartRobotCallback:
    """aiohttp handlers for one smart robot's callback URL."""

    def __init__(  # the callback's collaborators, all owned by the gateway
        self,
        crypto: WeComCrypto,
        streams: Streams,
        urls: ResponseUrls,
        robot_name: str,
        reply_wait: float,
        clock: Clock,
        tolerance: float = 300.0,
    ) -> None:
        self._clock = clock
        self._tolerance = tolerance
        self._crypto = crypto
        self._streams = streams
        self._urls = urls
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
            return self._refresh(payload)
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
        if self._streams.seen(message.message_id):  # WeCom retried; don't answer twice
            return self._reply(self._streams.open(message.message_id, message.chat.chat_id))
        stream = self._streams.open(message.message_id, message.chat.chat_id)
        if isinstance(payload.get("response_url"), str):
            self._urls.remember(message.message_id, message.chat.chat_id, payload["response_url"])
        task = asyncio.create_task(self._handled(message, stream))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        with contextlib.suppress(TimeoutError):  # finished by the handler's end or by gateway.answered
            await asyncio.wait_for(stream.finished.wait(), self._reply_wait)
        return self._reply(stream)

    async def _handled(self, message: IncomingMessage, stream: Stream) -> None:
        try:
            if self.handle is not None:
                await self.handle(message)
        except Exception:  # the stream must still finish
            log.exception("wecom: handling message %s failed", message.message_id)
        finally:
            stream.finish()

    def _refresh(self, payload: Mapping[str, Any]) -> web.Response:
        inner = payload.get("stream") if isinstance(payload.get("stream"), Mapping) else {}
        stream = self._streams.by_id(str(inner.get("id"))) if inner else None
        if stream is None:
            return web.Response(text="")
        return self._reply(stream)

    def _reply(self, stream: Stream) -> web.Response:
        if stream.done:
            self._streams.close(stream)
            if not stream.texts:
                return web.Response(text="")  # the bot chose to stay silent
        plain = json.dumps(stream.payload(), ensure_ascii=False)
        encrypted = self._crypto.encrypt(plain)
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
