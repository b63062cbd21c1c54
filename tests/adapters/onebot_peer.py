"""A fake OneBot v11 implementation (the role NapCat or Lagrange plays), over real sockets.

It connects to groupbot's reverse WebSocket with the real headers, pushes
events in either message format, answers actions by echo, and can drop the
connection. Every action it receives is recorded.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp

SELF_ID = "10001"
TOKEN = "s3cret-token"


def group_message(
    text_or_segments: str | list[dict[str, Any]],
    *,
    message_id: int,
    group_id: int = 555,
    user_id: int = 4242,
    role: str = "member",
    self_id: str = SELF_ID,
) -> dict[str, Any]:
    """A group message event as NapCat/Lagrange push it."""
    raw = text_or_segments if isinstance(text_or_segments, str) else ""
    return {
        "time": int(time.time()),
        "self_id": int(self_id),
        "post_type": "message",
        "message_type": "group",
        "sub_type": "normal",
        "message_id": message_id,
        "group_id": group_id,
        "user_id": user_id,
        "message": text_or_segments,
        "raw_message": raw,
        "font": 0,
        "sender": {"user_id": user_id, "nickname": "Alice", "card": "", "role": role},
    }


def heartbeat(self_id: str = SELF_ID) -> dict[str, Any]:
    """A heartbeat meta event."""
    return {
        "time": int(time.time()),
        "self_id": int(self_id),
        "post_type": "meta_event",
        "meta_event_type": "heartbeat",
        "status": {"online": True, "good": True},
        "interval": 5000,
    }


class FakeOneBot:
    """One bot account of a fake OneBot implementation."""

    def __init__(self, url: str, *, self_id: str = SELF_ID, token: str | None = TOKEN) -> None:
        self.url = url
        self.self_id = self_id
        self.token = token
        self.actions: list[dict[str, Any]] = []
        self.messages: dict[str, dict[str, Any]] = {}
        self.failures: dict[str, tuple[int, str]] = {}
        self.silent: set[str] = set()
        self.drop_on: str | None = None
        self.on_action: Callable[[dict[str, Any]], None] | None = None
        self.gateway: Any = None  # the gateway it talks to, when a test wants to reach it
        self._ids = itertools.count(90001)
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Condition()

    def headers(self, role: str = "Universal") -> dict[str, str]:
        """The handshake headers a real implementation sends."""
        headers = {"X-Self-ID": self.self_id, "X-Client-Role": role, "User-Agent": "OneBot/11"}
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    async def connect(self, role: str = "Universal", headers: Mapping[str, str] | None = None) -> None:
        """Open the reverse WebSocket to groupbot."""
        self._session = self._session or aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(self.url, headers=dict(headers or self.headers(role)))
        self._reader = asyncio.create_task(self._read(self._ws))

    async def push(self, event: Mapping[str, Any]) -> None:
        """Push one event."""
        assert self._ws is not None
        await self._ws.send_str(json.dumps(event))

    async def drop(self) -> None:
        """Close the connection, as a crashing implementation would."""
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    async def close(self) -> None:
        await self.drop()
        if self._session is not None:
            await self._session.close()

    def calls(self, action: str) -> list[dict[str, Any]]:
        """The recorded calls of ``action``."""
        return [frame for frame in self.actions if frame["action"] == action]

    async def wait_calls(self, action: str, count: int = 1, patience: float = 5.0) -> list[dict[str, Any]]:
        """Wait until ``count`` calls of ``action`` arrived."""
        async with asyncio.timeout(patience), self._changed:
            await self._changed.wait_for(lambda: len(self.calls(action)) >= count)
        return self.calls(action)

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for message in ws:
            frame = json.loads(message.data)
            async with self._changed:
                self.actions.append(frame)
                self._changed.notify_all()
            if self.on_action is not None:
                self.on_action(frame)
            if self.drop_on == frame["action"]:
                self.drop_on = None
                await ws.close()
                return
            if frame["action"] not in self.silent:
                await ws.send_str(json.dumps({**self._answer(frame), "echo": frame["echo"]}))

    def _answer(self, frame: dict[str, Any]) -> dict[str, Any]:
        action, params = frame["action"], frame["params"]
        if action in self.failures:
            retcode, wording = self.failures[action]
            return {"status": "failed", "retcode": retcode, "data": None, "message": wording, "wording": wording}
        if action == "get_msg":
            stored = self.messages.get(str(params["message_id"]))
            if stored is None:
                return {"status": "failed", "retcode": 1404, "data": None, "wording": "message not found"}
            return {"status": "ok", "retcode": 0, "data": stored}
        if action == "get_login_info":
            return {"status": "ok", "retcode": 0, "data": {"user_id": int(self.self_id), "nickname": "bot"}}
        message_id = next(self._ids)
        self.messages[str(message_id)] = {"message_id": message_id, "sender": {"user_id": int(self.self_id)}}
        return {"status": "ok", "retcode": 0, "data": {"message_id": message_id}}
