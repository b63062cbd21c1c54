"""Recorded SLA breaches and when each reminder last went out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.sla import SlaCheck
from groupbot.core.tickets import Severity
from groupbot.db.dialects import upsert_insert
from groupbot.db.schema import sla_breaches, sla_reminders

__all__ = ["SqlSlaStore"]


class SqlSlaStore:
    """:class:`~groupbot.core.ports.SlaStore` over ``sla_breaches`` and ``sla_reminders``."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def record_breach(self, check: SlaCheck, severity: Severity, now: datetime) -> bool:
        """Record ``check`` as a breach; False if this ticket's target was already recorded."""
        statement = (
            upsert_insert(self._conn, sla_breaches)
            .values(
                ticket_number=check.ticket_number,
                kind=check.kind.value,
                severity=severity.value,
                due_at=check.due,
                recorded_at=now,
            )
            .on_conflict_do_nothing()
            .returning(sla_breaches.c.id)
        )
        return (await self._conn.execute(statement)).first() is not None

    async def last_reminder(self, check: SlaCheck) -> datetime | None:
        """When we last reminded about this target in this state, if ever."""
        c = sla_reminders.c
        query = select(c.reminded_at).where(
            c.ticket_number == check.ticket_number, c.kind == check.kind.value, c.state == check.state.value
        )
        return (await self._conn.execute(query)).scalar_one_or_none()

    async def reminded(self, check: SlaCheck, now: datetime) -> None:
        """Remember that a reminder about ``check`` went out at ``now``."""
        values = {"ticket_number": check.ticket_number, "kind": check.kind.value, "state": check.state.value}
        statement = upsert_insert(self._conn, sla_reminders).values(**values, reminded_at=now)
        await self._conn.execute(
            statement.on_conflict_do_update(index_elements=list(values), set_={"reminded_at": now})
        )
