"""Tickets with their reports and events."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    Insert,
    Select,
    Text,
    Update,
    and_,
    bindparam,
    cast,
    delete,
    exists,
    false,
    func,
    insert,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from groupbot.core.repeats import RepeatCandidate, remember_text
from groupbot.core.tickets import OPEN_STATUSES, ReportSummary, Ticket, TicketEvent, TicketReport, TicketStatus
from groupbot.db.schema import ticket_events, ticket_reports, tickets
from groupbot.db.ticket_rows import (
    REPORT_COLUMNS,
    event_from_row,
    event_values,
    first_report_values,
    report_from_row,
    report_values,
    ticket_from_row,
    ticket_values,
)

__all__ = ["REPEATS_LOCK", "SqlTicketStore"]

_CANDIDATE_CACHE = 1024
"""Open tickets kept as repeat candidates: five times the 200 newest that one search reads."""
REPEATS_LOCK = 0x67726F75_70626F74  # "groupbot" in ASCII: a key no other application is likely to pick
"""The PostgreSQL advisory lock that serializes finding-or-opening a ticket for a new report."""


class SqlTicketStore:
    """:class:`~groupbot.core.ports.TicketStore` over ``tickets``, ``ticket_reports`` and ``ticket_events``.

    Ticket numbers are the table's auto-increment key, so two bot instances
    sharing one PostgreSQL database can never hand out the same number.
    """

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn
        self._texts: dict[int, tuple[str, int, str]] = {}
        """Per ticket read by :meth:`merge_candidates` in this unit of work: title, report count, texts."""

    async def create(self, ticket: Ticket) -> Ticket:
        """Store a new ticket with its reports; returns it with the number the database chose."""
        values = ticket_values(ticket) | first_report_values(ticket.reports)
        result = await self._conn.execute(insert(tickets).values(values).returning(tickets.c.number))
        number = result.scalar_one()
        await self._insert_reports(number, ticket.reports)
        stored = await self.get(number)
        if stored is None:  # cannot happen inside this transaction; say so loudly if it does
            raise LookupError(f"ticket {number} vanished right after it was inserted")
        return stored

    async def get(self, number: int) -> Ticket | None:
        """Ticket ``number`` with its reports, or None."""
        row = (await self._conn.execute(_one_ticket(), {"number": number})).first()
        if row is None:
            return None
        reports = await self._conn.execute(_reports_of_one(), {"number": number})
        return ticket_from_row(row, tuple(report_from_row(values) for values in reports))

    async def head(self, number: int, reports: int) -> Ticket | None:
        """Ticket ``number`` with only its ``reports`` latest reports (and counts over all), or None.

        What a new report on a busy ticket needs, at the same cost for 10 reports or 10,000.
        """
        row = (await self._conn.execute(_one_ticket(), {"number": number})).first()
        if row is None:
            return None
        latest = await self._conn.execute(_reports_of_one(latest=True), {"number": number, "wanted": reports})
        return ticket_from_row(row, tuple(report_from_row(values) for values in reversed(latest.all())))

    async def save(self, ticket: Ticket) -> None:
        """Update a ticket's fields (not its reports); LookupError if it does not exist."""
        result = await self._conn.execute(
            update(tickets).where(tickets.c.number == ticket.number).values(ticket_values(ticket))
        )
        if result.rowcount == 0:
            raise LookupError(f"no ticket #{ticket.number}")

    async def images_of(self, platform: str, chat_id: str, message_id: str) -> tuple[str, ...]:
        """The pictures on the report a message became (the latest, if it became several), else none."""
        r = ticket_reports.c
        found = await self._conn.execute(
            select(r.images).where(r.platform == platform, r.chat_id == chat_id, r.message_id == message_id)
            .order_by(r.id.desc()).limit(1))
        images = found.scalar()
        return tuple(link for link in images if isinstance(link, str)) if isinstance(images, list) else ()

    async def add_report(self, number: int, report: TicketReport) -> ReportSummary:
        """Attach another customer report to ticket ``number``; returns the ticket's counts with it.

        The counts and recent texts on the ticket's row are brought up to date
        by indexed look-ups, never by reading the ticket's other reports.
        """
        known = {"number": number, "platform": report.chat.platform,
                 "sender_id": report.sender.user_id, "chat_id": report.chat.chat_id}
        row = (await self._conn.execute(_report_context(), known)).first()  # one trip for the three look-ups
        if row is None:
            raise LookupError(f"no ticket #{number}")
        asker_known, chat_known = row.asker_known, row.chat_known
        await self._insert_reports(number, (report,))
        counted = await self._conn.execute(
            update(tickets)
            .where(tickets.c.number == number)
            .values(
                report_count=tickets.c.report_count + 1,
                asker_count=tickets.c.asker_count + (0 if asker_known else 1),
                group_count=tickets.c.group_count + (0 if chat_known else 1),
                recent_texts=list(remember_text(row.recent_texts, report.text)),
            )
            .returning(tickets.c.report_count, tickets.c.asker_count, tickets.c.group_count)
        )
        return ReportSummary(*counted.one())

    async def remove_report(self, number: int, report: TicketReport) -> ReportSummary:
        """Take ``report`` off ticket ``number`` (its earliest row with that chat and message id); the ticket's
        counts without it, LookupError when it has no such report.

        The counts and recent texts are worked out again over the reports left: a
        rare ops action (``/split``) may read them all, unlike a report joining.
        """
        r = ticket_reports.c
        same = (r.ticket_number == number, r.platform == report.chat.platform, r.chat_id == report.chat.chat_id,
                r.message_id == report.message_id)
        gone = await self._conn.execute(delete(ticket_reports).where(r.id == select(func.min(r.id)).where(*same)
                                                                     .scalar_subquery()))
        if gone.rowcount == 0:
            raise LookupError(f"ticket #{number} has no report {report.chat.key}/{report.message_id}")
        left = await self._conn.execute(_reports_of_one(), {"number": number})
        counts = first_report_values([report_from_row(values) for values in left])
        await self._conn.execute(update(tickets).where(tickets.c.number == number).values(counts))
        return ReportSummary(counts["report_count"], counts["asker_count"], counts["group_count"])

    async def add_event(self, event: TicketEvent) -> None:
        """Append ``event`` to its ticket's audit trail."""
        await self._require(event.ticket_number)
        await self._conn.execute(_insert_event(), event_values(event))

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
            await self._conn.execute(_touch_nothing())

    async def merge_candidates(self, tickets_wanted: int, phrasings: int) -> list[RepeatCandidate]:
        """The newest open tickets, each with its title and latest distinct report texts.

        Only texts cross from the database, at most ``phrasings`` per ticket, so a
        ticket with hundreds of reports costs a new report no more than a fresh one.
        """
        if not self._texts:
            rows = (await self._conn.execute(_newest_open(tickets_wanted, texts=True))).all()
            self._texts = {row.number: (row.title, row.report_count, row.recent_texts) for row in rows}
            return [_candidate(row.number, row.title, row.recent_texts, phrasings) for row in rows]
        # Searched again in this unit of work (under the repeats lock): only a ticket opened,
        # joined (its report count moved) or renamed since then needs its texts read again.
        heads = (await self._conn.execute(_newest_open(tickets_wanted, texts=False))).all()
        stale = [row.number for row in heads if self._texts.get(row.number, ("", -1))[:2] != tuple(row[1:])]
        if stale:
            fresh = await self._conn.execute(_texts_of(), {"numbers": stale})
            self._texts |= {row.number: (row.title, row.report_count, row.recent_texts) for row in fresh}
        return [_candidate(row.number, row.title, self._texts[row.number][2], phrasings) for row in heads]

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
        found = await self._conn.execute(_ticket_number(), {"number": number})
        if found.first() is None:
            raise LookupError(f"no ticket #{number}")


