"""Escalation assembled: routing desk, follow-ups, SLA watch, tracker webhook and /oncall."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from groupbot.core.ports import Clock, UnitOfWorkFactory
from groupbot.core.routing import Destination, DestinationKind
from groupbot.features.escalation.config import routing_table_from, sla_policy_from
from groupbot.features.escalation.desk import EscalationDesk
from groupbot.features.escalation.follow_ups import FollowUpDesk, FollowUpJob
from groupbot.features.escalation.oncall import OnCallCommand
from groupbot.features.escalation.sla_watch import SlaWatch
from groupbot.features.escalation.tracker_webhook import RESOLVED_PATH, TrackerWebhook
from groupbot.features.feature import Feature, Job
from groupbot.settings import EscalationSettings, SlaSettings

__all__ = ["Escalation", "build"]

EVERY_MINUTE = 60.0


@dataclass(frozen=True, slots=True)
class Escalation:
    """The desk other features escalate through, the follow-up desk the router asks, and the feature."""

    desk: EscalationDesk
    follow_ups: FollowUpDesk
    feature: Feature


def build(
    settings: EscalationSettings,
    sla: SlaSettings,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    ops_chat: str | None,
    wake_outbox: Callable[[], None],
) -> Escalation:
    """Routing rules, follow-ups after resolutions, SLA reminders and the tracker's way back in."""
    ops = Destination(DestinationKind.CHAT, ops_chat) if ops_chat else None
    links = {"resolve": settings.public_url.rstrip("/") + RESOLVED_PATH} if settings.public_url else {}
    follow_up = timedelta(hours=settings.follow_up_hours) if settings.follow_up_hours else None
    desk = EscalationDesk(routing_table_from(settings), locale=settings.locale, links=links,
                          follow_up_after=follow_up, webhooks=frozenset(settings.webhooks))
    follow_ups = FollowUpDesk(ops, settings.locale, escalation=desk)
    watch = SlaWatch(uow_factory, clock, sla_policy_from(sla), ops,
                     remind_every=timedelta(minutes=sla.remind_every_minutes), locale=settings.locale,
                     on_queued=wake_outbox)
    routes = ()
    if settings.inbound_secret is not None:
        secret = settings.inbound_secret.get_secret_value().encode()
        routes = TrackerWebhook(uow_factory, desk, clock, secret, wake_outbox).routes()
    feature = Feature(
        "escalation",
        commands=OnCallCommand().commands(),
        jobs=(
            Job("follow-up", EVERY_MINUTE, FollowUpJob(uow_factory, clock, follow_ups, wake_outbox).run_once),
            Job("SLA", EVERY_MINUTE, watch.run_once),
        ),
        routes=routes,
    )
    return Escalation(desk, follow_ups, feature)
