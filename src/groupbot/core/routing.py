"""Escalation routing: which team gets a ticket, and where it is sent.

Rules are plain objects (bootstrap builds them from settings). The first rule
whose every given condition matches wins; an empty condition matches anything.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from groupbot.core.tickets import Category, Severity, Team, Ticket

__all__ = ["Destination", "DestinationKind", "Route", "RoutingRule", "RoutingTable"]


class DestinationKind(enum.StrEnum):
    """A chat on some adapter, or a named outbound webhook."""

    CHAT = "chat"
    WEBHOOK = "webhook"


@dataclass(frozen=True, slots=True)
class Destination:
    """Where an escalation goes: ``chat:telegram:-1001`` or ``webhook:jira``."""

    kind: DestinationKind
    target: str

    @classmethod
    def parse(cls, text: str) -> Destination:
        """Read ``chat:<platform>:<chat_id>`` or ``webhook:<name>``; ValueError otherwise."""
        kind, _, target = text.strip().partition(":")
        try:
            parsed = DestinationKind(kind)
        except ValueError:
            raise ValueError(f"destination {text!r} must start with 'chat:' or 'webhook:'") from None
        if not target or (parsed is DestinationKind.CHAT and ":" not in target):
            raise ValueError(f"destination {text!r} needs a target: chat:<platform>:<chat_id> or webhook:<name>")
        return cls(parsed, target)

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True, slots=True)
class RoutingRule:
    """Conditions -> team and destinations; ``auto`` escalates without a command."""

    name: str
    team: Team
    destinations: tuple[Destination, ...] = ()
    auto: bool = False
    categories: frozenset[Category] = frozenset()
    severities: frozenset[Severity] = frozenset()
    products: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()

    def matches(self, ticket: Ticket) -> bool:
        """True when every condition this rule sets holds for ``ticket``."""
        return (
            (not self.categories or ticket.category in self.categories)
            and (not self.severities or ticket.severity in self.severities)
            and (not self.products or _fold(ticket.product or "") in {_fold(p) for p in self.products})
            and (not self.keywords or self._mentions_keyword(ticket))
        )

    def _mentions_keyword(self, ticket: Ticket) -> bool:
        haystack = _fold(" ".join([ticket.title, *(report.text for report in ticket.reports)]))
        return any(_fold(keyword) in haystack for keyword in self.keywords)


@dataclass(frozen=True, slots=True)
class Route:
    """The outcome of routing one ticket."""

    team: Team
    destinations: tuple[Destination, ...]
    auto: bool
    rule: str


class RoutingTable:
    """Ordered rules plus a fallback for tickets no rule matches."""

    def __init__(self, rules: Iterable[RoutingRule], fallback: Sequence[Destination] = ()) -> None:
        self._rules = tuple(rules)
        self._fallback = tuple(fallback)

    @property
    def rules(self) -> tuple[RoutingRule, ...]:
        """The rules, in the order they are tried."""
        return self._rules

    def route(self, ticket: Ticket) -> Route:
        """The first matching rule's route, else the ticket's own team to the fallback."""
        for rule in self._rules:
            if rule.matches(ticket):
                return Route(rule.team, rule.destinations, rule.auto, rule.name)
        return Route(ticket.team, self._fallback, False, "")

    def route_to(self, team: Team, ticket: Ticket) -> Route:
        """The route when ops choose ``team`` themselves (``/escalate N rd``).

        The first rule for ``team`` that matches the ticket; else the first rule
        for ``team`` at all (its destinations are where that team listens);
        else the fallback.
        """
        for_team = [rule for rule in self._rules if rule.team is team]
        rule = next((r for r in for_team if r.matches(ticket)), for_team[0] if for_team else None)
        if rule is None:
            return Route(team, self._fallback, False, "")
        return Route(team, rule.destinations, False, rule.name)

    def auto_route(self, ticket: Ticket) -> Route | None:
        """The route when a rule marked ``auto`` matches ``ticket``, else None."""
        route = self.route(ticket)
        return route if route.auto else None
