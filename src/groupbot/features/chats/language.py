"""Which language a chat is spoken to in: what /lang set for it, else the configured default."""

from __future__ import annotations

from groupbot.core.messages import ChatRef
from groupbot.core.ports import UnitOfWork
from groupbot.core.routing import Destination, DestinationKind

__all__ = ["chat_ref_of", "spoken_in"]


def chat_ref_of(destination: Destination) -> ChatRef | None:
    """The chat a ``chat:platform:id`` destination names; None for webhooks."""
    if destination.kind is not DestinationKind.CHAT:
        return None
    platform, _, chat_id = destination.target.partition(":")
    return ChatRef(platform, chat_id) if chat_id else None


async def spoken_in(uow: UnitOfWork, chat: ChatRef | Destination | None, default: str) -> str:
    """The locale ops set for ``chat`` with /lang, else ``default`` (also for webhooks and no chat)."""
    ref = chat_ref_of(chat) if isinstance(chat, Destination) else chat
    if ref is None:
        return default
    settings = await uow.chats.get(ref)
    return settings.locale if settings is not None and settings.locale else default
