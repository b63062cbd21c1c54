"""Telegram messages and button presses to :class:`IncomingMessage`.

Pure functions over PTB objects: what to ignore, whether the bot is addressed
(@mention by username or by ``text_mention``, reply to one of its messages,
``/command@ourbot``), and the text the service should see, with our own
mention and command suffix taken out. Entity offsets are UTF-16 code units, so
text surgery happens on UTF-16.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from telegram import CallbackQuery, Chat, Message, MessageEntity, User

from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Role, Sender

__all__ = ["PICTURE_PREFIX", "PLATFORM", "Addressing", "BotIdentity", "addressing", "callback_message", "chat_ref",
           "ignore_reason", "incoming_message", "moved_message", "picture_refs", "user_sender"]

PLATFORM = "telegram"
CALLBACK_PREFIX = "cb:"
PICTURE_PREFIX = "telegram:"
"""A picture is kept as ``telegram:<file_id>``: its download link holds the bot's token, so only the
adapter fetches it (getFile), for the support console."""
MAX_FILE_ID = 256  # Telegram's file ids are under 100 characters; a longer one is no real id


@dataclass(frozen=True, slots=True)
class BotIdentity:
    """Our bot as Telegram knows it (from getMe)."""

    id: int
    username: str

    def is_named(self, username: str) -> bool:
        """True if ``username`` (with or without @) is ours; usernames ignore case."""
        return username.lstrip("@").casefold() == self.username.casefold()


@dataclass(frozen=True, slots=True)
class Addressing:
    """How a message addresses the bot, and its text without our mention."""

    text: str
    mentions_bot: bool
    reply_to_bot: bool
    for_other_bot: bool


def chat_ref(chat: Chat) -> ChatRef:
    """Our reference for a Telegram chat; groups and supergroups are both groups."""
    kind = ChatKind.PRIVATE if chat.type == Chat.PRIVATE else ChatKind.GROUP
    title = chat.title or chat.full_name or ""
    return ChatRef(PLATFORM, str(chat.id), kind, title)


def ignore_reason(message: Message) -> str | None:
    """Why the bot should not look at ``message`` at all, or None."""
    if message.chat.type == Chat.CHANNEL:
        return "channel post"
    if message.is_automatic_forward:
        return "automatic forward from a linked channel"
    if _is_anonymous_admin(message):
        return None if _text_of(message) else "no text"
    if message.from_user is None:
        return "no sender"
    if message.from_user.is_bot:
        return "sent by a bot"
    if not _text_of(message).strip() and not picture_refs(message):
        return "no text"
    return None


def picture_refs(message: Message) -> tuple[str, ...]:
    """The message's picture as ``telegram:<file_id>``: the largest size of a photo, or a document that
    is an image (a screenshot sent uncompressed); empty for anything else."""
    file_id = None
    if message.photo:
        file_id = max(message.photo, key=lambda size: size.width * size.height).file_id
    elif message.document is not None and (message.document.mime_type or "").startswith("image/"):
        file_id = message.document.file_id
    if not file_id or len(file_id) > MAX_FILE_ID:
        return ()
    return (f"{PICTURE_PREFIX}{file_id}",)


def addressing(message: Message, bot: BotIdentity) -> Addressing:
    """Find our mention, reply and command suffix in ``message``."""
    text = _text_of(message)
    entities = message.entities or message.caption_entities or ()
    cuts: list[tuple[int, int, str]] = []
    mentions_bot = for_other_bot = False
    for entity in entities:
        covered = _entity_text(text, entity)
        if _names_us(entity, covered, bot):
            mentions_bot = True
            cuts.append((entity.offset, entity.length, ""))
        elif entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0 and "@" in covered:
            command, _, target = covered.partition("@")
            for_other_bot = not bot.is_named(target)
            mentions_bot = mentions_bot or not for_other_bot
            cuts.append((entity.offset, entity.length, command))
    return Addressing(_tidy(_cut(text, cuts)), mentions_bot, _replies_to(message, bot), for_other_bot)


def incoming_message(
    message: Message, found: Addressing, role: Role, *, message_id: str | None = None, time: datetime | None = None
) -> IncomingMessage:
    """The domain view of ``message``; edits pass their own ``message_id`` and ``time``."""
    replied = message.reply_to_message
    return IncomingMessage(
        chat=chat_ref(message.chat),
        sender=_sender(message, role),
        text=found.text,
        message_id=message_id or str(message.message_id),
        time=time or message.date,
        mentions_bot=found.mentions_bot,
        reply_to_bot=found.reply_to_bot,
        reply_to_message_id=str(replied.message_id) if replied and not _is_topic_root(replied) else None,
        images=picture_refs(message),
    )


def callback_message(query: CallbackQuery, role: Role) -> IncomingMessage | None:
    """A button press as if the presser had replied to the bot with the button's value."""
    origin = query.message
    if not query.data or origin is None or not isinstance(origin, Message):
        return None
    return IncomingMessage(
        chat=chat_ref(origin.chat),
        sender=user_sender(query.from_user, role),
        text=query.data,
        message_id=CALLBACK_PREFIX + query.id,
        time=None,  # a button press carries no date of its own
        reply_to_bot=True,
        reply_to_message_id=str(origin.message_id),
    )


