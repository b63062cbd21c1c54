"""OneBot v11 events, from JSON to small typed records and on to :class:`IncomingMessage`.

Only what groupbot needs is kept: group and private messages, heartbeat and
lifecycle meta events. The bot's own messages (``message_sent`` or a sender
equal to the self id) are ignored so the bot never answers itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from groupbot.adapters.onebot.segments import MalformedMessage, Segment, normalize
from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Role, Sender, is_link, platform_time

__all__ = [
    "PLATFORM",
    "IgnoredEvent",
    "MalformedEvent",
    "MessageEvent",
    "MetaEvent",
    "chat_ref",
    "parse_event",
    "to_incoming",
]

PLATFORM = "qq"
_CHAT_ADMIN_ROLES = {"owner", "admin"}
_SPACES = re.compile(r"[ \t]{2,}")
MAX_IMAGES = 9
"""Pictures of one message kept with it: a screenshot or a few, not an album."""
MAX_LINK = 2000
"""A longer "link" is not one a person could open."""


class MalformedEvent(ValueError):
    """An event missing fields that every OneBot implementation sends."""


@dataclass(frozen=True, slots=True)
class MessageEvent:
    """A group or private message to the bot account ``self_id``."""

    self_id: str
    kind: ChatKind
    message_id: str
    user_id: str
    group_id: str | None
    segments: tuple[Segment, ...]
    sender_name: str
    sender_role: str
    time: datetime | None

    @property
    def chat_id(self) -> str:
        """Our chat id: ``group:<group id>`` or ``private:<user id>``."""
        return f"group:{self.group_id}" if self.kind is ChatKind.GROUP else f"private:{self.user_id}"


@dataclass(frozen=True, slots=True)
class MetaEvent:
    """A heartbeat or lifecycle event: the implementation's view of its connection."""

    self_id: str
    kind: str
    sub_type: str
    online: bool | None
    interval_ms: int | None


@dataclass(frozen=True, slots=True)
class IgnoredEvent:
    """Anything groupbot does not act on (notices, requests, its own messages)."""

    reason: str


def parse_event(payload: Mapping[str, Any]) -> MessageEvent | MetaEvent | IgnoredEvent:
    """Classify one event pushed by the implementation."""
    post_type = payload.get("post_type")
    if post_type == "meta_event":
        return _meta(payload)
    if post_type == "message_sent":
        return IgnoredEvent("the bot's own message")
    if post_type != "message":
        return IgnoredEvent(f"post_type {post_type!r}")
    return _message(payload)


def _meta(payload: Mapping[str, Any]) -> MetaEvent:
    status = payload.get("status") if isinstance(payload.get("status"), Mapping) else {}
    online = status.get("online") if status else None
    interval = payload.get("interval")
    return MetaEvent(
        self_id=_required(payload, "self_id"),
        kind=str(payload.get("meta_event_type", "")),
        sub_type=str(payload.get("sub_type", "")),
        online=online if isinstance(online, bool) else None,
        interval_ms=interval if isinstance(interval, int) else None,
    )


def _message(payload: Mapping[str, Any]) -> MessageEvent | IgnoredEvent:
    self_id = _required(payload, "self_id")
    user_id = _required(payload, "user_id")
    if user_id == self_id:
        return IgnoredEvent("the bot's own message")
    message_type = payload.get("message_type")
    if message_type not in ("group", "private"):
        return IgnoredEvent(f"message_type {message_type!r}")
    try:
        segments = normalize(payload.get("message", payload.get("raw_message", "")))
    except MalformedMessage as exc:
        raise MalformedEvent(str(exc)) from None
    sender = payload.get("sender") if isinstance(payload.get("sender"), Mapping) else {}
    return MessageEvent(
        self_id=self_id,
        kind=ChatKind.GROUP if message_type == "group" else ChatKind.PRIVATE,
        message_id=_required(payload, "message_id"),
        user_id=user_id,
        group_id=_required(payload, "group_id") if message_type == "group" else None,
        segments=tuple(segments),
        sender_name=str(sender.get("card") or sender.get("nickname") or ""),
        sender_role=str(sender.get("role") or "member"),
        time=platform_time(payload.get("time")),
    )


def _required(payload: Mapping[str, Any], key: str) -> str:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int | str) or str(value) == "":
        raise MalformedEvent(f"event without {key}")
    return str(value)


def chat_ref(chat_id: str) -> ChatRef:
    """The :class:`ChatRef` for one of our QQ chat ids."""
    kind = ChatKind.PRIVATE if chat_id.startswith("private:") else ChatKind.GROUP
    return ChatRef(PLATFORM, chat_id, kind)


def to_incoming(event: MessageEvent, *, reply_to_bot: bool) -> IncomingMessage:
    """The domain's view of ``event``; ``reply_to_bot`` is decided by the caller (it may need get_msg)."""
    is_admin = event.sender_role in _CHAT_ADMIN_ROLES
    return IncomingMessage(
        chat=chat_ref(event.chat_id),
        sender=Sender(event.user_id, event.sender_name, Role.ADMIN if is_admin else Role.CUSTOMER, is_admin),
        text=plain_text(event.segments, event.self_id),
        message_id=event.message_id,
        time=event.time,
        mentions_bot=mentions(event.segments, event.self_id),
        reply_to_bot=reply_to_bot,
        reply_to_message_id=replied_id(event.segments),
        images=image_links(event.segments),
    )


def mentions(segments: Sequence[Segment], self_id: str) -> bool:
    """True when an @ of the bot is the first or last thing in the message."""
    meaningful = [s for s in segments if s["type"] != "reply" and not _blank(s)]
    ends = [meaningful[0], meaningful[-1]] if meaningful else []
    return any(s["type"] == "at" and str(s["data"].get("qq")) == self_id for s in ends)


def replied_id(segments: Sequence[Segment]) -> str | None:
    """The id of the message this one replies to, if any."""
    for segment in segments:
        if segment["type"] == "reply" and segment["data"].get("id") not in (None, ""):
            return str(segment["data"]["id"])
    return None


def image_links(segments: Sequence[Segment]) -> tuple[str, ...]:
    """The http(s) links of the message's pictures (``url``, else a ``file`` that is a link), at most
    :data:`MAX_IMAGES`; a picture known only by a local file name or base64 has none and is left out."""
    links = []
    for segment in segments:
        if segment["type"] != "image":
            continue
        for key in ("url", "file"):
            value = segment["data"].get(key)
            if isinstance(value, str) and is_link(value) and len(value) <= MAX_LINK:
                links.append(value)
                break
    return tuple(links[:MAX_IMAGES])


def plain_text(segments: Sequence[Segment], self_id: str) -> str:
    """The text a person wrote: text segments and @others, without the @bot."""
    parts = []
    for segment in segments:
        data = segment["data"]
        if segment["type"] == "text":
            parts.append(str(data.get("text", "")))
        elif segment["type"] == "at" and str(data.get("qq")) != self_id:
            parts.append(f"@{data.get('name') or data.get('qq')}")
    # removing the @bot leaves doubled spaces behind
    return _SPACES.sub(" ", "".join(parts)).strip()


def _blank(segment: Segment) -> bool:
    return segment["type"] == "text" and not str(segment["data"].get("text", "")).strip()
