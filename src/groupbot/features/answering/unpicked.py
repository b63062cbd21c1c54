"""Did-you-mean offers nobody took up: the question went unanswered, so it goes to the support team.

An asker who is offered a few entries and neither picks one nor says none
fits has not been answered, and a failure report asked this way would
otherwise be lost. When the offer expires, and the asker has had nothing
else answered or ticketed in that chat since (a rephrased question that got
its answer), the question goes to the ticket desk as if they had replied 0,
except that nothing is said in the group: the asker has moved on, and a late
message there is noise. Ops hear of it with the entries that were offered;
/resolve answers the asker in the group as for any ticket.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from groupbot.core.messages import Reply
from groupbot.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from groupbot.core.tickets import TicketEvent
from groupbot.features.answering.choices import Offer, PendingChoices
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.features.outbox.reply_queue import ReplyOutbox
from groupbot.features.texts import render
from groupbot.features.tickets.desk import TicketDesk

__all__ = ["UnpickedOffers"]

log = logging.getLogger(__name__)
PER_ROUND = 200
"""Offers taken in one round (one transaction); the rest wait for the next."""
ANSWERED_SINCE = frozenset({
    "answer", "choice", "cooldown", "ticket", "ticket_merged", "ticket_quiet", "ticket_reopened", "ticket_reply",
    "ticket_reply_quiet",
})
"""Outcomes of a later message that mean the asker got an answer or a ticket after the offer."""
LATER_MESSAGES = 20


class UnpickedOffers:
    """Turns expired, unanswered did-you-mean offers into tickets (or reports on the ticket they repeat)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        desk: TicketDesk,
        catalog: FaqCatalog,
        outbox: ReplyOutbox,
        locale: str,
        choices: PendingChoices | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._desk = desk
        self._catalog = catalog
        self._outbox = outbox
        self._locale = locale
        self._choices = choices or PendingChoices()

    async def run_once(self) -> int:
        """Take the offers that expired by now; how many became (part of) a ticket."""
        queued: list[int] = []
        ticketed = 0
        async with self._uow_factory() as uow:
            for offer in await self._choices.lapsed(uow, self._clock.now(), PER_ROUND):
                if await self._answered_since(offer, uow):
                    continue
                queued += await self._ticket(offer, uow)
                ticketed += 1
            await uow.commit()
        await self._outbox.deliver(queued)
        return ticketed

    @staticmethod
    async def _answered_since(offer: Offer, uow: UnitOfWork) -> bool:
        later = await uow.messages.outcomes_after(offer.question, LATER_MESSAGES)
        return any(outcome in ANSWERED_SINCE for outcome in later)

    async def _ticket(self, offer: Offer, uow: UnitOfWork) -> list[int]:
        """Hand ``offer``'s question to the desk; the ids of the queued ops notices."""
        locale = offer.locale or self._locale
        outcome = await self._desk.open_or_merge(offer.question, offer.text, uow, locale)
        number = outcome.ticket.number
        offered = [entry.question for entry in map(self._catalog.entry, offer.entry_ids) if entry is not None]
        now = self._clock.now()
        event = TicketEvent(number, "bot", now, "unpicked", " / ".join(offered), {"offered": str(len(offered))})
        await uow.tickets.add_event(event)
        log.info("did-you-mean for %s went unpicked: ticket #%d", offer.question.message_id, number)
        announcements = [self._noted(reply, offered) for reply in outcome.announcements]
        return await self._outbox.queue(uow, announcements)

    def _noted(self, announcement: Reply, offered: list[str]) -> Reply:
        """``announcement`` with a line saying which entries the asker was offered and did not pick."""
        locale = announcement.meta.get("locale", self._locale)
        line = render("unpicked_note", locale, offered=" / ".join(offered) or "-")
        return replace(announcement, text=f"{announcement.text}\n{line}")
