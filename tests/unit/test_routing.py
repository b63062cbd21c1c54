"""Routing rules: first match wins, every set condition must hold."""

from datetime import UTC, datetime

import pytest

from groupbot.core.messages import ChatRef, Sender
from groupbot.core.routing import Destination, DestinationKind, RoutingRule, RoutingTable
from groupbot.core.tickets import Category, Severity, Team, Ticket, TicketReport, TicketStatus

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
RD_CHAT = Destination.parse("chat:wecom:rd-robot")
JIRA = Destination.parse("webhook:jira")
PM_CHAT = Destination.parse("chat:telegram:-1002")
OPS = Destination.parse("chat:console:ops")


def ticket(category=Category.FAILURE, severity=Severity.NORMAL, product=None, title="app crashes", text=""):
    reports = (TicketReport(ChatRef("qq", "g1"), Sender("u1"), "m1", text, NOW),) if text else ()
    return Ticket(1, title, category, TicketStatus.OPEN, NOW, NOW, "qq:u1", severity=severity,
                  product=product, reports=reports)


TABLE = RoutingTable(
    [
        RoutingRule("severe failures", Team.RD, (RD_CHAT, JIRA), auto=True,
                    categories=frozenset({Category.FAILURE}), severities=frozenset({Severity.HIGH, Severity.CRITICAL})),
        RoutingRule("payments", Team.RD, (JIRA,), products=frozenset({"Pay"}), keywords=("退款", "refund")),
        RoutingRule("feature requests", Team.PM, (PM_CHAT,), categories=frozenset({Category.FEATURE})),
    ],
    fallback=(OPS,),
)


def test_high_severity_failure_goes_to_rd_automatically():
    route = TABLE.route(ticket(severity=Severity.HIGH))
    assert (route.team, route.destinations, route.auto) == (Team.RD, (RD_CHAT, JIRA), True)
    assert route.rule == "severe failures"
    assert TABLE.auto_route(ticket(severity=Severity.CRITICAL)) == route


def test_normal_failure_is_not_auto_escalated_and_falls_back():
    route = TABLE.route(ticket())
    assert (route.team, route.destinations, route.auto, route.rule) == (Team.OPS, (OPS,), False, "")
    assert TABLE.auto_route(ticket()) is None


def test_product_and_keyword_must_both_match_case_insensitively():
    assert TABLE.route(ticket(Category.ACCOUNT, product="pay", text="申请退款一直没到账")).rule == "payments"
    assert TABLE.route(ticket(Category.ACCOUNT, product="pay", title="REFUND missing")).rule == "payments"
    assert TABLE.route(ticket(Category.ACCOUNT, product="pay", text="password reset")).rule == ""
    assert TABLE.route(ticket(Category.ACCOUNT, product="shop", text="退款")).rule == ""


def test_first_matching_rule_wins():
    route = TABLE.route(ticket(severity=Severity.HIGH, product="Pay", text="refund"))
    assert route.rule == "severe failures"


def test_feature_requests_go_to_pm():
    assert TABLE.route(ticket(Category.FEATURE)).team is Team.PM


@pytest.mark.parametrize("text", ["", "slack:x", "chat:", "chat:nochatid", "webhook:"])
def test_bad_destinations_are_rejected_with_a_clear_message(text):
    with pytest.raises(ValueError, match="destination"):
        Destination.parse(text)


def test_destination_round_trips_through_text():
    assert Destination.parse(str(RD_CHAT)) == RD_CHAT
    assert Destination.parse("chat:telegram:-100:1").target == "telegram:-100:1"
    assert JIRA.kind is DestinationKind.WEBHOOK


def test_a_team_chosen_by_ops_uses_that_teams_rules():
    assert TABLE.route_to(Team.PM, ticket(Category.FEATURE)).destinations == (PM_CHAT,)
    # no PM rule matches a failure, but the PM rule's chat is where PM listens
    route = TABLE.route_to(Team.PM, ticket(severity=Severity.HIGH))
    assert (route.team, route.destinations, route.rule, route.auto) == (Team.PM, (PM_CHAT,), "feature requests", False)
    assert TABLE.route_to(Team.RD, ticket(Category.ACCOUNT, product="pay", text="refund")).rule == "payments"
    assert TABLE.route_to(Team.OPS, ticket()).destinations == (OPS,)
