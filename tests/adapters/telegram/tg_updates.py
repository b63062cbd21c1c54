"""Builders for Telegram update JSON, shaped as the Bot API sends them."""

from __future__ import annotations

import itertools
import time
from typing import Any

from tests.adapters.telegram.fake_bot_api import BOT_ID, BOT_USERNAME

GROUP_ID = -1001234567890
_message_ids = itertools.count(1)


def user(user_id: int = 42, name: str = "Alice", *, is_bot: bool = False) -> dict[str, Any]:
    """A user object."""
    return {"id": user_id, "is_bot": is_bot, "first_name": name}


def bot_user() -> dict[str, Any]:
    """Our own bot as a user object."""
    return {"id": BOT_ID, "is_bot": True, "first_name": "Groupbot", "username": BOT_USERNAME}


def group(chat_id: int = GROUP_ID, title: str = "Support", kind: str = "supergroup") -> dict[str, Any]:
    """A group or supergroup chat object."""
    return {"id": chat_id, "type": kind, "title": title}


def private(user_id: int = 42) -> dict[str, Any]:
    """A private chat with ``user_id``."""
    return {"id": user_id, "type": "private", "first_name": "Alice"}


def utf16_len(text: str) -> int:
    """Entity offsets count UTF-16 units."""
    return len(text.encode("utf-16-le")) // 2


def entity(text: str, part: str, kind: str, **extra: Any) -> dict[str, Any]:
    """An entity of ``kind`` covering the first ``part`` inside ``text``."""
    offset = utf16_len(text[: text.index(part)])
    return {"type": kind, "offset": offset, "length": utf16_len(part), **extra}


def mention_entities(text: str) -> list[dict[str, Any]]:
    """The mention entity Telegram adds for ``@<our bot>`` in ``text``."""
    return [entity(text, "@" + BOT_USERNAME, "mention")]


def message(text: str = "", *, chat: dict[str, Any] | None = None, sender: dict[str, Any] | None = None,
            message_id: int | None = None, **fields: Any) -> dict[str, Any]:
    """A message object; ``fields`` adds or overrides anything (entities, caption, reply_to_message...)."""
    body: dict[str, Any] = {
        "message_id": message_id or next(_message_ids),
        "date": int(time.time()),
        "chat": chat or group(),
        "from": sender or user(),
    }
    if text:
        body["text"] = text
    body.update(fields)
    return body


def asking(text: str, **fields: Any) -> dict[str, Any]:
    """A group message that @-mentions our bot."""
    return message(text, entities=mention_entities(text), **fields)


def update(**payload: Any) -> dict[str, Any]:
    """An update wrapping ``message=...``, ``edited_message=...`` or ``callback_query=...``."""
    return dict(payload)


def press(data: str, *, on: dict[str, Any], presser: dict[str, Any] | None = None,
          query_id: str = "cbq-1") -> dict[str, Any]:
    """A callback query: ``presser`` pressed the button with ``data`` under bot message ``on``."""
    return {"id": query_id, "from": presser or user(), "chat_instance": "ci-1", "data": data, "message": on}