# The statements below run for (nearly) every report, so each is built once with bound
# parameters, as the message log's are: SQLAlchemy then skips building the statement and
# computing its cache key on every call.


@cache
def _one_ticket() -> Select[Any]:
    return select(tickets).where(tickets.c.number == bindparam("number"))


@cache
def _ticket_number() -> Select[Any]:
    return select(tickets.c.number).where(tickets.c.number == bindparam("number"))


@cache
def _reports_of_one(latest: bool = False) -> Select[Any]:
    """One ticket's reports in the order they came, or (``latest``) its ``wanted`` newest, newest first."""
    columns = [ticket_reports.c[name] for name in REPORT_COLUMNS]
    query = select(*columns).where(ticket_reports.c.ticket_number == bindparam("number"))
    if latest:
        return query.order_by(ticket_reports.c.id.desc()).limit(bindparam("wanted"))
    return query.order_by(ticket_reports.c.reported_at, ticket_reports.c.id)


@cache
def _report_context() -> Select[Any]:
    """A ticket's recent texts, and whether a report's asker and chat have reported on it before."""
    reports = ticket_reports.c
    mine = (reports.ticket_number == tickets.c.number, reports.platform == bindparam("platform"))
    asker = exists().where(*mine, reports.sender_id == bindparam("sender_id"))  # ix_ticket_reports_asker
    chat = exists().where(*mine, reports.chat_id == bindparam("chat_id"))  # ix_ticket_reports_chat
    return select(tickets.c.recent_texts, asker.label("asker_known"), chat.label("chat_known")).where(
        tickets.c.number == bindparam("number")
    )


