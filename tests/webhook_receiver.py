"""A tracker on 127.0.0.1 that receives groupbot's webhooks the way docs/escalation.md tells receivers to.

It checks the signature with plain ``hmac`` (not groupbot's code), drops
repeats by delivery id, and can be told to fail the next requests.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from aiohttp import web

__all__ = ["WebhookReceiver"]


class WebhookReceiver:
    """Start with ``async with WebhookReceiver(secret) as r``; ``r.url`` takes POSTs."""

    def __init__(self, secret: bytes, *, clock: Any = None) -> None:
        self.secret = secret
        self.clock = clock
        self.accepted: list[dict[str, Any]] = []
        self.requests = 0
        self.duplicates = 0
        self.rejected: list[str] = []
        self.fail_next = 0
        self.fail_status = 500
        self._seen: set[str] = set()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> WebhookReceiver:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/hook"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    def _now(self) -> float:
        return self.clock.now().timestamp() if self.clock else time.time()

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        body = await request.read()
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=self.fail_status, text="tracker is down")
        timestamp = request.headers.get("X-Groupbot-Timestamp", "")
        signature = request.headers.get("X-Groupbot-Signature", "")
        expected = "sha256=" + hmac.new(self.secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature) or abs(self._now() - int(timestamp or 0)) > 300:
            self.rejected.append(signature)
            return web.Response(status=401, text="bad signature")
        delivery = request.headers["X-Groupbot-Delivery"]
        if delivery in self._seen:
            self.duplicates += 1
            return web.Response(status=200, text="already have it")
        self._seen.add(delivery)
        self.accepted.append(json.loads(body))
        return web.Response(status=202, text="ok")
