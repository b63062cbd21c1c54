"""Tickets assembled: the desk that opens and merges them, the ops inbox, and the ticket commands."""

from __future__ import annotations

from dataclasses import dataclass

from groupbot.core.ports import Clock
from groupbot.core.repeats import RepeatFinder
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.features.escalation.desk import EscalationDesk
from groupbot.features.feature import Feature
from groupbot.features.tickets.classification_rules import load_rules
from groupbot.features.tickets.commands import TicketCommands
from groupbot.features.tickets.customer_replies import CustomerReplies
from groupbot.features.tickets.desk import TicketDesk
from groupbot.features.tickets.look_alikes import LookAlikes
from groupbot.features.tickets.ops_inbox import OpsInbox, parse_chat_key
from groupbot.features.tickets.overview import TicketOverview
from groupbot.features.tickets.pictures import RecentPictures
from groupbot.features.tickets.splitting import TicketSplitting
from groupbot.settings import TicketSettings

__all__ = ["Tickets", "build"]


@dataclass(frozen=True, slots=True)
class Tickets:
    """The desk the answer flow opens tickets through, the askers' answers to updates, and the feature."""

    desk: TicketDesk
    replies: CustomerReplies
    pictures: RecentPictures
    feature: Feature


def build(
    settings: TicketSettings,
    clock: Clock,
    escalation: EscalationDesk,
    ops_chat: str | None,
    ops_locale: str,
    telemetry: Telemetry = NO_TELEMETRY,
    look_alikes: LookAlikes | None = None,
) -> Tickets:
    """Classification rules, repeat merging (and ``look_alikes``: hints across languages), ops notices, the
    askers' answers to /reply, and /tickets, /ticket, /assign, ... /stats, /split."""
    inbox = OpsInbox(parse_chat_key(ops_chat), ops_locale)
    repeats = RepeatFinder(settings.merge_threshold)
    pictures = RecentPictures()
    desk = TicketDesk(clock, load_rules(settings.classification_file), repeats, inbox,
                      auto_escalate=escalation.auto_escalate, telemetry=telemetry, pictures=pictures,
                      look_alikes=look_alikes)
    replies = CustomerReplies(desk)
    commands = (*TicketOverview().commands(), *TicketCommands(escalation, replies).commands(),
                *TicketSplitting(desk, replies, escalation).commands())
    return Tickets(desk, replies, pictures, Feature("tickets", commands=commands))
