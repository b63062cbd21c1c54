"""Small triage parts: ticket figures (on given times, no sleeping), requests for a person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from groupbot.core.language import EN, ZH
from groupbot.core.messages import ChatRef, IncomingMessage, Sender
from groupbot.core.ticket_stats import ticket_stats
from groupbot.core.tickets import Category, Ticket, TicketReport, TicketStatus
from groupbot.features.answering.feedback import is_human_request, is_unhelpful_remark, says_what_missed
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
    assert all(is_human_request(t) for t in ("human please", "Can I speak to a real person?", "I want an agent",
                                             "我要人工", "请帮我转人工", "有人工吗", "转人工吧"))
    assert not any(is_human_request(t) for t in ("人工智能怎么用", "human resources module", "the agent is down",
                                                 "有人吗", "someone?", "how do I add a human reviewer"))


def test_remarks_that_an_answer_missed_are_short_and_whole() -> None:
    assert all(is_unhelpful_remark(t) for t in ("that didn't help", "Not helpful.", "still not working",
                                                "wrong answer", "none of these", "没用", "还是不行", "不是我问的",
                                                "没解决啊", "都不是"))
    assert not any(is_unhelpful_remark(t) for t in ("it didn't help to restart, the export still fails",
                                                    "the export is not working", "不行吗", "没用过这个功能",
                                                    "不是这个原因吧我觉得是网络", "it works now"))


def test_a_remark_that_the_answer_missed_may_go_on_to_say_how() -> None:
    assert all(says_what_missed(t) for t in ("不行啊，导出的PDF是空白的", "didn't work: the file is empty",
                                            "still not working. the button is grey", "没用，还是报错"))
    # a remark alone, a report that starts alike without a pause, a question, small talk: not this
    assert not any(says_what_missed(t) for t in ("还是不行", "it didn't help to restart, the export still fails",
                                                "不行吗", "not working since this morning", "ok, thanks"))


def test_the_ops_inbox_names_category_and_severity_in_its_language() -> None:
    ticket = _ticket(1, 1, None, None)
    inbox = OpsInbox(ChatRef("fake", "ops"))
    zh = inbox.announcement("inbox_new", ticket, ticket.reports[0], ZH).text
    en = inbox.announcement("inbox_new", ticket, ticket.reports[0], EN).text
    assert "[故障/普通]" in zh and "failure" not in zh
    assert "[failure/normal]" in en
