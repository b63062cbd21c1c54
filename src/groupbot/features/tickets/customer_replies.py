"""Talking with the customer while a ticket is open: ops post an update, the askers' answers join the ticket.

``/reply N text`` posts ``text`` to every chat that reported ticket N, as
``/resolve`` does, but leaves the ticket open: "we are on it", or "which
version are you on?". The askers it mentions are then awaited in their chat
for :data:`AWAITING` (in the database, so any instance sees it): what one of
them says to the bot there that the FAQ does not answer (a reply to the
update, a mention, or any message where the chat's mode takes every
question) joins the ticket as another report instead of opening a new ticket
or offering a did-you-mean, and ops are told as for any report. The asker
hears "added to ticket #N" once per :data:`ACK_QUIET`, so several messages in
a row get one line. A question the FAQ answers is still answered, small talk
is still small talk, and a ticket answered or closed meanwhile awaits nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from groupbot.core.messages import IncomingMessage, Reply, ReplyKind
from groupbot.core.ports import UnitOfWork
from groupbot.core.tickets import Ticket, TicketReport
from groupbot.features.handled import Handled, Remember
from groupbot.features.texts import render
from groupbot.features.tickets.desk import HEAD_REPORTS, TicketDesk

__all__ = ["ACK_QUIET", "AWAITING", "CustomerReplies"]

log = logging.getLogger(__name__)

AWAITING = timedelta(hours=24)
"""How long after an update its askers' messages still join the ticket: an answer may take a working day."""
ACK_QUIET = timedelta(minutes=5)
"""After "added to ticket #N", the same asker's further additions are taken in silence for this long."""


def _key(chat_key: str, user_id: str) -> str:
    return f"awaiting:{chat_key}:{user_id}"


class CustomerReplies:
    """Remembers whom an update awaits, and files what they answer on the ticket."""

    def __init__(self, desk: TicketDesk) -> None:
        self._desk = desk

    def await_askers(self, number: int, posts: Sequence[Reply], now: datetime) -> Remember:
        """The step that awaits every asker the update ``posts`` (sent ``now``) mention, each in the chat it went to."""
        until = now + AWAITING

        async def keep(uow: UnitOfWork) -> None:
            for post in posts:
                for asker in post.mentions:
                    await uow.memory.keep(_key(post.chat.key, asker.user_id), {"ticket": number}, until)

        return keep

    async def take(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> Handled | None:
        """File ``text`` on the ticket awaiting its sender in this chat; None when none awaits them."""
        ticket = await self.awaiting(message, uow)
        return None if ticket is None else await self.file(message, text, ticket, uow, locale)

    async def awaiting(self, message: IncomingMessage, uow: UnitOfWork) -> Ticket | None:
        """The open ticket whose update awaits ``message``'s sender in its chat, if any."""
        key = _key(message.chat.key, message.sender.user_id)
        awaited = (await uow.memory.recall([key], message.received)).get(key)
        if not isinstance(awaited, dict) or not isinstance(awaited.get("ticket"), int):
            return None
        ticket = await uow.tickets.head(awaited["ticket"], HEAD_REPORTS)
        return ticket if ticket is not None and ticket.is_open else None

    async def file(self, message: IncomingMessage, text: str, ticket: Ticket, uow: UnitOfWork, locale: str) -> Handled:
        """Add ``message`` (its ``text`` and pictures) to ``ticket`` as the asker's answer to its update."""
        now = message.received
        key = _key(message.chat.key, message.sender.user_id)
        report = TicketReport.of(message, text)
        outcome = await self._desk.add_report(ticket, report, uow, {"answers": "update"}, "inbox_answer")
        log.info("message %s answers ticket #%d's update", message.message_id, ticket.number)
        quiet_key = f"{key}:ack"
        if not await uow.memory.claim(quiet_key, ticket.number, now + ACK_QUIET, now):
            return Handled("ticket_reply_quiet", outcome.announcements)
        said = render("ticket_reply_added", locale, number=ticket.number)
        ack = Reply(message.chat, said, ReplyKind.TICKET, reply_to_message_id=message.message_id)
        return Handled("ticket_reply", (ack, *outcome.announcements))
