"""Follow-up "solved?" questions: scheduled, asked, answered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.follow_ups import FollowUp, FollowUpAnswer
from groupbot.core.messages import ChatRef
from groupbot.db.dialects import upsert_insert
from groupbot.db.schema import follow_ups

__all__ = ["SqlFollowUpStore"]


def _follow_up(row: Row[Any]) -> FollowUp:
    return FollowUp(
        id=row.id,
        ticket_number=row.ticket_number,
        chat=ChatRef(row.platform, row.chat_id),
        askers=tuple((str(user), str(name)) for user, name in row.askers),
        due_at=row.due_at,
        asked_at=row.asked_at,
        answer=FollowUpAnswer(row.answer) if row.answer else None,
        answered_by=row.answered_by,
    )


class SqlFollowUpStore:
    """:class:`~groupbot.core.ports.FollowUpStore` over ``follow_ups``."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def schedule(self, follow_up: FollowUp) -> None:
        """Plan a question; resolving the same ticket again re-plans it in that chat."""
        keys = {"ticket_number": follow_up.ticket_number, "platform": follow_up.chat.platform,
                "chat_id": follow_up.chat.chat_id}
        fresh = {"askers": [list(pair) for pair in follow_up.askers], "due_at": follow_up.due_at,
                 "asked_at": None, "answer": None, "answered_by": None, "answered_at": None}
        statement = upsert_insert(self._conn, follow_ups).values(**keys, **fresh)
        await self._conn.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=fresh))

    async def drop_asker(self, ticket_number: int, chat: ChatRef, user_id: str) -> None:
        """Take ``user_id`` off the unanswered question about the ticket in ``chat``; drop it when no one is left.

        Their report left the ticket (``/split``): it is not their problem any more.
        """
        c = follow_ups.c
        mine = (c.ticket_number == ticket_number, c.platform == chat.platform, c.chat_id == chat.chat_id,
                c.answer.is_(None))
        for row in (await self._conn.execute(select(c.id, c.askers).where(*mine))).all():
            askers = [pair for pair in row.askers if str(pair[0]) != user_id]
            this = follow_ups.delete() if not askers else update(follow_ups).values(askers=askers)
            await self._conn.execute(this.where(c.id == row.id))

    async def due(self, now: datetime, limit: int = 50) -> list[FollowUp]:
        """Planned questions whose time has come and that were not asked yet."""
        c = follow_ups.c
        query = select(follow_ups).where(c.asked_at.is_(None), c.due_at <= now).order_by(c.due_at, c.id).limit(limit)
        return [_follow_up(row) for row in await self._conn.execute(query)]

    async def mark_asked(self, follow_up_id: int, now: datetime) -> None:
        """The question went out (into the outbox) at ``now``."""
        await self._conn.execute(update(follow_ups).where(follow_ups.c.id == follow_up_id).values(asked_at=now))

    async def open_in(self, chat: ChatRef, since: datetime) -> list[FollowUp]:
        """Questions asked in ``chat`` after ``since`` and not answered yet, newest first."""
        c = follow_ups.c
        query = (
            select(follow_ups)
            .where(c.platform == chat.platform, c.chat_id == chat.chat_id, c.answer.is_(None), c.asked_at >= since)
            .order_by(c.asked_at.desc(), c.id.desc())
        )
        return [_follow_up(row) for row in await self._conn.execute(query)]

    async def answer(self, follow_up_id: int, answer: FollowUpAnswer, by: str, now: datetime) -> None:
        """Record the group's answer."""
        await self._conn.execute(
            update(follow_ups)
            .where(follow_ups.c.id == follow_up_id)
            .values(answer=answer.value, answered_by=by, answered_at=now)
        )
