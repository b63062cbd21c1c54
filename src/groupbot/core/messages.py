"""What flows between the chat platforms and the domain: messages in, replies out.

Adapters translate their platform's events into these types and back; nothing
platform-specific crosses this line.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime

__all__ = [
    "MAX_PICTURE_BYTES",
    "ChatKind",
    "ChatRef",
    "Choice",
    "IncomingMessage",
    "Picture",
    "Reply",
    "ReplyKind",
    "Role",
    "Sender",
    "SentReceipt",
    "is_link",
    "platform_time",
]


class ChatKind(enum.StrEnum):
    """Whether a chat is a group (many customers) or a direct conversation."""

    GROUP = "group"
    PRIVATE = "private"


class Role(enum.StrEnum):
    """What a sender may do; ordered from least to most privileged."""

    CUSTOMER = "customer"
    OPS = "ops"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Position in the privilege order, for comparisons."""
        return _ROLE_RANK[self]


_ROLE_RANK = {Role.CUSTOMER: 0, Role.OPS: 1, Role.ADMIN: 2}


@dataclass(frozen=True, slots=True)
class ChatRef:
    """A chat on one platform, e.g. ``("telegram", "-100123")``."""

    platform: str
    chat_id: str
    kind: ChatKind = ChatKind.GROUP
    title: str = ""

    @property
    def key(self) -> str:
        """A stable text key, ``platform:chat_id``."""
        return f"{self.platform}:{self.chat_id}"


@dataclass(frozen=True, slots=True)
class Sender:
    """Who wrote a message.

    ``role`` is what the platform says about this person in this chat (a group
    owner or admin is reported as ``ADMIN``); whether that makes them ops here is
    decided by the service, from configuration.
    """

    user_id: str
    name: str = ""
    role: Role = Role.CUSTOMER
    is_chat_admin: bool = False


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """One message from a chat, already translated from the platform's form."""

    chat: ChatRef
    sender: Sender
    text: str
    message_id: str
    time: datetime | None
    """The platform's own timestamp, kept as data about the message and never used as "now"
    (None when the platform sent none or an impossible one; the router then records ``received_at``)."""
    mentions_bot: bool = False
    reply_to_bot: bool = False
    reply_to_message_id: str | None = None
    moved_from: ChatRef | None = None
    """Set when the chat just got a new id on its platform (a Telegram group upgraded to a
    supergroup): ``chat`` is the new identity, and what was kept for ``moved_from`` moves to it."""
    received_at: datetime | None = None
    """When groupbot took the message in, read once from the injected clock by the router: the
    "now" of every decision about this message (expiry, cool-downs, audit and ticket times)."""
    images: tuple[str, ...] = ()
    """The pictures the message carries, such as a screenshot of an error: http(s) links, or references
    only the platform's adapter can fetch (``telegram:<file_id>``: the link would hold the bot's token)."""

    @property
    def received(self) -> datetime:
        """``received_at``; raises if the message has not passed the router (a wiring bug)."""
        if self.received_at is None:
            raise RuntimeError(f"message {self.message_id} was not stamped by the router")
        return self.received_at

    @property
    def platform(self) -> str:
        """The platform the message came from."""
        return self.chat.platform

    @property
    def is_direct(self) -> bool:
        """True for a one-to-one conversation with the bot."""
        return self.chat.kind is ChatKind.PRIVATE


class ReplyKind(enum.StrEnum):
    """What a reply is, so adapters can format or attach buttons accordingly."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    TICKET = "ticket"
    COMMAND = "command"
    NOTICE = "notice"
    ANNOUNCEMENT = "announcement"


@dataclass(frozen=True, slots=True)
class Choice:
    """A button-like option; platforms without buttons show ``label`` as text.

    ``value`` is what the user would type to pick it (e.g. ``"1"``), so a button
    press and a typed answer reach the service as the same text.
    """

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Reply:
    """A message the bot sends into a chat.

    ``text`` is plain text; adapters escape or format it for their platform.
    ``reply_to_message_id`` makes it a reply where the platform allows it;
    ``mentions`` are users to @-mention; ``choices`` become buttons where the
    platform has them; ``image`` is an optional PNG attachment.
    """

    chat: ChatRef
    text: str
    kind: ReplyKind = ReplyKind.NOTICE
    reply_to_message_id: str | None = None
    mentions: tuple[Sender, ...] = ()
    choices: tuple[Choice, ...] = ()
    choices_per_row: int = 3
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    image: bytes | None = field(default=None, compare=False, hash=False, repr=False)
    """A PNG to attach where the platform takes images (the digest chart); others send the text alone."""


def is_link(ref: str) -> bool:
    """Whether a picture reference (one of an :class:`IncomingMessage`'s ``images``) is an http(s) link anyone
    may open, rather than a platform's own reference that only its adapter can fetch."""
    return ref.startswith(("http://", "https://"))


MAX_PICTURE_BYTES = 10 * 1024 * 1024
"""A larger picture is not fetched or kept (screenshots are well under it; Telegram serves bots up to 20 MB)."""
_PICTURE_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF87a", "image/gif"),
                  (b"GIF89a", "image/gif"))


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture fetched from a platform for the support console: its bytes and their media type."""

    data: bytes = field(repr=False)
    content_type: str

    @classmethod
    def of(cls, data: bytes) -> Picture | None:
        """``data`` as a PNG, JPEG, GIF or WebP picture, told by its first bytes (never by a name or a
        header someone else chose); None for anything else, which no page should show inline (SVG holds script)."""
        for magic, content_type in _PICTURE_TYPES:
            if data.startswith(magic):
                return cls(data, content_type)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return cls(data, "image/webp")
        return None


@dataclass(frozen=True, slots=True)
class SentReceipt:
    """What a platform said after sending: the ids of the messages it created."""

    message_ids: tuple[str, ...] = ()


_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(9999, 1, 1, tzinfo=UTC)


def platform_time(seconds: object) -> datetime | None:
    """A platform's Unix timestamp as a UTC datetime, or None when it is missing or impossible.

    Platforms (and forged payloads) send floats, huge integers, NaN or negative
    numbers; none of those may raise in an adapter, so each becomes None.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return None
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment if _EARLIEST <= moment < _LATEST else None
