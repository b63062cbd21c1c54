"""Tickets with their reports and events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, false, func, insert, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.repeats import RepeatCandidate
from groupbot.core.tickets import OPEN_STATUSES, Ticket, TicketEvent, TicketReport, TicketStatus
from groupbot.db.schema import ticket_events, ticket_reports, tickets
from groupbot.db.ticket_rows import (
    REPORT_COLUMNS,
    event_from_row,
    event_values,
    report_from_row,
    report_values,
    ticket_from_row,
    ticket_values,
)

__all__ = ["REPEATS_LOCK", "SqlTicketStore"]

REPEATS_LOCK = 0x67726F75_70626F74  # "groupbot" in ASCII: a key no other application is likely to pick
"""The PostgreSQL advisory lock that serializes finding-or-opening a ticket for a new report."""


class SqlTicketStore:
    """:class:`~groupbot.core.ports.TicketStore` over ``tickets``, ``ticket_reports`` and ``ticket_events``.

    Ticket numbers are the table's auto-increment key, so two bot instances
    sharing one PostgreSQL database can never hand out the same number.
    """

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def create(self, ticket: Ticket) -> Ticket:
        """Store a new ticket with its reports; returns it with the number the database chose."""
        result = await self._conn.execute(insert(tickets).values(ticket_values(ticket)).returning(tickets.c.number))
        number = result.scalar_one()
        await self._insert_reports(number, ticket.reports)
        stored = await self.get(number)
        if stored is None:  # cannot happen inside this transaction; say so loudly if it does
            raise LookupError(f"ticket {number} vanished right after it was inserted")
        return stored

    async def get(self, number: int) -> Ticket | None:
        """Ticket ``number`` with its reports, or None."""
        found = await self._load(select(tickets).where(tickets.c.number == number))
        return found[0] if found else None

    async def save(self, ticket: Ticket) -> None:
        """Update a ticket's fields (not its reports); LookupError if it does not exist."""
        result = await self._conn.execute(
            update(tickets).where(tickets.c.number == ticket.number).values(ticket_values(ticket))
        )
        if result.rowcount == 0:
            raise LookupError(f"no ticket #{ticket.number}")

    async def add_report(self, number: int, report: TicketReport) -> None:
        """Attach another customer report to ticket ``number``."""
        await self._require(number)
        await self._insert_reports(number, (report,))

    async def add_event(self, event: TicketEvent) -> None:
        """Append ``event`` to its ticket's audit trail."""
        await self._require(event.ticket_number)
        await self._conn.execute(insert(ticket_events).values(event_values(event)))

    async def events(self, number: int) -> list[TicketEvent]:
        """Ticket ``number``'s events, oldest first."""
        rows = await self._conn.execute(
            select(ticket_events)
            .where(ticket_events.c.ticket_number == number)
            .order_by(ticket_events.c.at, ticket_events.c.id)
        )
        return [event_from_row(row) for row in rows]

    async def find(
        self,
        *,
        statuses: Sequence[str] = (),
        category: str | None = None,
        team: str | None = None,
        assignee: str | None = None,
        limit: int = 50,
    ) -> list[Ticket]:
        """Tickets matching every given filter, newest first."""
        query = select(tickets)
        if statuses:
            query = query.where(tickets.c.status.in_([str(status) for status in statuses]))
        for column, wanted in (("category", category), ("team", team), ("assignee", assignee)):
            if wanted is not None:
                query = query.where(tickets.c[column] == str(wanted))
        return await self._load(query.order_by(tickets.c.created_at.desc(), tickets.c.number.desc()).limit(limit))

    async def hold_repeats(self) -> None:
        """Until this transaction ends, be the only one deciding whether a report opens a ticket.

        Repeats are found by fuzzy similarity, so no key derived from a report's
        text tells which other reports it may repeat: one lock covers them all.
        PostgreSQL gives it as a transaction-scoped advisory lock, released at
        commit or rollback, across every connection and instance. On SQLite a
        write that changes nothing takes the database's one write lock (a no-op
        when this transaction holds it already, as it does after logging the
        message), so a second process on the same file waits too.
        """
        if self._conn.dialect.name == "postgresql":
            await self._conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": REPEATS_LOCK})
        else:
            await self._conn.execute(update(tickets).where(false()).values(number=tickets.c.number))

    async def merge_candidates(self, tickets_wanted: int, phrasings: int) -> list[RepeatCandidate]:
        """The newest open tickets, each with its title and latest distinct report texts.

        Only texts cross from the database, at most ``phrasings`` per ticket, so a
        ticket with hundreds of reports costs a new report no more than a fresh one.
        """
        heads = (
            await self._conn.execute(
                select(tickets.c.number, tickets.c.title)
                .where(tickets.c.status.in_([status.value for status in OPEN_STATUSES]))
                .order_by(tickets.c.created_at.desc(), tickets.c.number.desc())
                .limit(tickets_wanted)
            )
        ).all()
        texts: dict[int, list[str]] = defaultdict(list)
        if heads:
            for number, text in await self._conn.execute(_latest_texts([row.number for row in heads], phrasings)):
                texts[number].append(text)
        return [RepeatCandidate.phrased(row.number, row.title, texts[row.number]) for row in heads]

    async def touching(self, start: datetime, end: datetime) -> list[Ticket]:
        """Tickets created, first answered or resolved in ``[start, end)``, plus every escalated one."""
        def inside(column: Any) -> Any:
            return and_(column >= start, column < end)

        query = select(tickets).where(
            or_(
                inside(tickets.c.created_at),
                inside(tickets.c.first_response_at),
                inside(tickets.c.resolved_at),
                tickets.c.status == TicketStatus.ESCALATED.value,
            )
        )
        return await self._load(query.order_by(tickets.c.number))

    async def _load(self, query: Select[Any]) -> list[Ticket]:
        rows = (await self._conn.execute(query)).all()
        reports = await self._reports_of(row.number for row in rows)
        return [ticket_from_row(row, tuple(reports[row.number])) for row in rows]

    async def _reports_of(self, numbers: Iterable[int]) -> dict[int, list[TicketReport]]:
        wanted = list(numbers)
        by_ticket: dict[int, list[TicketReport]] = defaultdict(list)
        if not wanted:
            return by_ticket
        columns = [ticket_reports.c[name] for name in REPORT_COLUMNS]
        rows = await self._conn.execute(
            select(ticket_reports.c.ticket_number, *columns)
            .where(ticket_reports.c.ticket_number.in_(wanted))
            .order_by(ticket_reports.c.reported_at, ticket_reports.c.id)
        )
        for number, *values in rows.all():
            by_ticket[number].append(report_from_row(values))
        return by_ticket

    async def _insert_reports(self, number: int, reports: Sequence[TicketReport]) -> None:
        if reports:
            await self._conn.execute(insert(ticket_reports), [report_values(number, report) for report in reports])

    async def _require(self, number: int) -> None:
        # Checked up front: a foreign-key failure would abort the whole
        # PostgreSQL transaction, not just this statement.
        found = await self._conn.execute(select(tickets.c.number).where(tickets.c.number == number))
        if found.first() is None:
            raise LookupError(f"no ticket #{number}")


def _latest_texts(numbers: list[int], per_ticket: int) -> Select[Any]:
    """(ticket number, text) of each ticket's ``per_ticket`` most recently reported distinct texts."""
    latest = func.max(ticket_reports.c.id).label("latest")
    distinct = (
        select(ticket_reports.c.ticket_number, ticket_reports.c.text, latest)
        .where(ticket_reports.c.ticket_number.in_(numbers))
        .group_by(ticket_reports.c.ticket_number, ticket_reports.c.text)
        .subquery()
    )
    rank = func.row_number().over(partition_by=distinct.c.ticket_number, order_by=distinct.c.latest.desc())
    ranked = select(distinct.c.ticket_number, distinct.c.text, rank.label("rank")).subquery()
    return select(ranked.c.ticket_number, ranked.c.text).where(ranked.c.rank <= per_ticket).order_by(
        ranked.c.ticket_number, ranked.c.rank
    )
