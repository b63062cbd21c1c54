"""HTTP POST events in, HTTP API calls out.

The implementation posts each event to ``/onebot/v11/post`` (signed with
``X-Signature`` when a secret is set) and we answer 204, no quick operation.
Replies go through its HTTP API: ``POST <api_url>/<action>`` with a JSON body.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
from aiohttp import web
from pydantic import SecretStr

from groupbot.adapters.json_body import BadJson, parse_json
from groupbot.adapters.onebot.accounts import Accounts
from groupbot.adapters.onebot.actions import ActionError, result
from groupbot.adapters.onebot.auth import check_signature
from groupbot.adapters.onebot.inbound import Inbound

__all__ = ["HttpApi", "HttpPostEndpoint"]

log = logging.getLogger(__name__)


class HttpApi:
    """Actions over the implementation's HTTP API."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: SecretStr | None, timeout: float) -> None:
        self._session = session
        self._base = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token.get_secret_value()}"} if token else {}
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def call(self, action: str, params: Mapping[str, Any]) -> Any:
        """POST ``params`` to ``<base>/<action>`` and return the response's ``data``."""
        try:
            async with self._session.post(
                f"{self._base}/{action}", json=dict(params), headers=self._headers, timeout=self._timeout
            ) as response:
                if response.status != 200:
                    raise ActionError(action, None, f"HTTP {response.status}")
                frame = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise ActionError(action, None, f"{type(exc).__name__}: {exc}") from None
        if not isinstance(frame, Mapping):
            raise ActionError(action, None, "response is not a JSON object")
        return result(action, frame)


class HttpPostEndpoint:
    """The aiohttp handler for pushed events."""

    def __init__(self, accounts: Accounts, inbound: Inbound, secret: SecretStr | None) -> None:
        self._accounts = accounts
        self._inbound = inbound
        self._secret = secret
        self.api: HttpApi | None = None

    async def handle(self, request: web.Request) -> web.Response:
        """Verify, parse and take one event; 204 on success."""
        body = await request.read()
        check_signature(request, body, self._secret)
        try:
            frame = parse_json(body)
        except BadJson as exc:
            log.warning("onebot: rejected an event that is not JSON from %s (%s)", request.remote, exc)
            raise web.HTTPBadRequest(text="body is not JSON") from None
        self_id = request.headers.get("X-Self-ID") or (frame.get("self_id") if isinstance(frame, dict) else None)
        if self.api is not None and self_id is not None:
            self._accounts.attach(str(self_id), self.api)
        await self._inbound.push(frame)  # waits while the queue is full: back-pressure
        return web.Response(status=204)
