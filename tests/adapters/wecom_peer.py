"""A fake WeCom: signs and encrypts smart-robot callbacks, and records what is posted to it.

It plays both sides WeCom plays: the caller of our callback URL, and the
server behind group-robot webhooks and response_urls.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from groupbot.adapters.wecom.crypto import WeComCrypto

TOKEN = "QDG6eK"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
SIGNED_AT = "1700000000"  # the timestamp the fake signs with; the gateway's clock must be near it


class FakeWeCom:
    """WeCom's servers, as far as groupbot can tell."""

    def __init__(self, clock: Callable[[], float] = lambda: 0.0, token: str = TOKEN, aes_key: str = AES_KEY) -> None:
        self.crypto = WeComCrypto(token, aes_key)
        self.posts: list[dict[str, Any]] = []
        self.refuse_with: dict[str, Any] | None = None
        self._clock = clock
        self.base = ""
        self.signed_at = SIGNED_AT
        self.hold: asyncio.Event | None = None  # when set, posts wait for it (a slow WeCom)

    def routes(self) -> list[web.RouteDef]:
        return [web.post("/cgi-bin/webhook/send", self._record), web.post("/cgi-bin/aibot/response", self._record)]

    def webhook_url(self, key: str) -> str:
        return f"{self.base}/cgi-bin/webhook/send?key={key}"

    def response_url(self, code: str) -> str:
        return f"{self.base}/cgi-bin/aibot/response?response_code={code}"

    async def _record(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self.hold is not None:
            await self.hold.wait()
        self.posts.append({"path": request.path, "query": dict(request.query), "body": body, "at": self._clock()})
        return web.json_response(self.refuse_with or {"errcode": 0, "errmsg": "ok"})

    def signed_query(self, encrypted: str, *, forge: bool = False) -> dict[str, str]:
        timestamp, nonce = self.signed_at, secrets.token_hex(5)
        signature = self.crypto.signature(timestamp, nonce, encrypted)
        if forge:
            signature = signature[::-1]
        return {"msg_signature": signature, "timestamp": timestamp, "nonce": nonce}

    async def verify_url(self, url: str, echo: str, *, forge: bool = False) -> tuple[int, str]:
        """WeCom's URL check: GET with an encrypted echostr."""
        encrypted = self.crypto.encrypt(echo)
        async with (
            aiohttp.ClientSession() as session,
            session.get(url, params={**self.signed_query(encrypted, forge=forge), "echostr": encrypted}) as response,
        ):
            return response.status, await response.text()

    async def callback(
        self, url: str, payload: dict[str, Any], *, forge: bool = False
    ) -> tuple[int, dict[str, Any] | None]:
        """POST an encrypted callback; returns the status and the decrypted passive reply."""
        encrypted = self.crypto.encrypt(json.dumps(payload, ensure_ascii=False))
        return await self.post_raw(url, {"encrypt": encrypted}, self.signed_query(encrypted, forge=forge))

    async def post_raw(self, url: str, body: object, query: dict[str, str]) -> tuple[int, dict[str, Any] | None]:
        async with aiohttp.ClientSession() as session, session.post(url, params=query, json=body) as response:
            text = await response.text()
        if response.status != 200 or not text:
            return response.status, None
        reply = json.loads(text)
        # a real WeCom checks the reply's signature before showing it
        expected = self.crypto.signature(str(reply["timestamp"]), reply["nonce"], reply["encrypt"])
        assert reply["msgsignature"] == expected
        return response.status, json.loads(self.crypto.decrypt(reply["encrypt"]))


def text_callback(
    content: str, *, msgid: str, chat: str | None = "wrkSFfCgAAxxxx", user: str = "zhangsan", **extra: Any
) -> dict[str, Any]:
    """A text message callback as documented (group when ``chat`` is given)."""
    payload: dict[str, Any] = {
        "msgid": msgid,
        "aibotid": "AIBOTID",
        "chattype": "group" if chat else "single",
        "from": {"userid": user},
        "msgtype": "text",
        "text": {"content": content},
        **extra,
    }
    if chat:
        payload["chatid"] = chat
    return payload
