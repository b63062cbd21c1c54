"""Turn the escalation, SLA and digest settings into the domain's plain objects."""

from __future__ import annotations

from datetime import timedelta

from groupbot.core.outbox import Backoff
from groupbot.core.routing import Destination, RoutingRule, RoutingTable
from groupbot.core.sla import BusinessCalendar, SlaPolicy, SlaTargets
from groupbot.core.tickets import Category, Severity, Team
from groupbot.settings import EscalationSettings, OutboxSettings, RoutingRuleSettings, SlaSettings

__all__ = ["backoff_from", "routing_table_from", "sla_policy_from"]


def _rule(rule: RoutingRuleSettings) -> RoutingRule:
    return RoutingRule(
        name=rule.name,
        team=Team(rule.team),
        destinations=tuple(Destination.parse(text) for text in rule.destinations),
        auto=rule.auto,
        categories=frozenset(Category(c) for c in rule.categories),
        severities=frozenset(Severity(s) for s in rule.severities),
        products=frozenset(rule.products),
        keywords=tuple(rule.keywords),
    )


def routing_table_from(settings: EscalationSettings) -> RoutingTable:
    """The routing table the ``[escalation]`` rules describe."""
    return RoutingTable(
        (_rule(rule) for rule in settings.rules), tuple(Destination.parse(text) for text in settings.fallback)
    )


def sla_policy_from(settings: SlaSettings) -> SlaPolicy:
    """The SLA policy of ``[sla]``."""
    calendar = BusinessCalendar(
        timezone=settings.timezone,
        workdays=frozenset(settings.workdays),
        start=settings.start,
        end=settings.end,
        holidays=frozenset(settings.holidays),
    )
    targets = {
        Severity(name): SlaTargets(timedelta(minutes=t.first_response_minutes), timedelta(hours=t.resolution_hours))
        for name, t in settings.targets.items()
    }
    return SlaPolicy(calendar, targets, settings.near)


def backoff_from(settings: OutboxSettings) -> Backoff:
    """The retry schedule of ``[escalation.outbox]``."""
    return Backoff(
        base=timedelta(seconds=settings.base_delay_seconds),
        cap=timedelta(seconds=settings.max_delay_seconds),
        max_attempts=settings.max_attempts,
    )
