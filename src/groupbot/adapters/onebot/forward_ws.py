"""Forward WebSocket: we connect to the OneBot implementation's WebSocket server.

One Universal connection carries events and action calls. When it drops we
reconnect with exponential backoff (``backoff_min`` doubling up to
``backoff_max``), reset once a connection succeeds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp
from pydantic import SecretStr

from groupbot.adapters.json_body import BadJson, parse_json
from groupbot.adapters.onebot.accounts import Accounts
from groupbot.adapters.onebot.actions import ActionError, EchoCalls
from groupbot.adapters.onebot.inbound import Inbound

__all__ = ["ForwardWsClient"]

log = logging.getLogger(__name__)


class ForwardWsClient:
    """Keeps one connection to ``url`` open for as long as it runs."""

    def __init__(
        self,
        url: str,
        token: SecretStr | None,
        accounts: Accounts,
        inbound: Inbound,
        *,
        timeout: float,
        backoff: tuple[float, float],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._url = url
        self._headers = {"Authorization": f"Bearer {token.get_secret_value()}"} if token else {}
        self._accounts = accounts
        self._inbound = inbound
        self._timeout = timeout
        self._backoff = backoff
        self._sleep = sleep
        self.connections = 0

    async def run(self, session: aiohttp.ClientSession) -> None:
        """Connect, serve, and reconnect until cancelled."""
        delay = self._backoff[0]
        while True:
            try:
                async with session.ws_connect(self._url, headers=self._headers, heartbeat=None) as ws:
                    self.connections += 1
                    delay = self._backoff[0]
                    await self._serve(ws)
                log.warning("onebot: connection to %s closed; reconnecting in %.1f s", self._url, delay)
            except (aiohttp.ClientError, OSError) as exc:
                log.warning("onebot: cannot connect to %s (%s); retrying in %.1f s", self._url, exc, delay)
            await self._sleep(delay)
            delay = min(delay * 2, self._backoff[1])

    async def _serve(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        calls = EchoCalls(ws.send_json, self._timeout)
        attached: set[str] = set()
        reader = asyncio.create_task(self._read(ws, calls, attached))
        self_id = await self._login(calls)
        if self_id is not None:
            self._attach(self_id, calls, attached)
        try:
            await reader
        finally:
            calls.close()
            for account in attached:
                self._accounts.detach(account, calls)

    def _attach(self, self_id: str, calls: EchoCalls, attached: set[str]) -> None:
        if self_id not in attached:
            attached.add(self_id)
            self._accounts.attach(self_id, calls)

    async def _login(self, calls: EchoCalls) -> str | None:
        try:
            data = await calls.call("get_login_info", {})
        except ActionError as exc:
            log.warning("onebot: get_login_info failed: %s", exc)
            return None
        user_id = data.get("user_id") if isinstance(data, dict) else None
        return str(user_id) if user_id is not None else None

    async def _read(self, ws: aiohttp.ClientWebSocketResponse, calls: EchoCalls, attached: set[str]) -> None:
        async for message in ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                continue
            try:
                frame = parse_json(message.data)
            except BadJson as exc:
                log.warning("onebot: dropped a frame that is not JSON (%s)", exc)
                continue
            if isinstance(frame, dict) and calls.resolve(frame):
                continue
            if isinstance(frame, dict) and frame.get("self_id") is not None:
                # events name their account too, should get_login_info have failed
                self._attach(str(frame["self_id"]), calls, attached)
            await self._inbound.push(frame, wait=False)  # this socket carries the action responses too
