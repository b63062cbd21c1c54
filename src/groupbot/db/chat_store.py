"""Per-chat settings: address mode and language."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.messages import ChatKind, ChatRef
from groupbot.core.ports import Clock
from groupbot.db.dialects import upsert_insert
from groupbot.db.schema import chats

__all__ = ["SqlChatStore"]


class SqlChatStore:
    """:class:`~groupbot.core.ports.ChatStore` over the ``chats`` table."""

    def __init__(self, conn: AsyncConnection, clock: Clock) -> None:
        self._conn = conn
        self._clock = clock

    async def get(self, chat: ChatRef) -> ChatSettings | None:
        """The stored settings of ``chat`` (matched by platform and id), or None."""
        rows = await self._conn.execute(
            select(chats).where(chats.c.platform == chat.platform, chats.c.chat_id == chat.chat_id)
        )
        row = rows.first()
        if row is None:
            return None
        ref = ChatRef(row.platform, row.chat_id, ChatKind(row.kind), row.title)
        return ChatSettings(chat=ref, mode=AddressMode(row.mode), locale=row.locale)

    async def save(self, settings: ChatSettings) -> None:
        """Insert or update the settings of ``settings.chat``."""
        now = self._clock.now()
        chat = settings.chat
        fields = {"title": chat.title, "kind": str(chat.kind), "mode": str(settings.mode), "locale": settings.locale}
        statement = upsert_insert(self._conn, chats).values(
            platform=chat.platform, chat_id=chat.chat_id, created_at=now, updated_at=now, **fields
        )
        await self._conn.execute(
            statement.on_conflict_do_update(index_elements=["platform", "chat_id"], set_={**fields, "updated_at": now})
        )
