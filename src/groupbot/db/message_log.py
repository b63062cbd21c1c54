"""The log of every incoming message, which also stops a redelivery being handled twice."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.messages import IncomingMessage
from groupbot.db.dialects import upsert_insert
from groupbot.db.schema import inbound_messages

__all__ = ["SqlMessageLog"]

_KEY = ("platform", "chat_id", "message_id")


class SqlMessageLog:
    """:class:`~groupbot.core.ports.MessageLog` over ``inbound_messages``."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def record(self, message: IncomingMessage) -> bool:
        """Log ``message``; False if it was already logged (a redelivery).

        ``ON CONFLICT DO NOTHING`` rather than catching an integrity error, so a
        duplicate leaves the surrounding transaction usable on PostgreSQL too.
        """
        statement = (
            upsert_insert(self._conn, inbound_messages)
            .values(
                platform=message.platform,
                chat_id=message.chat.chat_id,
                message_id=message.message_id,
                sender_id=message.sender.user_id,
                sender_name=message.sender.name,
                text=message.text,
                received_at=message.time,
            )
            .on_conflict_do_nothing(index_elements=_KEY)
            .returning(inbound_messages.c.id)
        )
        result = await self._conn.execute(statement)
        return result.scalar_one_or_none() is not None

    async def set_outcome(
        self, message: IncomingMessage, outcome: str, entry_id: str | None = None, score: float | None = None
    ) -> None:
        """Remember what the bot did with ``message`` (answer, suggest, ticket, ...)."""
        c = inbound_messages.c
        await self._conn.execute(
            update(inbound_messages)
            .where(c.platform == message.platform, c.chat_id == message.chat.chat_id)
            .where(c.message_id == message.message_id)
            .values(outcome=outcome, entry_id=entry_id, score=score)
        )
