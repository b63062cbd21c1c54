"""The bot's short memory as the answering feature keeps it: keys, and questions as JSON.

Offers, cool-downs and pending feedback live in the database
(:class:`~groupbot.core.ports.ShortMemory`), so whichever instance takes the
asker's next message finds them. A remembered question travels as JSON.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Role, Sender

__all__ = ["asker_key", "question_from_data", "question_to_data", "text_key"]


def asker_key(kind: str, message: IncomingMessage) -> str:
    """``kind`` of memory about the sender of ``message`` in its chat."""
    return f"{kind}:{message.chat.key}:{message.sender.user_id}"


def text_key(kind: str, message: IncomingMessage, text: str) -> str:
    """``kind`` of memory about ``text`` in the chat of ``message`` (hashed: keys stay short)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    return f"{kind}:{message.chat.key}:{digest}"


def question_to_data(question: IncomingMessage) -> dict[str, Any]:
    """What a later message needs of ``question``: who asked what, where and when."""
    chat, sender = question.chat, question.sender
    return {
        "chat": [chat.platform, chat.chat_id, chat.kind.value, chat.title],
        "sender": [sender.user_id, sender.name, sender.role.value, sender.is_chat_admin],
        "message_id": question.message_id,
        "text": question.text,
        "time": _time(question.time),
        "received_at": _time(question.received_at),
        "images": list(question.images),
    }


def question_from_data(data: dict[str, Any]) -> IncomingMessage:
    """The question :func:`question_to_data` kept."""
    platform, chat_id, kind, title = data["chat"]
    user_id, name, role, is_admin = data["sender"]
    return IncomingMessage(
        chat=ChatRef(platform, chat_id, ChatKind(kind), title),
        sender=Sender(user_id, name, Role(role), is_admin),
        text=data["text"],
        message_id=data["message_id"],
        time=_parse(data["time"]),
        received_at=_parse(data["received_at"]),
        images=tuple(data.get("images", ())),  # absent in questions kept before pictures were
    )


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None
