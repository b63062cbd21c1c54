"""Answering assembled: match, answer or offer or hand to the ticket desk; feedback and cool-downs."""

from __future__ import annotations

from datetime import timedelta

from groupbot.core.ports import Clock, UnitOfWorkFactory
from groupbot.features.answering.choices import PendingChoices
from groupbot.features.answering.cooldown import QuestionCooldown
from groupbot.features.answering.feedback import FeedbackDesk
from groupbot.features.answering.flow import AnswerFlow
from groupbot.features.feature import Feature, Job
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.features.tickets.build import Tickets
from groupbot.settings import TicketSettings

__all__ = ["PURGE_EVERY_SECONDS", "build", "memory_feature"]

PURGE_EVERY_SECONDS = 300.0
"""How often expired offers, cool-downs and pending feedback are deleted (expired ones are never read)."""


def build(settings: TicketSettings, catalog: FaqCatalog, tickets: Tickets) -> AnswerFlow:
    """The answer flow the message router hands every question to."""
    feedback = FeedbackDesk(tickets.desk, enabled=settings.feedback)
    cooldown = QuestionCooldown(timedelta(seconds=settings.cooldown_seconds))
    return AnswerFlow(catalog, tickets.desk, PendingChoices(), feedback, cooldown, tickets.replies, tickets.pictures)


def memory_feature(uow_factory: UnitOfWorkFactory, clock: Clock) -> Feature:
    """The job that deletes the bot's expired short memory from the database."""

    async def purge() -> int:
        async with uow_factory() as uow:
            purged = await uow.memory.purge(clock.now())
            await uow.commit()
        return purged

    return Feature("short-memory", jobs=(Job("short-memory-purge", PURGE_EVERY_SECONDS, purge),))
