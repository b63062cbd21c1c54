"""Small triage parts: ticket figures (on given times, no sleeping), requests for a person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from groupbot.core.language import EN, ZH
from groupbot.core.messages import ChatRef, IncomingMessage, Sender
from groupbot.core.ticket_stats import ticket_stats
from groupbot.core.tickets import Category, Ticket, TicketReport, TicketStatus
from groupbot.features.answering.feedback import is_human_request
from groupbot.features.tickets.ops_inbox import OpsInbox

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _message(chat: str, minutes: float) -> IncomingMessage:
    at = T0 + timedelta(minutes=minutes)
    return IncomingMessage(ChatRef("fake", chat), Sender("u"), "q", "1", at, received_at=at)


def _ticket(number: int, hours_ago: float, respond: float | None, resolve: float | None) -> Ticket:
    created = T0 - timedelta(hours=hours_ago)
    report = TicketReport(ChatRef("fake", f"g{number}"), Sender("u"), "1", "x", created)
    return Ticket(
        number,
        "x",
        Category.FAILURE if number % 2 else Category.HOWTO,
        TicketStatus.RESOLVED if resolve is not None else TicketStatus.OPEN,
        created,
        created,
        "fake:u",
        first_response_at=created + timedelta(minutes=respond) if respond is not None else None,
        resolved_at=created + timedelta(minutes=resolve) if resolve is not None else None,
        reports=(report,),
    )


def test_stats_count_the_period_and_take_medians() -> None:
    tickets = [_ticket(1, 1, 10, 60), _ticket(2, 2, 30, None), _ticket(3, 3, 20, 120), _ticket(4, 24 * 9, 1, 1)]
    figures = ticket_stats(tickets, T0 - timedelta(days=7), T0)
    assert (figures.opened, figures.still_open, figures.reports, figures.groups) == (3, 1, 3, 3)
    assert figures.by_category == {"failure": 2, "howto": 1}
    assert figures.median_first_response == timedelta(minutes=20)
    assert figures.median_resolution == timedelta(minutes=90)
    assert ticket_stats([], T0, T0).median_resolution is None


def test_requests_for_a_person_are_short_and_explicit() -> None:
    assert all(is_human_request(t) for t in ("人工", "转人工！", " 人工客服 ", "Human", "talk to a human", "agent."))
    assert not any(is_human_request(t) for t in ("人工智能怎么用", "human resources module", "the agent is down"))


def test_the_ops_inbox_names_category_and_severity_in_its_language() -> None:
    ticket = _ticket(1, 1, None, None)
    inbox = OpsInbox(ChatRef("fake", "ops"))
    zh = inbox.announcement("inbox_new", ticket, ticket.reports[0], ZH).text
    en = inbox.announcement("inbox_new", ticket, ticket.reports[0], EN).text
    assert "[故障/普通]" in zh and "failure" not in zh
    assert "[failure/normal]" in en
