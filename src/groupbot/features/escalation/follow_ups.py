"""Closing the loop: ask the affected groups "solved?" after a resolution, and record what they say.

A "no" reopens the ticket and tells the ops chat and the destinations it was escalated to. Only the people who reported
the problem in that chat can answer, so a stray "1" from someone else (or an
answer meant for the FAQ's did-you-mean list) is not taken as a verdict.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from groupbot.core.escalation import chat_payload
from groupbot.core.follow_ups import FollowUp, FollowUpAnswer, read_answer
from groupbot.core.language import follow_up_locale
from groupbot.core.messages import IncomingMessage, Reply, ReplyKind
from groupbot.core.outbox import OutboxKind, new_message
from groupbot.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from groupbot.core.routing import Destination, DestinationKind
from groupbot.core.tickets import TicketStatus, change_status
from groupbot.features.chats.language import spoken_in
from groupbot.features.escalation.desk import EscalationDesk
from groupbot.features.handled import Handled
from groupbot.features.texts import render

__all__ = ["FollowUpDesk", "FollowUpJob"]

log = logging.getLogger(__name__)


class FollowUpDesk:
    """Asks due follow-ups and reads the answers."""

    def __init__(
        self,
        ops_chat: Destination | None,
        locale: str = "zh-CN",
        window: timedelta = timedelta(days=3),
        escalation: EscalationDesk | None = None,
    ) -> None:
        self._ops_chat = ops_chat
        self._escalation = escalation
        self._locale = locale
        self._window = window

    async def ask_due(self, uow: UnitOfWork, now: datetime) -> int:
        """Queue every due "solved?" question; returns how many."""
        due = await uow.follow_ups.due(now)
        for follow_up in due:
            ticket = await uow.tickets.get(follow_up.ticket_number)
            if ticket is None or ticket.status is not TicketStatus.RESOLVED:
                await uow.follow_ups.mark_asked(follow_up.id, now)  # reopened or gone: nothing to ask
                continue
            text = render("follow_up_question", ticket.locale or self._locale, number=ticket.number, title=ticket.title)
            target = Destination(DestinationKind.CHAT, f"{follow_up.chat.platform}:{follow_up.chat.chat_id}")
            payload = chat_payload(text, mentions=follow_up.askers, kind="notice")
            await uow.outbox.add(new_message(OutboxKind.FOLLOW_UP, target, payload, now, ticket_number=ticket.number))
            await uow.follow_ups.mark_asked(follow_up.id, now)
        return len(due)

    async def handle(self, message: IncomingMessage, text: str, uow: UnitOfWork, locale: str) -> Handled | None:
        """Record ``message`` as an answer to an open "solved?" question; None when it is not one."""
        answer = read_answer(text)
        if answer is None:
            return None
        follow_up = await self._asked_of(uow, message)
        if follow_up is None:
            return None
        actor = f"{message.platform}:{message.sender.user_id}"
        await uow.follow_ups.answer(follow_up.id, answer, actor, message.received)
        ticket = await uow.tickets.get(follow_up.ticket_number)  # a bare "2" keeps the language "solved?" was in
        locale = follow_up_locale(text, locale, ticket.locale if ticket is not None else None)
        if answer is FollowUpAnswer.SOLVED:
            return _reply(message, "follow_up:solved", render("follow_up_thanks", locale))
        await self._reopen(uow, follow_up, actor, message.received)
        sorry = render("follow_up_sorry", locale, number=follow_up.ticket_number)
        return _reply(message, "follow_up:not_solved", sorry)

    async def _asked_of(self, uow: UnitOfWork, message: IncomingMessage) -> FollowUp | None:
        for follow_up in await uow.follow_ups.open_in(message.chat, message.received - self._window):
            if any(user_id == message.sender.user_id for user_id, _ in follow_up.askers):
                return follow_up
        return None

    async def _reopen(self, uow: UnitOfWork, follow_up: FollowUp, actor: str, now: datetime) -> None:
        ticket = await uow.tickets.get(follow_up.ticket_number)
        if ticket is None or ticket.status is not TicketStatus.RESOLVED:
            return
        # The same move as every other reopening: the old resolution goes, and the event reads "resolved -> open".
        reopened, event = change_status(ticket, TicketStatus.OPEN, actor, now, "follow-up: not solved")
        await uow.tickets.save(reopened)
        await uow.tickets.add_event(event)
        log.info("ticket #%d reopened: %s says it is not solved", ticket.number, actor)
        if self._escalation is not None:
            await self._escalation.tell_destinations(uow, reopened, "reopened", now,
                                                     text="escalation_reopened_by_customer_notice")
        if self._ops_chat is not None:
            locale = await spoken_in(uow, self._ops_chat, self._locale)
            text = render("follow_up_reopened", locale, number=ticket.number, title=ticket.title)
            notice = new_message(OutboxKind.ANNOUNCEMENT, self._ops_chat, chat_payload(text), now,
                                 ticket_number=ticket.number)
            await uow.outbox.add(notice)


def _reply(message: IncomingMessage, outcome: str, text: str) -> Handled:
    return Handled(outcome, (Reply(message.chat, text, ReplyKind.NOTICE, reply_to_message_id=message.message_id),))


class FollowUpJob:
    """Steppable: :meth:`run_once` queues the questions due at the clock's time."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, desk: FollowUpDesk, on_queued: Callable[[], None]
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._desk = desk
        self._on_queued = on_queued

    async def run_once(self) -> int:
        """Ask what is due; returns how many questions were queued."""
        async with self._uow_factory() as uow:
            asked = await self._desk.ask_due(uow, self._clock.now())
            await uow.commit()
        if asked:
            self._on_queued()
        return asked
