"""Reverse WebSocket: the OneBot implementation connects to us.

The implementation opens ``ws://<our host>/onebot/v11/ws`` with ``X-Self-ID``
(its QQ number), ``X-Client-Role`` (``Universal``, or one ``API`` plus one
``Event`` connection) and its access token. Events and action responses share
a Universal connection; responses are told apart by their ``echo``.
"""

from __future__ import annotations

import logging

from aiohttp import WSMsgType, web
from pydantic import SecretStr

from groupbot.adapters.json_body import BadJson, parse_json
from groupbot.adapters.onebot.accounts import Accounts
from groupbot.adapters.onebot.actions import EchoCalls
from groupbot.adapters.onebot.auth import check_token
from groupbot.adapters.onebot.inbound import Inbound

__all__ = ["ReverseWsEndpoint"]

log = logging.getLogger(__name__)
ROLES = {"universal": "Universal", "api": "API", "event": "Event"}


class ReverseWsEndpoint:
    """The aiohttp handler that accepts the implementation's WebSocket connections."""

    def __init__(self, accounts: Accounts, inbound: Inbound, token: SecretStr | None, timeout: float) -> None:
        self._accounts = accounts
        self._inbound = inbound
        self._token = token
        self._timeout = timeout
        self._sockets: set[web.WebSocketResponse] = set()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Check the handshake, then serve the connection until it closes."""
        check_token(request, self._token)
        self_id = request.headers.get("X-Self-ID", "").strip()
        role = ROLES.get(request.headers.get("X-Client-Role", "Universal").strip().lower())
        if not (self_id.isascii() and self_id.isdecimal()) or role is None:
            log.warning("onebot: rejected a connection with X-Self-ID %r, role %r", self_id, role)
            raise web.HTTPBadRequest(text="X-Self-ID and a known X-Client-Role are required")
        ws = web.WebSocketResponse(heartbeat=None, max_msg_size=8 * 1024 * 1024)
        await ws.prepare(request)
        log.info("onebot: account %s connected (%s)", self_id, role)
        self._sockets.add(ws)
        try:
            await self._serve(ws, self_id, role)
        finally:
            self._sockets.discard(ws)
            log.info("onebot: account %s disconnected (%s)", self_id, role)
        return ws

    async def _serve(self, ws: web.WebSocketResponse, self_id: str, role: str) -> None:
        calls = EchoCalls(ws.send_json, self._timeout) if role != "Event" else None
        if calls is not None:
            self._accounts.attach(self_id, calls)
        try:
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    await self._receive(message.data, calls, role)
        finally:
            if calls is not None:
                self._accounts.detach(self_id, calls)
                calls.close()

    async def _receive(self, data: str, calls: EchoCalls | None, role: str) -> None:
        try:
            frame = parse_json(data)
        except BadJson as exc:
            log.warning("onebot: dropped a frame that is not JSON (%s)", exc)
            return
        if isinstance(frame, dict) and calls is not None and calls.resolve(frame):
            return
        if role != "API":
            # Only an Event connection may pause: a Universal one carries the workers' action responses.
            await self._inbound.push(frame, wait=role == "Event")

    async def close(self) -> None:
        """Close every open connection (shutdown)."""
        for ws in list(self._sockets):
            await ws.close()
