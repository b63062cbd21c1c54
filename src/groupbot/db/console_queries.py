"""The console's read-only queries (``groupbot.core.console_views.ConsoleQueries``) over SQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.core.console_views import ChatActivity, ChatLine, DayAnswers, TicketFilter, TicketPage
from groupbot.core.tickets import TicketStatus
from groupbot.db.digest_store import ANSWERED, ASKED
from groupbot.db.schema import chats, inbound_messages, ticket_reports, tickets
from groupbot.db.ticket_store import SqlTicketStore

__all__ = ["SqlConsoleQueries"]


class SqlConsoleQueries:
    """Each query on its own short read-only connection."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def ticket_page(self, wanted: TicketFilter, offset: int, limit: int) -> TicketPage:
        """Tickets matching ``wanted``, newest first, ``limit`` from ``offset``."""
        conditions = [_matching(wanted)]
        async with self._engine.connect() as conn:
            counts = await conn.execute(
                select(tickets.c.status, func.count()).where(*conditions).group_by(tickets.c.status)
            )
            by_status = {status: count for status, count in counts}
            numbers = await conn.execute(
                select(tickets.c.number).where(*conditions).order_by(tickets.c.number.desc())
                .offset(offset).limit(limit)
            )
            store = SqlTicketStore(conn)
            found = [await store.get(number) for number in numbers.scalars()]
        listed = [ticket for ticket in found if ticket is not None]
        return TicketPage(listed, sum(by_status.values()), by_status)

    async def chats(self) -> list[ChatActivity]:
        """Every chat with saved settings or logged messages, most recently active first."""
        c = inbound_messages.c
        async with self._engine.connect() as conn:
            latest = await conn.execute(
                select(c.platform, c.chat_id, func.max(c.received_at), func.max(c.chat_kind))
                .group_by(c.platform, c.chat_id)
            )
            seen = {(platform, chat_id): (at, kind) for platform, chat_id, at, kind in latest}
            saved = {(row.platform, row.chat_id): row for row in await conn.execute(select(chats))}
            titles = await conn.execute(
                select(ticket_reports.c.platform, ticket_reports.c.chat_id, func.max(ticket_reports.c.chat_title))
                .group_by(ticket_reports.c.platform, ticket_reports.c.chat_id)
            )
            named = {(platform, chat_id): title for platform, chat_id, title in titles}
        keys = set(seen) | set(saved)
        rows = [_activity(key, saved.get(key), *seen.get(key, (None, None)), named.get(key, "")) for key in keys]
        epoch = datetime.min.replace(tzinfo=ZoneInfo("UTC"))
        return sorted(rows, key=lambda row: (row.last_activity or epoch, row.chat_id), reverse=True)

    async def answers_by_day(self, start: datetime, end: datetime, timezone: str) -> list[DayAnswers]:
        """Questions and answers per local day between ``start`` and ``end``."""
        async with self._engine.connect() as conn:
            rows = await conn.execute(
                select(inbound_messages.c.received_at, inbound_messages.c.outcome).where(
                    inbound_messages.c.received_at >= start,
                    inbound_messages.c.received_at < end,
                    inbound_messages.c.outcome.in_(ASKED),
                )
            )
            zone = ZoneInfo(timezone)
            asked: Counter[Any] = Counter()
            answered: Counter[Any] = Counter()
            for at, outcome in rows:
                day = at.astimezone(zone).date()
                asked[day] += 1
                answered[day] += outcome in ANSWERED
        return [DayAnswers(day, asked[day], answered[day]) for day in sorted(asked)]

    async def around(self, messages: Sequence[tuple[str, str, str]], before: int, after: int) -> list[list[ChatLine]]:
        """Each message with its chat's neighbours in the log (by log order: the order the bot read them)."""
        async with self._engine.connect() as conn:
            return [await _around(conn, key, before, after) for key in messages]


async def _around(conn: Any, key: tuple[str, str, str], before: int, after: int) -> list[ChatLine]:
    c = inbound_messages.c
    platform, chat_id, message_id = key
    same_chat = (c.platform == platform, c.chat_id == chat_id)
    anchor = (await conn.execute(select(c.id).where(*same_chat, c.message_id == message_id))).scalar()
    if anchor is None:
        return []
    columns = (c.received_at, c.sender_id, c.sender_name, c.text, c.outcome, c.entry_id, c.message_id,
               _ticket_of(c))
    earlier = await conn.execute(
        select(*columns).where(*same_chat, c.id <= anchor).order_by(c.id.desc()).limit(before + 1)
    )
    later = await conn.execute(select(*columns).where(*same_chat, c.id > anchor).order_by(c.id).limit(after))
    return [ChatLine(*row) for row in [*reversed(earlier.all()), *later.all()]]


def _ticket_of(c: Any) -> Any:
    """The ticket the logged message ``c`` is a report on: the lowest number not merged into another."""
    r, t = ticket_reports.c, tickets.c
    return (
        select(func.min(r.ticket_number))
        .join(tickets, t.number == r.ticket_number)
        .where(r.platform == c.platform, r.chat_id == c.chat_id, r.message_id == c.message_id,
               t.status != TicketStatus.DUPLICATE.value)
        .scalar_subquery()
    )


def _matching(wanted: TicketFilter) -> Any:
    """The filters, or the ticket whose number the text is, whatever its status (a customer quotes it)."""
    filtered = and_(true(), *_conditions(wanted))
    digits = wanted.text.removeprefix("#").strip()
    if digits.isascii() and digits.isdecimal() and len(digits) < 10:
        return or_(filtered, tickets.c.number == int(digits))
    return filtered


def _conditions(wanted: TicketFilter) -> list[Any]:
    conditions: list[Any] = []
    if wanted.statuses:
        conditions.append(tickets.c.status.in_(wanted.statuses))
    if wanted.category:
        conditions.append(tickets.c.category == wanted.category)
    if wanted.team:
        conditions.append(tickets.c.team == wanted.team)
    if wanted.owner:
        conditions.append(func.lower(tickets.c.assignee) == wanted.owner.lower().lstrip("@"))
    if wanted.group:
        conditions.append(_has_report(or_(ticket_reports.c.chat_id == wanted.group,
                                          ticket_reports.c.chat_title == wanted.group)))
    if wanted.text:
        pattern = f"%{_escape_like(wanted.text.lower())}%"
        in_title = func.lower(tickets.c.title).like(pattern, escape="\\")
        r = ticket_reports.c
        # who asked and where, too: ops are told "bob in the Acme group" more often than the words
        in_reports = or_(*(func.lower(column).like(pattern, escape="\\")
                           for column in (r.text, r.sender_name, r.sender_id, r.chat_title, r.chat_id)))
        conditions.append(or_(in_title, _has_report(in_reports)))
    return conditions


def _has_report(condition: Any) -> Any:
    same_ticket = ticket_reports.c.ticket_number == tickets.c.number
    return select(ticket_reports.c.id).where(and_(same_ticket, condition)).exists()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _activity(key: tuple[str, str], saved: Any, last: datetime | None, logged: str | None, title: str) -> ChatActivity:
    """One chat's row; its kind as its messages were logged (settings saved from the console once guessed it)."""
    platform, chat_id = key
    if saved is None:
        return ChatActivity(platform, chat_id, title, logged or "group", None, None, last)
    kind = logged or saved.kind
    return ChatActivity(platform, chat_id, saved.title or title, kind, saved.mode, saved.locale, last)
