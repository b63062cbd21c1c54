"""WeCom's reply streams and response_urls in the database, so every instance serves them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, case, delete, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from groupbot.core.reply_streams import PARAGRAPH, ReplyStream
from groupbot.db.schema import reply_streams

__all__ = ["SqlReplyStreams"]

_C = reply_streams.c
_STREAM = (_C.message_id, _C.chat_id, _C.stream_id, _C.content, _C.done)


class SqlReplyStreams:
    """:class:`~groupbot.core.ports.ReplyStreamStore` over ``reply_streams``, each call one short transaction.

    What must not be done twice (adding to a stream that was just finished,
    using a response_url) is one conditional UPDATE, so two instances racing
    for it cannot both succeed.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def open(self, stream: ReplyStream, address: str | None, until: datetime) -> tuple[ReplyStream, bool]:
        """Keep ``stream`` unless its message has one; returns the one kept and whether it is new."""
        row = {"message_id": stream.message_id, "chat_id": stream.chat_id, "stream_id": stream.stream_id,
               "content": stream.content, "done": stream.done, "closed": False, "address": address,
               "expires_at": until}
        try:
            async with self._engine.begin() as conn:
                await conn.execute(reply_streams.insert().values(row))
            return stream, True
        except IntegrityError:  # the message has a stream already (WeCom retried, maybe elsewhere)
            async with self._engine.connect() as conn:
                found = (await conn.execute(select(*_STREAM).where(_C.message_id == stream.message_id))).one()
            return _stream(found), False

    async def get(self, message_id: str, now: datetime) -> ReplyStream | None:
        """The live stream of ``message_id``."""
        return await self._one(and_(_C.message_id == message_id, _C.expires_at > now))

    async def polled(self, stream_id: str, now: datetime) -> ReplyStream | None:
        """The live, unclosed stream with ``stream_id``."""
        return await self._one(and_(_C.stream_id == stream_id, _C.closed.is_(False), _C.expires_at > now))

    async def say(self, message_id: str | None, chat_id: str, text: str, now: datetime) -> bool:
        """Add ``text`` to the message's unfinished stream, else to the chat's newest unfinished one."""
        async with self._engine.begin() as conn:
            if message_id is not None and await _append(conn, _C.message_id == message_id, text, now):
                return True
            newest = (
                select(_C.id).where(_C.chat_id == chat_id, _C.done.is_(False), _C.expires_at > now)
                .order_by(_C.id.desc()).limit(1).scalar_subquery()
            )
            return await _append(conn, _C.id == newest, text, now)

    async def finish(self, message_id: str) -> None:
        """Mark the stream of ``message_id`` finished."""
        await self._set(message_id, done=True)

    async def close(self, message_id: str) -> None:
        """Later polls of this stream get nothing."""
        await self._set(message_id, closed=True)

    async def take_address(self, message_id: str | None, chat_id: str, now: datetime) -> str | None:
        """The message's live response_url, else the chat's newest; used up (by one instance only)."""
        live = and_(_C.address.is_not(None), _C.expires_at > now)
        async with self._engine.begin() as conn:
            for where in ([_C.message_id == message_id] if message_id is not None else []) + [_C.chat_id == chat_id]:
                found = (
                    await conn.execute(select(_C.id, _C.address).where(where, live).order_by(_C.id.desc()).limit(1))
                ).first()
                if found is not None and await _used_up(conn, found.id):
                    return str(found.address)
        return None

    async def purge(self, now: datetime) -> int:
        """Drop what expired by ``now``; how many rows went."""
        async with self._engine.begin() as conn:
            result = await conn.execute(delete(reply_streams).where(_C.expires_at <= now))
        return result.rowcount or 0

    async def _one(self, where: ColumnElement[bool]) -> ReplyStream | None:
        async with self._engine.connect() as conn:
            found = (await conn.execute(select(*_STREAM).where(where))).first()
        return _stream(found) if found is not None else None

    async def _set(self, message_id: str, **values: bool) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(update(reply_streams).where(_C.message_id == message_id).values(**values))


async def _append(conn: AsyncConnection, which: ColumnElement[bool], text: str, now: datetime) -> bool:
    # One statement: a stream finished meanwhile (by another instance too) is never added to.
    joined = case((_C.content.is_(None), literal(text)), else_=_C.content + PARAGRAPH + literal(text))
    result = await conn.execute(
        update(reply_streams).where(which, _C.done.is_(False), _C.expires_at > now).values(content=joined)
    )
    return (result.rowcount or 0) > 0


async def _used_up(conn: AsyncConnection, row_id: int) -> bool:
    result = await conn.execute(
        update(reply_streams).where(_C.id == row_id, _C.address.is_not(None)).values(address=None)
    )
    return (result.rowcount or 0) > 0


def _stream(row: Row[Any]) -> ReplyStream:
    return ReplyStream(row.message_id, row.chat_id, row.stream_id, row.content, bool(row.done))
