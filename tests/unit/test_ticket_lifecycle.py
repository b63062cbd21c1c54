"""Ticket life cycle: allowed transitions, status changes with events, report summaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from groupbot.core.messages import ChatRef, Sender
from groupbot.core.tickets import (
    Category,
    Ticket,
    TicketReport,
    TicketStatus,
    TransitionError,
    change_status,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
GROUP_A = ChatRef("console", "groupA")
GROUP_B = ChatRef("console", "groupB")


def _report(chat: ChatRef, user: str, minutes: int = 0) -> TicketReport:
    return TicketReport(chat, Sender(user, user), f"m{minutes}", "login fails", T0 + timedelta(minutes=minutes))


def _ticket(status: TicketStatus = TicketStatus.OPEN) -> Ticket:
    return Ticket(1, "login fails", Category.FAILURE, status, T0, T0, "alice", reports=(_report(GROUP_A, "alice"),))


def test_resolve_stamps_time_and_answer_and_records_event() -> None:
    later = T0 + timedelta(hours=2)
    resolved, event = change_status(_ticket(), TicketStatus.RESOLVED, "ops", later, "restart the app")
    assert (resolved.status, resolved.resolved_at, resolved.resolution) == (
        TicketStatus.RESOLVED,
        later,
        "restart the app",
    )
    assert (event.kind, event.actor, event.data) == ("status", "ops", {"from": "open", "to": "resolved"})


def test_reopen_clears_resolution() -> None:
    resolved, _ = change_status(_ticket(), TicketStatus.RESOLVED, "ops", T0, "fixed")
    reopened, _ = change_status(resolved, TicketStatus.OPEN, "ops", T0)
    assert (reopened.resolved_at, reopened.resolution, reopened.is_open) == (None, None, True)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (TicketStatus.CLOSED, TicketStatus.RESOLVED),
        (TicketStatus.RESOLVED, TicketStatus.ESCALATED),
        (TicketStatus.OPEN, TicketStatus.OPEN),
        (TicketStatus.DUPLICATE, TicketStatus.CLOSED),
    ],
)
def test_forbidden_transitions_raise_and_change_nothing(current: TicketStatus, wanted: TicketStatus) -> None:
    ticket = _ticket(current)
    with pytest.raises(TransitionError) as info:
        change_status(ticket, wanted, "ops", T0)
    assert (info.value.current, info.value.wanted, ticket.status) == (current, wanted, current)


def test_summary_counts_reports_askers_and_groups() -> None:
    ticket = _ticket()
    for report in (_report(GROUP_A, "alice", 1), _report(GROUP_B, "bob", 2), _report(GROUP_B, "carol", 3)):
        ticket = ticket.with_report(report)
    summary = ticket.summary
    assert (summary.reports, summary.askers, summary.groups) == (4, 3, 2)
    assert ticket.updated_at == T0 + timedelta(minutes=3)


def test_reported_by_knows_the_platform_and_optionally_the_chat() -> None:
    ticket = _ticket()
    assert ticket.reported_by("console", "alice")
    assert ticket.reported_by("console", "alice", GROUP_A.key)
    assert not ticket.reported_by("console", "alice", GROUP_B.key)
    assert not ticket.reported_by("qq", "alice")
    assert not ticket.reported_by("console", "bob")
