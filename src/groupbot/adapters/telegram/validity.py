"""What a message must look like before the mapping reads it.

PTB builds its objects from whatever JSON it gets and checks no types: a
forged or broken update can carry ``"text": true``, an entity without a
length, or a message without its chat. Telegram never sends those, so such an
update is dropped with one log line (and a webhook answers 400) instead of
raising deep inside the mapping.
"""

from __future__ import annotations

from telegram import Message, MessageEntity, Update, User

__all__ = ["update_problem"]


def update_problem(update: Update) -> str | None:
    """Why ``update`` cannot be mapped, or None when its messages have the fields we read."""
    origin = update.callback_query.message if update.callback_query is not None else None
    for message in (update.message, update.edited_message, origin if isinstance(origin, Message) else None):
        problem = _message_problem(message) if message is not None else None
        if problem:
            return problem
    return None


def _message_problem(message: Message, depth: int = 0) -> str | None:
    if message.chat is None:
        return "a message without a chat"
    if not _whole(message.chat.id) or not isinstance(message.chat.type, str):
        return "a chat without a numeric id and a type"
    if not _whole(message.message_id):
        return "a message without a numeric id"
    for name in ("text", "caption"):
        if getattr(message, name) is not None and not isinstance(getattr(message, name), str):
            return f"a {name} that is not a string"
    for user in (message.from_user, message.sender_chat):
        if user is not None and not _whole(user.id):
            return "a sender without a numeric id"
    entities = [*(message.entities or ()), *(message.caption_entities or ())]
    if not all(_entity_ok(entity) for entity in entities):
        return "an entity without a whole offset and length"
    replied = message.reply_to_message
    if replied is not None and depth == 0:
        return _message_problem(replied, 1)
    return None


def _entity_ok(entity: MessageEntity) -> bool:
    spans = _whole(entity.offset) and _whole(entity.length) and entity.offset >= 0 and entity.length >= 0
    user_ok = entity.user is None or (isinstance(entity.user, User) and _whole(entity.user.id))
    return spans and isinstance(entity.type, str) and user_ok


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
