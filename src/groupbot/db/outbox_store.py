"""The outbox table: add in the caller's transaction, claim for sending, record outcomes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.outbox import OutboxKind, OutboxMessage, OutboxStatus
from groupbot.core.routing import Destination
from groupbot.db.schema import outbox

__all__ = ["SqlOutboxStore"]


def _from_row(row: Row[Any]) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        delivery_id=row.delivery_id,
        kind=OutboxKind(row.kind),
        destination=Destination.parse(row.destination),
        payload=dict(row.payload),
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        last_error=row.last_error,
        delivered_at=row.delivered_at,
        ticket_number=row.ticket_number,
        attachment=row.attachment,
    )


class SqlOutboxStore:
    """:class:`~groupbot.core.ports.OutboxStore` over the ``outbox`` table.

    Claiming marks rows with a token and a deadline. On PostgreSQL the candidate
    rows are locked with ``FOR UPDATE SKIP LOCKED`` so concurrent senders pick
    different rows without waiting; SQLite has one writer at a time anyway, and
    the conditions repeated in the UPDATE keep a row from being claimed twice.
    """

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, message: OutboxMessage) -> OutboxMessage:
        """Insert ``message``; returns it with its id."""
        values = {
            "delivery_id": message.delivery_id,
            "kind": message.kind.value,
            "destination": str(message.destination),
            "payload": message.payload,
            "attachment": message.attachment,
            "ticket_number": message.ticket_number,
            "status": message.status.value,
            "attempts": message.attempts,
            "next_attempt_at": message.next_attempt_at,
            "last_error": message.last_error,
            "created_at": message.created_at,
            "delivered_at": message.delivered_at,
        }
        result = await self._conn.execute(insert(outbox).values(values).returning(outbox.c.id))
        stored = await self.get(result.scalar_one())
        assert stored is not None  # just inserted in this transaction
        return stored

    def _claimable(self, now: datetime) -> list[Any]:
        return [
            outbox.c.status == OutboxStatus.PENDING.value,
            outbox.c.next_attempt_at <= now,
            or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= now),
        ]

    async def claim_due(
        self, now: datetime, until: datetime, limit: int, ids: Sequence[int] | None = None
    ) -> list[OutboxMessage]:
        """Hold up to ``limit`` due, unheld messages (only ``ids``, if given) until ``until``; oldest due first."""
        conditions = self._claimable(now) + ([outbox.c.id.in_(list(ids))] if ids is not None else [])
        candidates = (
            select(outbox.c.id)
            .where(*conditions)
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list((await self._conn.execute(candidates)).scalars())
        if not ids:
            return []
        token = uuid.uuid4().hex
        await self._conn.execute(
            update(outbox)
            .where(outbox.c.id.in_(ids), *self._claimable(now))
            .values(claimed_until=until, claim_token=token)
        )
        rows = await self._conn.execute(select(outbox).where(outbox.c.claim_token == token).order_by(outbox.c.id))
        return [_from_row(row) for row in rows]

    async def save(self, message: OutboxMessage) -> None:
        """Store the outcome of an attempt and release the claim."""
        await self._conn.execute(
            update(outbox)
            .where(outbox.c.id == message.id)
            .values(
                status=message.status.value,
                attempts=message.attempts,
                next_attempt_at=message.next_attempt_at,
                last_error=message.last_error,
                delivered_at=message.delivered_at,
                claimed_until=None,
                claim_token=None,
            )
        )

    async def get(self, message_id: int) -> OutboxMessage | None:
        """Message ``message_id``, or None."""
        row = (await self._conn.execute(select(outbox).where(outbox.c.id == message_id))).first()
        return _from_row(row) if row else None

    async def find(self, status: OutboxStatus | None = None, limit: int = 20) -> list[OutboxMessage]:
        """Newest first, optionally only those in ``status``."""
        query = select(outbox).order_by(outbox.c.id.desc()).limit(limit)
        if status is not None:
            query = query.where(outbox.c.status == status.value)
        return [_from_row(row) for row in await self._conn.execute(query)]

    async def counts(self) -> dict[OutboxStatus, int]:
        """How many messages are pending, delivered and dead."""
        rows = await self._conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status))
        found = {OutboxStatus(status): count for status, count in rows}
        return {status: found.get(status, 0) for status in OutboxStatus}
