"""The audit trail of attempted actions, e.g. commands refused for lack of permission."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.db.schema import audit_events

__all__ = ["SqlAuditLog"]


class SqlAuditLog:
    """:class:`~groupbot.core.ports.AuditLog` over the ``audit_events`` table."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def record(
        self,
        *,
        time: datetime,
        platform: str,
        chat_id: str,
        actor: str,
        action: str,
        outcome: str,
        detail: str = "",
    ) -> None:
        """Append one audit event."""
        await self._conn.execute(
            insert(audit_events).values(
                at=time, platform=platform, chat_id=chat_id, actor=actor, action=action, outcome=outcome, detail=detail
            )
        )