def moved_message(message: Message) -> IncomingMessage | None:
    """The first message of a supergroup that was a group: tells the service to carry the chat over."""
    if not message.migrate_from_chat_id:
        return None
    new = chat_ref(message.chat)
    author = user_sender(message.from_user, Role.CUSTOMER) if message.from_user else Sender(new.chat_id, new.title)
    return IncomingMessage(
        chat=new,
        sender=author,
        text="",
        message_id=str(message.message_id),
        time=message.date,
        moved_from=ChatRef(PLATFORM, str(message.migrate_from_chat_id), ChatKind.GROUP, new.title),
    )


def user_sender(user: User, role: Role) -> Sender:
    """A Telegram user as a :class:`Sender`."""
    return Sender(str(user.id), user.full_name or user.username or str(user.id), role, role is Role.ADMIN)


def _sender(message: Message, role: Role) -> Sender:
    if _is_anonymous_admin(message):
        # Posting "as the group" is something only administrators can do.
        return Sender(str(message.chat.id), message.chat.title or "", Role.ADMIN, True)
    assert message.from_user is not None
    return user_sender(message.from_user, role)


def _is_anonymous_admin(message: Message) -> bool:
    return message.sender_chat is not None and message.sender_chat.id == message.chat.id


def _names_us(entity: MessageEntity, covered: str, bot: BotIdentity) -> bool:
    if entity.type == MessageEntity.MENTION:
        return bot.is_named(covered)
    return entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot.id


def _replies_to(message: Message, bot: BotIdentity) -> bool:
    replied = message.reply_to_message
    if replied is None or _is_topic_root(replied):
        return False
    return replied.from_user is not None and replied.from_user.id == bot.id


def _is_topic_root(message: Message) -> bool:
    # In forum groups every message "replies" to its topic's creation message.
    return message.forum_topic_created is not None


def _text_of(message: Message) -> str:
    return message.text or message.caption or ""


def _entity_text(text: str, entity: MessageEntity) -> str:
    units = text.encode("utf-16-le")
    return units[entity.offset * 2 : (entity.offset + entity.length) * 2].decode("utf-16-le", errors="replace")


def _cut(text: str, cuts: list[tuple[int, int, str]]) -> str:
    """Replace UTF-16 spans ``(offset, length)`` of ``text``."""
    if not cuts:
        return text
    units = text.encode("utf-16-le")
    parts, position = [], 0
    for offset, length, replacement in sorted(cuts):
        parts.extend((units[position * 2 : offset * 2].decode("utf-16-le", errors="replace"), replacement))
        position = offset + length
    parts.append(units[position * 2 :].decode("utf-16-le", errors="replace"))
    return "".join(parts)


def _tidy(text: str) -> str:
    return re.sub(r"[ \t]{2,}", " ", text).strip(" \t\n,，:：")