@cache
def _insert_event() -> Insert:
    return insert(ticket_events)


@cache
def _touch_nothing() -> Update:
    # SQLite: a write that changes no row still takes the database's write lock.
    return update(tickets).where(false()).values(number=tickets.c.number)


@lru_cache(maxsize=_CANDIDATE_CACHE)
def _candidate(number: int, title: str, recent_texts: str, phrasings: int) -> RepeatCandidate:
    # Keyed by the stored JSON text: an open ticket reads back the same from one search to the
    # next, so decoding and de-duplicating its texts (and hashing them afresh) is done once.
    return RepeatCandidate.phrased(number, title, json.loads(recent_texts)[:phrasings])


_TEXTS = cast(tickets.c.recent_texts, Text).label("recent_texts")
"""A ticket's recent texts as stored (JSON text), the key of :func:`_candidate`'s cache."""


@cache
def _newest_open(limit: int, texts: bool) -> Select[Any]:
    """The ``limit`` newest open tickets' number, title, report count and (``texts``) recent texts.

    One branch per open status, each walking ``ix_tickets_status_created_at``
    from its newest end, so the cost is ``limit`` rows however many tickets are
    open (ordering the whole IN list would sort every open ticket).
    """
    # Built once per limit (a statement is immutable): its unions cost more to build than to run.
    columns = (tickets.c.number, tickets.c.title, tickets.c.report_count, *([_TEXTS] if texts else []))
    newest_first = (tickets.c.created_at.desc(), tickets.c.number.desc())
    branches = [
        select(*columns, tickets.c.created_at)
        .where(tickets.c.status == status.value)
        .order_by(*newest_first)
        .limit(limit)
        .subquery()
        for status in sorted(OPEN_STATUSES)
    ]
    merged = union_all(*(select(*branch.c) for branch in branches)).subquery()
    wanted = [merged.c[column.name] for column in columns]  # created_at orders, it is not read
    return select(*wanted).order_by(merged.c.created_at.desc(), merged.c.number.desc()).limit(limit)


@cache
def _texts_of() -> Select[Any]:
    wanted = tickets.c.number.in_(bindparam("numbers", expanding=True))
    return select(tickets.c.number, tickets.c.title, tickets.c.report_count, _TEXTS).where(wanted)
