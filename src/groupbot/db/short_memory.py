"""What the bot remembers for minutes, in the database so every instance shares it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.db.dialects import upsert_insert
from groupbot.db.schema import short_memory

__all__ = ["SqlShortMemory"]


class SqlShortMemory:
    """:class:`~groupbot.core.ports.ShortMemory` over ``short_memory`` (key, JSON value, expiry)."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def recall(self, keys: Sequence[str], now: datetime) -> dict[str, Any]:
        """The values under ``keys`` that have not expired by ``now``."""
        rows = await self._conn.execute(
            select(short_memory.c.key, short_memory.c.value)
            .where(short_memory.c.key.in_(list(keys)))
            .where(short_memory.c.expires_at > now)
        )
        return {row.key: row.value for row in rows}

    async def keep(self, key: str, value: Any, until: datetime) -> None:
        """Keep ``value`` under ``key`` until ``until``, replacing what was there."""
        insert = upsert_insert(self._conn, short_memory).values(key=key, value=value, expires_at=until)
        await self._conn.execute(
            insert.on_conflict_do_update(
                index_elements=[short_memory.c.key], set_={"value": value, "expires_at": until}
            )
        )

    async def forget(self, key: str) -> None:
        """Drop ``key``."""
        await self._conn.execute(delete(short_memory).where(short_memory.c.key == key))

    async def purge(self, now: datetime) -> int:
        """Drop everything expired by ``now``; how many rows went."""
        result = await self._conn.execute(delete(short_memory).where(short_memory.c.expires_at <= now))
        return result.rowcount or 0
