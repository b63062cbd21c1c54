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
from datetime import datetime, timedelta

from groupbot.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from groupbot.core.tickets import TicketEvent
from groupbot.features.answering.choices import Offer, PendingChoices
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.features.outbox.reply_queue import ReplyOutbox
from groupbot.features.tickets.desk import TicketDesk
from groupbot.features.tickets.ops_inbox import with_line

__all__ = ["UnpickedOffers"]

log = logging.getLogger(__name__)
MAX_PER_ROUND = 1000
"""Offers handed on in one round at most; the rest wait for the next."""
GRACE = timedelta(minutes=1)
"""How long after its expiry an offer waits: a pick sent just before may still be being handled."""
ANSWERED_SINCE = frozenset({
    "answer", "choice", "cooldown", "ticket", "ticket_merged", "ticket_quiet", "ticket_reopened", "ticket_reply",
    "ticket_reply_quiet", "ticket_details", "ticket_details_quiet",
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
        """Hand on the offers that expired (a grace minute ago); how many became (part of) a ticket.

        One offer, one unit of work: a ticket being opened holds the repeat lock only for its own
        offer, and an offer that cannot be handed on is dropped with a log line, not retried forever.
        """
        ticketed = 0
        for _turn in range(MAX_PER_ROUND):
            expired_by = self._clock.now() - GRACE
            try:
                handed = await self._one(expired_by)
            except Exception:
                log.exception("an expired did-you-mean offer could not be handed to the ticket desk; dropped")
                await self._drop_one(expired_by)
                continue
            if handed is None:
                break
            ticketed += handed
        return ticketed

    async def _one(self, expired_by: datetime) -> bool | None:
        """Hand on the oldest offer expired by ``expired_by``: whether it went to the desk (not if the
        asker was answered since), None when no offer had expired."""
        async with self._uow_factory() as uow:
            taken = await self._choices.lapsed(uow, expired_by, 1)
            if not taken:
                return None
            [offer] = taken
            queued = None if offer is None or await self._answered_since(offer, uow) else await self._ticket(offer, uow)
            await uow.commit()
        if queued is not None:
            await self._outbox.deliver(queued)
        return queued is not None

    async def _drop_one(self, expired_by: datetime) -> None:
        async with self._uow_factory() as uow:
            await self._choices.lapsed(uow, expired_by, 1)
            await uow.commit()

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
        listed = " / ".join(offered) or "-"
        noted = [with_line(notice, "unpicked_note", offered=listed) for notice in outcome.announcements]
        return await self._outbox.queue(uow, noted)
