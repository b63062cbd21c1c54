"""The log of every incoming message, which also stops a redelivery being handled twice."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, Update, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.messages import ChatRef, IncomingMessage
from groupbot.db.dialects import upsert_insert_for
from groupbot.db.schema import inbound_messages

__all__ = ["FAILED", "SqlMessageLog"]

_KEY = ("platform", "chat_id", "message_id")
FAILED = "error"
"""The outcome of a message the bot could not handle; its redelivery is handled."""


class SqlMessageLog:
    """:class:`~groupbot.core.ports.MessageLog` over ``inbound_messages``.

    Both statements run for every message, so they are built once (per
    dialect) with bound parameters: SQLAlchemy then skips constructing the
    statement and computing its cache key on each call.
    """

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def record(self, message: IncomingMessage) -> bool:
        """Log ``message``; False if it was already logged and handled (a redelivery).

        A message logged with the outcome ``error`` was not handled, so its
        redelivery is logged afresh (True). ``ON CONFLICT`` rather than catching
        an integrity error, so a duplicate leaves the surrounding transaction
        usable on PostgreSQL too.
        """
        row = {
            "platform": message.platform,
            "chat_id": message.chat.chat_id,
            "chat_kind": message.chat.kind.value,
            "message_id": message.message_id,
            "sender_id": message.sender.user_id,
            "sender_name": message.sender.name,
            "text": message.text,
            # the router's clock reading; a message recorded outside the router (the demo
            # seed, tests of this store) is dated by its own time
            "received_at": message.received_at or message.time,
        }
        result = await self._conn.execute(_record_statement(self._conn.dialect.name), row)
        return result.scalar_one_or_none() is not None

    async def set_outcome(
        self, message: IncomingMessage, outcome: str, entry_id: str | None = None, score: float | None = None
    ) -> None:
        """Remember what the bot did with ``message`` (answer, suggest, ticket, ...)."""
        await self._conn.execute(
            _outcome_statement(),
            {
                "key_platform": message.platform,
                "key_chat_id": message.chat.chat_id,
                "key_message_id": message.message_id,
                "new_outcome": outcome,
                "new_entry_id": entry_id,
                "new_score": score,
            },
        )

    async def latest(self, limit: int) -> list[tuple[str, str, str]]:
        """The (chat key, sender id, text) of the latest ``limit`` messages of every chat, newest first.

        Every chat's, not one chat's: the primary key read backwards costs the same
        whatever the table holds, where one chat's latest would sort all its messages.
        """
        rows = await self._conn.execute(_latest_statement(), {"limit": limit})
        return [(ChatRef(row.platform, row.chat_id).key, row.sender_id, row.text) for row in rows]

    async def outcomes_after(self, message: IncomingMessage, limit: int) -> list[str]:
        """What the bot did with the sender's next ``limit`` messages in ``message``'s chat, oldest first."""
        c = inbound_messages.c
        query = (
            select(c.outcome)
            .where(c.platform == message.platform, c.chat_id == message.chat.chat_id)
            .where(c.sender_id == message.sender.user_id, c.received_at >= message.received)
            .where(c.message_id != message.message_id, c.outcome.is_not(None))
            .order_by(c.received_at, c.id)
            .limit(limit)
        )
        return list((await self._conn.execute(query)).scalars())

@cache
def _record_statement(dialect: str) -> postgresql.Insert | sqlite.Insert:
    # Statements are immutable, so sharing one across connections and bots is safe.
    insert = upsert_insert_for(dialect, inbound_messages)
    # A message whose handling failed (outcome "error") was not handled: its redelivery takes the row over.
    failed = inbound_messages.c.outcome == FAILED
    return insert.on_conflict_do_update(index_elements=_KEY, set_={"outcome": None}, where=failed).returning(
        inbound_messages.c.id
    )


@cache
def _outcome_statement() -> Update:
    c = inbound_messages.c
    # Parameter names differ from the column names: SQLAlchemy reserves those for SET.
    return (
        update(inbound_messages)
        .where(c.platform == bindparam("key_platform"), c.chat_id == bindparam("key_chat_id"))
        .where(c.message_id == bindparam("key_message_id"))
        .values(
            outcome=bindparam("new_outcome", type_=c.outcome.type),
            entry_id=bindparam("new_entry_id", type_=c.entry_id.type),
            score=bindparam("new_score", type_=c.score.type),
        )
    )


@cache
def _latest_statement() -> Select:
    c = inbound_messages.c
    return select(c.platform, c.chat_id, c.sender_id, c.text).order_by(c.id.desc()).limit(bindparam("limit"))
