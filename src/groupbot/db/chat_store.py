"""Per-chat settings: address mode and language."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.messages import ChatKind, ChatRef
from groupbot.core.ports import Clock
from groupbot.db.dialects import upsert_insert
from groupbot.db.schema import chats, ticket_reports

__all__ = ["SqlChatStore"]


class SqlChatStore:
    """:class:`~groupbot.core.ports.ChatStore` over the ``chats`` table."""

    def __init__(self, conn: AsyncConnection, clock: Clock) -> None:
        self._conn = conn
        self._clock = clock

    async def get(self, chat: ChatRef) -> ChatSettings | None:
        """The stored settings of ``chat`` (matched by platform and id), or None."""
        rows = await self._conn.execute(_get_statement(), {"platform": chat.platform, "chat_id": chat.chat_id})
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

    async def move(self, old: ChatRef, new: ChatRef) -> None:
        """Re-key ``old``'s settings and ticket reports to ``new``.

        The message log stays under the old id on purpose: the new chat numbers
        its messages afresh, and old ids must not look like redeliveries.
        """
        if (old.platform, old.chat_id) == (new.platform, new.chat_id):
            return
        settings = await self.get(old)
        if settings is not None and await self.get(new) is None:
            await self.save(ChatSettings(new, settings.mode, settings.locale))
        await self._conn.execute(delete(chats).where(chats.c.platform == old.platform, chats.c.chat_id == old.chat_id))
        reports = ticket_reports.c
        await self._conn.execute(
            update(ticket_reports)
            .where(reports.platform == old.platform, reports.chat_id == old.chat_id)
            .values(chat_id=new.chat_id, chat_title=new.title or reports.chat_title)
        )


@cache
def _get_statement() -> Select[tuple[object, ...]]:
    # Read for every message: built once (statements are immutable), so SQLAlchemy
    # skips constructing it and computing its cache key on each call.
    return select(chats).where(chats.c.platform == bindparam("platform"), chats.c.chat_id == bindparam("chat_id"))
