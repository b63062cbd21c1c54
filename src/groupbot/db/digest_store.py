"""What the weekly digest reads from the database, and the once-per-week claim."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.digest import AnswerStats, Breach, DigestInput, IsoWeek
from groupbot.core.tickets import Severity
from groupbot.db.dialects import upsert_insert
from groupbot.db.schema import audit_events, digest_runs, inbound_messages, sla_breaches, tickets
from groupbot.db.ticket_store import SqlTicketStore

__all__ = ["ANSWERED", "ASKED", "SqlDigestStore"]

# Message-log outcomes: a question the bot answered, and every question it was asked.
ANSWERED = ("answer", "choice")
ASKED = (*ANSWERED, "suggest", "ticket")


class SqlDigestStore:
    """Gathers a :class:`DigestInput` and claims weeks in ``digest_runs``."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def claim_week(self, week: IsoWeek, instance: str, now: datetime) -> bool:
        """True for exactly one caller per week, ever: the unique row is the lease.

        The row commits together with the digest's outbox messages, so a crash
        before the commit leaves the week unclaimed and the next run posts it.
        """
        insert = upsert_insert(self._conn, digest_runs).values(week=str(week), instance=instance, created_at=now)
        result = await self._conn.execute(insert.on_conflict_do_nothing().returning(digest_runs.c.week))
        return result.first() is not None

    async def gather(self, week: IsoWeek, timezone: str) -> DigestInput:
        """Tickets, FAQ numbers, breaches and unanswered questions for ``week`` and the week before."""
        start, end = week.start(timezone), week.end(timezone)
        before = week.previous().start(timezone)
        return DigestInput(
            week=week,
            timezone=timezone,
            tickets=await SqlTicketStore(self._conn).touching(before, end),
            answers=await self._answers(start, end),
            previous_answers=await self._answers(before, start),
            breaches=await self._breaches(start, end),
            previous_breaches=len(await self._breaches(before, start)),
            unanswered=await self._unanswered(start, end),
        )

    async def active_before(self, moment: datetime) -> bool:
        """Whether a message was logged or a ticket opened before ``moment`` (each an indexed look-up)."""
        heard = select(inbound_messages.c.id).where(inbound_messages.c.received_at < moment).limit(1)
        opened = select(tickets.c.number).where(tickets.c.created_at < moment).limit(1)
        for first in (heard, opened):
            if (await self._conn.execute(first)).first() is not None:
                return True
        return False

    async def _answers(self, start: datetime, end: datetime) -> AnswerStats:
        in_week = and_(inbound_messages.c.received_at >= start, inbound_messages.c.received_at < end)
        rows = await self._conn.execute(
            select(inbound_messages.c.outcome, func.count())
            .where(in_week, inbound_messages.c.outcome.in_(ASKED))
            .group_by(inbound_messages.c.outcome)
        )
        outcomes: dict[str, int] = {outcome: count for outcome, count in rows}
        votes = await self._conn.execute(
            select(audit_events.c.outcome, func.count())
            .where(audit_events.c.action == "feedback", audit_events.c.at >= start, audit_events.c.at < end)
            .group_by(audit_events.c.outcome)
        )
        feedback: dict[str, int] = {outcome: count for outcome, count in votes}
        return AnswerStats(
            questions=sum(outcomes.values()),
            answered=sum(outcomes.get(name, 0) for name in ANSWERED),
            helpful=feedback.get("helpful", 0),
            unhelpful=feedback.get("unhelpful", 0),
        )

    async def _breaches(self, start: datetime, end: datetime) -> list[Breach]:
        rows = await self._conn.execute(
            select(sla_breaches, tickets.c.title)
            .join(tickets, tickets.c.number == sla_breaches.c.ticket_number)
            .where(sla_breaches.c.due_at >= start, sla_breaches.c.due_at < end)
        )
        return [Breach(row.ticket_number, row.kind, row.due_at, Severity(row.severity), row.title) for row in rows]

    async def _unanswered(self, start: datetime, end: datetime) -> list[str]:
        rows = await self._conn.execute(
            select(inbound_messages.c.text).where(
                inbound_messages.c.received_at >= start,
                inbound_messages.c.received_at < end,
                inbound_messages.c.outcome == "ticket",
            )
        )
        return list(rows.scalars())
