"""Fake OneBot implementations for the client-side transports: HTTP API and forward WebSocket servers."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

from aiohttp import WSMsgType, web

from tests.adapters.onebot_peer import SELF_ID, TOKEN


class FakeOneBotServer:
    """Serves OneBot's HTTP API (``POST /<action>``) and a forward WebSocket at ``/``."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.actions: list[dict[str, Any]] = []
        self.sockets: list[web.WebSocketResponse] = []
        self.connected = asyncio.Event()
        self.fail_login = False
        self._ids = itertools.count(80001)

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/", self.websocket), web.post("/{action}", self.http_action)]

    def _authorized(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    async def http_action(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return web.Response(status=403)
        frame = {"action": request.match_info["action"], "params": await request.json()}
        self.actions.append(frame)
        return web.json_response(self._answer(frame))

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self._authorized(request):
            raise web.HTTPForbidden
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        self.connected.set()
        async for message in ws:
            if message.type is WSMsgType.TEXT:
                frame = json.loads(message.data)
                self.actions.append(frame)
                await ws.send_json({**self._answer(frame), "echo": frame["echo"]})
        return ws

    async def push(self, event: dict[str, Any]) -> None:
        await self.sockets[-1].send_json(event)

    async def drop(self) -> None:
        self.connected.clear()
        await self.sockets[-1].close()

    def calls(self, action: str) -> list[dict[str, Any]]:
        return [frame for frame in self.actions if frame["action"] == action]

    def _answer(self, frame: dict[str, Any]) -> dict[str, Any]:
        if frame["action"] == "get_login_info" and self.fail_login:
            return {"status": "failed", "retcode": 1404, "data": None, "wording": "unsupported"}
        if frame["action"] == "get_login_info":
            return {"status": "ok", "retcode": 0, "data": {"user_id": int(SELF_ID), "nickname": "bot"}}
        return {"status": "ok", "retcode": 0, "data": {"message_id": next(self._ids)}}
