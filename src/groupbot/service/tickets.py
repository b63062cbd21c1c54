"""Opening tickets for what the bot could not answer."""

from __future__ import annotations

import re

from groupbot.core.messages import IncomingMessage
from groupbot.core.ports import Clock, UnitOfWork
from groupbot.core.tickets import Category, Ticket, TicketEvent, TicketReport, TicketStatus

__all__ = ["TicketDesk", "guess_category"]

TITLE_CHARS = 80
_RULES: tuple[tuple[Category, re.Pattern[str]], ...] = (
    (
        Category.FAILURE,
        re.compile(
            r"error|fail|crash|broken|not working|doesn'?t work|can'?t|cannot|unable|\b5\d\d\b|timeout|down\b|"
            r"报错|错误|失败|无法|打不开|不能用|崩溃|异常|超时|挂了",
            re.IGNORECASE,
        ),
    ),
    (
        Category.FEATURE,
        re.compile(r"feature|could you add|please add|would be nice|support for|希望|建议|能不能加|新增|增加.*功能"),
    ),
    (Category.HOWTO, re.compile(r"\bhow\b|\bwhere\b|怎么|如何|在哪|怎样", re.IGNORECASE)),
)


def guess_category(text: str) -> Category:
    """A first guess at what kind of problem ``text`` reports."""
    for category, pattern in _RULES:
        if pattern.search(text):
            return category
    return Category.OTHER


class TicketDesk:
    """Turns unanswered questions into tickets, with an audit event each."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def open_for(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> Ticket:
        """Open a ticket whose first report is ``message`` (its cleaned text is ``text``)."""
        now = self._clock.now()
        report = TicketReport(message.chat, message.sender, message.message_id, text, message.time)
        draft = Ticket(
            number=0,
            title=_title(text),
            category=guess_category(text),
            status=TicketStatus.OPEN,
            created_at=now,
            updated_at=now,
            first_reporter=f"{message.platform}:{message.sender.user_id}",
            locale=locale,
            reports=(report,),
        )
        ticket = await uow.tickets.create(draft)
        await uow.tickets.add_event(TicketEvent(ticket.number, "bot", now, "opened", note=draft.category.value))
        return ticket


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"
