"""What the bot remembers for minutes, in the database so every instance shares it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Delete, Select, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.db.dialects import upsert_insert_for
from groupbot.db.schema import short_memory

__all__ = ["SqlShortMemory"]

_C = short_memory.c


class SqlShortMemory:
    """:class:`~groupbot.core.ports.ShortMemory` over ``short_memory`` (key, JSON value, expiry).

    An answered question reads and writes here, so the statements are built
    once with bound parameters (as the message log's are): SQLAlchemy then
    skips building them and computing their cache keys on every call.
    """

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def recall(self, keys: Sequence[str], now: datetime) -> dict[str, Any]:
        """The values under ``keys`` that have not expired by ``now``."""
        rows = await self._conn.execute(_recall(), {"keys": list(keys), "now": now})
        return {key: value for key, value in rows}

    async def keep(self, key: str, value: Any, until: datetime) -> None:
        """Keep ``value`` under ``key`` until ``until``, replacing what was there."""
        await self._conn.execute(_keep(self._conn.dialect.name), {"key": key, "value": value, "expires_at": until})

    async def forget(self, key: str) -> None:
        """Drop ``key``."""
        await self._conn.execute(_forget(), {"gone": key})

    async def amend(self, key: str, value: Any, now: datetime) -> bool:
        """Replace the value under ``key`` unless it expired by ``now``; its expiry stays. Whether it did."""
        changed = update(short_memory).where(_C.key == key, _C.expires_at > now).values(value=value)
        return ((await self._conn.execute(changed)).rowcount or 0) == 1

    async def claim(self, key: str, value: Any, until: datetime, now: datetime) -> bool:
        """Keep ``value`` under ``key`` unless an unexpired value is there; whether this call kept it."""
        insert = upsert_insert_for(self._conn.dialect.name, short_memory).values(key=key, value=value, expires_at=until)
        # An expired value is replaced; a live one makes the WHERE false, so nothing is written.
        claimed = insert.on_conflict_do_update(
            index_elements=[_C.key], set_={"value": insert.excluded.value, "expires_at": insert.excluded.expires_at},
            where=_C.expires_at <= now,
        )
        return ((await self._conn.execute(claimed)).rowcount or 0) == 1

    async def purge(self, now: datetime, spare: str | None = None) -> int:
        """Drop everything expired by ``now`` but keys starting with ``spare``; how many rows went."""
        gone = delete(short_memory).where(_C.expires_at <= now)
        if spare is not None:
            gone = gone.where(~_C.key.startswith(spare, autoescape=True))
        result = await self._conn.execute(gone)
        return result.rowcount or 0

    async def lapse(self, prefix: str, now: datetime, limit: int) -> list[tuple[str, Any]]:
        """Take at most ``limit`` values under ``prefix`` keys expired by ``now``, oldest first.

        On PostgreSQL the rows are locked as they are chosen, skipping those
        another instance is taking; SQLite has one writer at a time.
        """
        chosen = (
            select(_C.key)
            .where(_C.key.startswith(prefix, autoescape=True), _C.expires_at <= now)
            .order_by(_C.expires_at)
            .limit(limit)
        )
        if self._conn.dialect.name == "postgresql":
            chosen = chosen.with_for_update(skip_locked=True)
        taken = delete(short_memory).where(_C.key.in_(chosen.scalar_subquery())).returning(
            _C.key, _C.value, _C.expires_at
        )
        rows = sorted(await self._conn.execute(taken), key=lambda row: (row.expires_at, row.key))
        return [(row.key, row.value) for row in rows]


@cache
def _recall() -> Select[Any]:
    expires = bindparam("now", type_=_C.expires_at.type)
    return select(_C.key, _C.value).where(_C.key.in_(bindparam("keys", expanding=True)), _C.expires_at > expires)


@cache
def _keep(dialect: str) -> postgresql.Insert | sqlite.Insert:
    insert = upsert_insert_for(dialect, short_memory)
    return insert.on_conflict_do_update(
        index_elements=[_C.key], set_={"value": insert.excluded.value, "expires_at": insert.excluded.expires_at}
    )


@cache
def _forget() -> Delete:
    return delete(short_memory).where(_C.key == bindparam("gone"))
