"""Answering assembled: match, answer or offer or hand to the ticket desk; feedback and cool-downs."""

from __future__ import annotations

import logging
from datetime import timedelta

from groupbot.core.ports import Clock, UnitOfWorkFactory
from groupbot.features.answering.choices import OFFER, PendingChoices
from groupbot.features.answering.cooldown import QuestionCooldown
from groupbot.features.answering.feedback import FeedbackDesk
from groupbot.features.answering.flow import AnswerFlow
from groupbot.features.answering.unpicked import UnpickedOffers
from groupbot.features.feature import Feature, Job
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.features.tickets.build import Tickets
from groupbot.features.tickets.status_questions import TicketStatusQuestions
from groupbot.settings import TicketSettings

__all__ = ["PURGE_EVERY_SECONDS", "build", "memory_feature"]

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 120.0
"""How often expired offers, cool-downs and pending feedback are deleted (expired ones are never read), and
so how late after its 10 minutes an unpicked did-you-mean reaches the support team."""


def build(settings: TicketSettings, catalog: FaqCatalog, tickets: Tickets) -> AnswerFlow:
    """The answer flow the message router hands every question to."""
    feedback = FeedbackDesk(tickets.desk, enabled=settings.feedback)
    cooldown = QuestionCooldown(timedelta(seconds=settings.cooldown_seconds))
    return AnswerFlow(catalog, tickets.desk, PendingChoices(), feedback, cooldown, tickets.replies, tickets.pictures,
                      TicketStatusQuestions())


def memory_feature(uow_factory: UnitOfWorkFactory, clock: Clock, unpicked: UnpickedOffers | None = None) -> Feature:
    """The job that deletes the bot's expired short memory from the database, handing the did-you-mean
    offers nobody answered to ``unpicked`` first."""

    async def purge() -> int:
        if unpicked is not None:
            try:
                await unpicked.run_once()
            except Exception:  # the purge still runs: a bad round must not keep expired memory forever
                log.exception("did-you-mean offers nobody picked could not be handed to the ticket desk")
        async with uow_factory() as uow:
            # With ``unpicked`` on, expired offers are its to take (a failed round leaves them for the next).
            purged = await uow.memory.purge(clock.now(), spare=OFFER if unpicked is not None else None)
            await uow.commit()
        return purged

    return Feature("short-memory", jobs=(Job("short-memory-purge", PURGE_EVERY_SECONDS, purge),))
