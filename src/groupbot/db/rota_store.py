"""The on-duty rota table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.rota import OnDutyShift, on_duty_at
from groupbot.db.schema import on_duty

__all__ = ["SqlRotaStore"]


def _shift(row: Row[Any]) -> OnDutyShift:
    return OnDutyShift(row.person, row.name, row.starts_at, row.ends_at, row.set_by)


class SqlRotaStore:
    """:class:`~groupbot.core.ports.RotaStore` over ``on_duty``."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, shift: OnDutyShift) -> None:
        """Add a shift; a later-starting overlapping shift takes precedence."""
        await self._conn.execute(
            insert(on_duty).values(
                person=shift.person,
                name=shift.name,
                starts_at=shift.starts_at,
                ends_at=shift.ends_at,
                set_by=shift.set_by,
            )
        )

    async def upcoming(self, now: datetime, limit: int = 10) -> list[OnDutyShift]:
        """Shifts not yet over at ``now``, earliest first."""
        query = select(on_duty).where(on_duty.c.ends_at > now).order_by(on_duty.c.starts_at, on_duty.c.id)
        return [_shift(row) for row in await self._conn.execute(query.limit(limit))]

    async def current(self, now: datetime) -> OnDutyShift | None:
        """Who is on duty at ``now``."""
        return on_duty_at(await self.upcoming(now, limit=100), now)
