"""A fake Telegram Bot API server on 127.0.0.1, for PTB pointed at it with ``base_url``.

It speaks the real wire protocol (``POST /bot<token>/<method>``, form fields
with JSON-encoded values, ``{"ok": ..., "result": ...}`` answers), records every
call, long-polls ``getUpdates`` from a queue the test fills, and can be told to
answer the next calls of a method with a 429 (``retry_after``), a 5xx, a 409,
or slowly. Used by the adapter tests and by ``bench/telegram_load.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["BOT_ID", "BOT_USERNAME", "TOKEN", "Call", "FakeBotApi", "Fault"]

TOKEN = "123456:TEST-token_for_the_fake_server"
BOT_ID = 777000111
BOT_USERNAME = "groupbot_test_bot"
_JSON_FIELDS = {"reply_markup", "reply_parameters", "allowed_updates", "commands", "scope", "entities"}
_ADMIN_RIGHTS = dict.fromkeys(
    ("can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
     "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories",
     "can_edit_stories", "can_delete_stories"),
    False,
)


@dataclass
class Call:
    """One request the server received."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.perf_counter)


@dataclass
class Fault:
    """How to answer one upcoming call: an error ``status``, or 200 after ``delay`` seconds."""

    status: int = 429
    retry_after: int | None = None
    description: str = ""
    delay: float = 0.0
    migrate_to_chat_id: int | None = None


class FakeBotApi:
    """The fake server; ``async with FakeBotApi() as api: api.base_url``."""

    def __init__(self, token: str = TOKEN, *, privacy_mode: bool = True) -> None:
        self.token = token
        self.privacy_mode = privacy_mode
        self.date_scale = 1  # 1000: dates in milliseconds, as a broken Bot API server sends them
        self.calls: list[Call] = []
        self.photos: list[bytes] = []
        self.files: dict[str, bytes] = {}  # file_id -> content, served by getFile and /file/bot<token>/<path>
        self.downloads: list[str] = []  # the file paths downloaded
        self.webhook_url = ""
        self.members: dict[tuple[int, int], str] = {}
        self.delivered_at: dict[int, float] = {}
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self._closing = False

    async def __aenter__(self) -> FakeBotApi:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/bot"
        return self

    async def __aexit__(self, *_exc: object) -> None:
        assert self._runner is not None
        self._closing = True  # release long polls at once instead of after their timeout
        await self._notify()
        await self._runner.cleanup()

    # -- what tests use ------------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue ``update`` for getUpdates; returns its update_id (assigned if missing)."""
        update.setdefault("update_id", next(self._update_ids))
        self._updates.append(update)
        asyncio.get_running_loop().create_task(self._notify())
        return update["update_id"]

    def fail_next(self, method: str, fault: Fault, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with ``fault``."""
        self._faults[method].extend([fault] * times)

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Parameters of every ``method`` call so far, oldest first."""
        return [call.params for call in self.calls if call.method == method]

    async def wait_for(self, method: str, count: int = 1, patience: float = 10.0) -> list[dict[str, Any]]:
        """Wait until ``method`` was called ``count`` times (a safety net, not a timing assertion)."""
        async with asyncio.timeout(patience), self._changed:
            await self._changed.wait_for(lambda: len(self.sent(method)) >= count)
        return self.sent(method)

    # -- the protocol --------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = _decode(dict(await request.post()))
        self.calls.append(Call(method, params))
        await self._notify()
        fault = self._faults[method].popleft() if self._faults[method] else None
        if fault and fault.delay:
            await asyncio.sleep(fault.delay)
        if fault and fault.status != 200:
            return _fault_answer(fault)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        try:
            return web.json_response({"ok": True, "result": await handler(params)})
        except _ApiError as refused:
            return _error(refused.status, refused.description)

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        path = request.match_info["path"]
        self.downloads.append(path)
        content = self.files.get(path.removeprefix("photos/"))
        return web.Response(body=content) if content is not None else _error(404, "Not Found")

    async def _m_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params["file_id"]
        if file_id not in self.files:
            raise _ApiError(400, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(self.files[file_id]),
                "file_path": f"photos/{file_id}"}

    async def _m_getMe(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {**_bot_user(), "can_join_groups": True, "can_read_all_group_messages": not self.privacy_mode,
                "supports_inline_queries": False}

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 100))
        self._updates = [update for update in self._updates if update["update_id"] >= offset]
        if not self._updates and float(params.get("timeout", 0)) > 0:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(float(params["timeout"])), self._changed:
                    await self._changed.wait_for(lambda: bool(self._updates) or self._closing)
        batch = self._updates[:limit]
        now = time.perf_counter()
        for update in batch:
            self.delivered_at.setdefault(update["update_id"], now)
        return batch

    async def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = {"message_id": next(self._message_ids), "date": int(time.time()) * self.date_scale,
                   "text": params["text"],
                   "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "g"},
                   "from": _bot_user()}
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _m_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        upload = params["photo"]  # a multipart file part
        self.photos.append(upload.file.read())
        chat_id = int(params["chat_id"])
        return {"message_id": next(self._message_ids), "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup", "title": "g"},
                "from": _bot_user(), "photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 700, "height": 360}]}

    async def _m_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id = int(params["user_id"])
        status = self.members.get((int(params["chat_id"]), user_id), "member")
        extra = _ADMIN_RIGHTS if status == "administrator" else {"is_anonymous": False} if status == "creator" else {}
        return {"status": status, "user": {"id": user_id, "is_bot": False, "first_name": f"u{user_id}"}, **extra}

    async def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = params["url"]
        return True

    async def _m_deleteWebhook(self, _params: dict[str, Any]) -> bool:
        self.webhook_url = ""
        return True

    async def _m_getWebhookInfo(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": 0}

    async def _m_editMessageReplyMarkup(self, _params: dict[str, Any]) -> bool:
        return True

    async def _m_answerCallbackQuery(self, _params: dict[str, Any]) -> bool:
        return True

    async def _m_setMyCommands(self, _params: dict[str, Any]) -> bool:
        return True

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()


class _ApiError(Exception):
    """A method's refusal, answered as the Bot API does (``ok: false``)."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def _fault_answer(fault: Fault) -> web.Response:
    parameters: dict[str, int] = {}
    if fault.retry_after is not None:
        parameters["retry_after"] = fault.retry_after
    if fault.migrate_to_chat_id is not None:
        parameters["migrate_to_chat_id"] = fault.migrate_to_chat_id
    description = fault.description or {429: "Too Many Requests: retry later", 409: "Conflict"}.get(
        fault.status, "Bad Gateway"
    )
    return _error(fault.status, description, parameters)


def _error(status: int, description: str, parameters: dict[str, int] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


def _decode(form: dict[str, Any]) -> dict[str, Any]:
    return {key: json.loads(value) if key in _JSON_FIELDS else value for key, value in form.items()}


def _bot_user() -> dict[str, Any]:
    return {"id": BOT_ID, "is_bot": True, "first_name": "Groupbot", "username": BOT_USERNAME}
