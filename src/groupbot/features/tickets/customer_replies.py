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

In a group where the bot answers only mentions, customers still answer "which
version are you on?" without @-ing the bot, and add a second line to a report
the same way: for :data:`LOOSE` after an update, and for the whole of
:data:`FOLLOWING` after a report, an awaited asker's words join the ticket even
when not said to the bot (unless the FAQ answers them or they are small talk:
then they are left alone, as any unaddressed message).

A reporter is awaited the same way for :data:`FOLLOWING` after their report is
filed: "it's on version 5.2" or a second look at the error right after the
report joins the ticket as details, instead of opening a ticket of its own.
A reporter already awaited by an update keeps that ticket; saying the same
report again is a counted repeat, and a message that repeats another open
ticket joins that one.

When ops split a report off its ticket (``/split``), a wait for its asker on
that ticket follows the report to its new ticket, unless another report of
theirs in that chat stays behind.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from groupbot.core.messages import IncomingMessage, Reply, ReplyKind
from groupbot.core.ports import UnitOfWork
from groupbot.core.tickets import Ticket, TicketReport
from groupbot.features.handled import Handled, Remember
from groupbot.features.texts import render
from groupbot.features.tickets.desk import HEAD_REPORTS, TicketDesk

__all__ = ["ACK_QUIET", "AWAITING", "FOLLOWING", "LOOSE", "Awaited", "CustomerReplies"]

log = logging.getLogger(__name__)

AWAITING = timedelta(hours=24)
"""How long after an update its askers' messages still join the ticket: an answer may take a working day."""
ACK_QUIET = timedelta(minutes=5)
"""After "added to ticket #N", the same asker's further additions are taken in silence for this long."""
FOLLOWING = timedelta(minutes=10)
"""After a report is filed, the reporter's further words in that chat join its ticket for this long."""
LOOSE = timedelta(minutes=30)
"""For this long after an update, its askers' words join the ticket even when not said to the bot."""


@dataclass(frozen=True, slots=True)
class Awaited:
    """The open ticket awaiting an asker's words, and whether they are details of their own report
    (else an answer to an update)."""

    ticket: Ticket
    details: bool = False
    since: datetime | None = None
    """When the wait began (the update was posted, the report filed); None for a wait recorded without it."""

    def takes_unaddressed(self, now: datetime) -> bool:
        """Whether words not said to the bot still join the ticket ``now`` (see :data:`LOOSE`)."""
        return self.details or (self.since is not None and now - self.since <= LOOSE)


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
                    await uow.memory.keep(_key(post.chat.key, asker.user_id),
                                          {"ticket": number, "since": now.isoformat()}, until)

        return keep

    def await_reporter(self, message: IncomingMessage, number: int) -> Remember:
        """The step that awaits ``message``'s sender in its chat for :data:`FOLLOWING`, their report being on
        ticket ``number``: what they add meanwhile joins it. An update's longer wait is left as it is."""

        async def keep(uow: UnitOfWork) -> None:
            key = _key(message.chat.key, message.sender.user_id)
            value = {"ticket": number, "details": True}
            await uow.memory.claim(key, value, message.received + FOLLOWING, message.received)

        return keep

    @staticmethod
    async def follow_split(uow: UnitOfWork, report: TicketReport, old: int, new: int, now: datetime) -> None:
        """``report`` was split off ticket ``old`` onto ``new``, its asker's last there: if awaited on ``old`` in
        that chat, they are awaited on ``new`` instead, for what remains of the wait."""
        key = _key(report.chat.key, report.sender.user_id)
        awaited = (await uow.memory.recall([key], now)).get(key)
        if isinstance(awaited, dict) and awaited.get("ticket") == old:
            await uow.memory.amend(key, {**awaited, "ticket": new}, now)

    async def take(
        self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str, awaited: Awaited | None = None,
    ) -> Handled | None:
        """File ``text`` on the ticket awaiting its sender in this chat (``awaited``, looked up when not
        given); None when none awaits them."""
        awaited = awaited or await self.awaiting(message, uow)
        if awaited is None:
            return None
        if awaited.details and (_said_before(awaited.ticket, message, text)
                                or await self._desk.repeats_another(text, awaited.ticket.number, uow)):
            return None  # their report said again (a counted repeat), or a known problem of its own
        return await self.file(message, text, awaited, uow, locale)

    async def awaiting(self, message: IncomingMessage, uow: UnitOfWork) -> Awaited | None:
        """The open ticket that awaits ``message``'s sender in its chat (an update, or their own report), if any."""
        key = _key(message.chat.key, message.sender.user_id)
        awaited = (await uow.memory.recall([key], message.received)).get(key)
        if not isinstance(awaited, dict) or not isinstance(awaited.get("ticket"), int):
            return None
        ticket = await uow.tickets.head(awaited["ticket"], HEAD_REPORTS)
        if ticket is None or not ticket.is_open:
            return None
        return Awaited(ticket, awaited.get("details") is True, _moment(awaited.get("since")))

    async def file(
        self, message: IncomingMessage, text: str, awaited: Awaited, uow: UnitOfWork, locale: str,
    ) -> Handled:
        """Add ``message`` (its ``text`` and pictures) to the awaited ticket: an answer to its update, or
        details of the asker's own report."""
        now = message.received
        key = _key(message.chat.key, message.sender.user_id)
        ticket = awaited.ticket
        report = TicketReport.of(message, text)
        why, notice = ({"adds": "details"}, "inbox_details") if awaited.details else ({"answers": "update"},
                                                                                   "inbox_answer")
        outcome = await self._desk.add_report(ticket, report, uow, why, notice)
        log.info("message %s joins ticket #%d (%s)", message.message_id, ticket.number, next(iter(why)))
        kind = "ticket_details" if awaited.details else "ticket_reply"  # what the console says the bot did
        quiet_key = f"{key}:ack"
        if not await uow.memory.claim(quiet_key, ticket.number, now + ACK_QUIET, now):
            return Handled(f"{kind}_quiet", outcome.announcements)
        said = render("ticket_reply_added", locale, number=ticket.number)
        ack = Reply(message.chat, said, ReplyKind.TICKET, reply_to_message_id=message.message_id)
        return Handled(kind, (ack, *outcome.announcements))


def _moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _said_before(ticket: Ticket, message: IncomingMessage, text: str) -> bool:
    """Whether ``message``'s sender already said ``text`` on ``ticket`` in its chat (among the latest reports)."""
    said = (message.chat.key, message.sender.user_id, text)
    return any((earlier.chat.key, earlier.sender.user_id, earlier.text) == said for earlier in ticket.reports)
