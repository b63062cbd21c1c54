"""The way out, assembled: direct replies, the durable outbox, its sender and its commands."""

from __future__ import annotations

from dataclasses import dataclass

from groupbot.core.http import HttpPoster
from groupbot.core.ports import Clock, UnitOfWorkFactory
from groupbot.core.routing import Destination, DestinationKind
from groupbot.core.telemetry import NO_TELEMETRY, Telemetry
from groupbot.features.escalation.config import backoff_from
from groupbot.features.feature import Feature, Worker
from groupbot.features.outbox.commands import OutboxCommands
from groupbot.features.outbox.dead_letters import DeadLetterNotice
from groupbot.features.outbox.delivery import ChatDelivery, WebhookDelivery, WebhookEndpoint
from groupbot.features.outbox.failures import DeliveryFailures
from groupbot.features.outbox.outbound import Outbound
from groupbot.features.outbox.reply_queue import ReplyOutbox
from groupbot.features.outbox.sender import OutboxSender
from groupbot.features.tickets.ops_inbox import parse_chat_key
from groupbot.settings import EscalationSettings

__all__ = ["Outbox", "build"]


@dataclass(frozen=True, slots=True)
class Outbox:
    """What other features use of the way out, and the feature itself."""

    outbound: Outbound
    sender: OutboxSender
    webhooks: WebhookDelivery
    replies: ReplyOutbox
    feature: Feature


def build(
    settings: EscalationSettings,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    http: HttpPoster,
    ops_chat: str | None,
    telemetry: Telemetry = NO_TELEMETRY,
) -> Outbox:
    """Direct replies through the gateways, and the outbox for everything that must not be lost."""
    locale = settings.locale
    endpoints = {name: WebhookEndpoint(hook.url, hook.secret.get_secret_value().encode(), hook.timeout_seconds)
                 for name, hook in settings.webhooks.items()}
    failures = DeliveryFailures(uow_factory, clock, parse_chat_key(ops_chat), locale)
    outbound = Outbound(on_failure=failures, telemetry=telemetry)
    failures.send = outbound.send
    webhooks = WebhookDelivery(endpoints, clock, http)
    deliveries = {DestinationKind.CHAT: ChatDelivery(outbound.gateway, telemetry), DestinationKind.WEBHOOK: webhooks}
    ops = Destination(DestinationKind.CHAT, ops_chat) if ops_chat else None
    dead_letters = DeadLetterNotice(ops, clock, locale)
    sender = OutboxSender(uow_factory, deliveries, clock, backoff_from(settings.outbox), on_dead=dead_letters,
                          telemetry=telemetry)
    feature = Feature(
        "outbox",
        commands=OutboxCommands(sender.wake).commands(),
        workers=(Worker("outbox", lambda: sender.run(settings.outbox.poll_seconds)),),
    )
    return Outbox(outbound, sender, webhooks, ReplyOutbox(clock, sender.run_once), feature)
