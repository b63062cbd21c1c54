"""Answering assembled: match, answer or offer or hand to the ticket desk; feedback and cool-downs."""

from __future__ import annotations

from datetime import timedelta

from groupbot.features.answering.choices import PendingChoices
from groupbot.features.answering.cooldown import QuestionCooldown
from groupbot.features.answering.feedback import FeedbackDesk
from groupbot.features.answering.flow import AnswerFlow
from groupbot.features.knowledge.catalog import FaqCatalog
from groupbot.features.tickets.desk import TicketDesk
from groupbot.settings import TicketSettings

__all__ = ["build"]


def build(settings: TicketSettings, catalog: FaqCatalog, desk: TicketDesk) -> AnswerFlow:
    """The answer flow the message router hands every question to."""
    feedback = FeedbackDesk(desk, enabled=settings.feedback)
    cooldown = QuestionCooldown(timedelta(seconds=settings.cooldown_seconds))
    return AnswerFlow(catalog, desk, PendingChoices(), feedback, cooldown)
