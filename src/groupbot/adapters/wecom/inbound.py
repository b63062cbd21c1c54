"""Smart-robot callback JSON (decrypted) to :class:`IncomingMessage`.

WeCom calls back only for group messages that @ the robot and for direct
messages, so every message is addressed to the bot; the leading ``@robot`` is
stripped from the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Sender, platform_time

__all__ = ["PLATFORM", "MalformedCallback", "chat_ref", "to_incoming"]

PLATFORM = "wecom"
_LEADING_MENTION = re.compile(r"^\s*@\S+\s*")


class MalformedCallback(ValueError):
    """A callback without the fields every message carries."""


def chat_ref(chat_id: str) -> ChatRef:
    """The :class:`ChatRef` for ``group:<chatid>``, ``single:<userid>`` or ``webhook:<name>``."""
    kind = ChatKind.PRIVATE if chat_id.startswith("single:") else ChatKind.GROUP
    return ChatRef(PLATFORM, chat_id, kind)


def to_incoming(payload: Mapping[str, Any], robot_name: str = "") -> IncomingMessage:
    """The message in a text or mixed callback."""
    msgid = payload.get("msgid")
    sender = payload.get("from") if isinstance(payload.get("from"), Mapping) else {}
    user_id = sender.get("userid") if sender else None
    if not isinstance(msgid, str) or not msgid or not isinstance(user_id, str) or not user_id:
        raise MalformedCallback("callback without msgid or from.userid")
    group = payload.get("chattype") == "group"
    chat_id = f"group:{payload.get('chatid')}" if group else f"single:{user_id}"
    if group and not payload.get("chatid"):
        raise MalformedCallback("group callback without chatid")
    created = payload.get("create_time")
    return IncomingMessage(
        chat=chat_ref(chat_id),
        sender=Sender(user_id, user_id),
        text=_strip_mention(_text(payload), robot_name) if group else _text(payload).strip(),
        message_id=msgid,
        time=platform_time(created),
        mentions_bot=True,
    )


def _text(payload: Mapping[str, Any]) -> str:
    if payload.get("msgtype") == "mixed":
        mixed = payload.get("mixed")
        items = mixed.get("msg_item") if isinstance(mixed, Mapping) else None
        if not isinstance(items, list):
            return ""
        return " ".join(_content(item) for item in items if isinstance(item, Mapping)).strip()
    return _content(payload)


def _content(item: Mapping[str, Any]) -> str:
    text = item.get("text") if isinstance(item.get("text"), Mapping) else {}
    content = text.get("content") if text else None
    return content if isinstance(content, str) else ""


def _strip_mention(text: str, robot_name: str) -> str:
    named = f"@{robot_name}"
    if robot_name and text.lstrip().startswith(named):
        return text.lstrip()[len(named) :].strip()
    return _LEADING_MENTION.sub("", text, count=1).strip()
