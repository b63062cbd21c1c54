"""Recognizing repeats of an open ticket, in English and Chinese."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from groupbot.core.messages import ChatRef, Sender
from groupbot.core.repeats import RepeatFinder, similarity
from groupbot.core.tickets import Category, Ticket, TicketReport, TicketStatus

T0 = datetime(2026, 1, 5, tzinfo=UTC)


def _ticket(number: int, text: str, status: TicketStatus = TicketStatus.OPEN) -> Ticket:
    report = TicketReport(ChatRef("console", "g"), Sender("u"), "1", text, T0)
    return Ticket(number, text, Category.FAILURE, status, T0, T0, "u", reports=(report,))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("The app shows error 502 when I log in", "Login fails with error 502 in the app"),
        ("app crashes on startup after update", "after the update the app crashes at startup"),
        ("客户端打开就闪退", "客户端一打开就闪退了"),
        ("登录报错502", "登录页面报错502了"),
        ("扫码之后安卓App闪退", "安卓App扫码后闪退了"),
    ],
)
def test_same_problem_reaches_the_default_threshold(left: str, right: str) -> None:
    assert similarity(left, right) >= RepeatFinder().threshold


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("how do I export a report", "the app crashes on startup"),
        ("怎么修改密码", "怎么修改昵称"),
        ("付款失败", "登录失败"),
        ("安卓App扫码后闪退了", "苹果App登录后闪退了"),
        ("login", "I cannot login to the app since this morning"),
        ("", "anything"),
    ],
)
def test_different_problems_stay_below_it(left: str, right: str) -> None:
    assert similarity(left, right) < RepeatFinder().threshold


def test_finder_picks_the_closest_open_ticket_and_skips_closed_ones() -> None:
    tickets = [
        _ticket(1, "app crashes on startup after update", TicketStatus.RESOLVED),
        _ticket(2, "payment page spins forever"),
        _ticket(3, "the app crashes at startup since the update"),
    ]
    match = RepeatFinder().find("after the update the app crashes on startup", tickets)
    assert match is not None
    assert match.ticket.number == 3


def test_short_or_unrelated_texts_find_nothing() -> None:
    tickets = [_ticket(1, "the app crashes at startup since the update")]
    assert RepeatFinder().find("hi", tickets) is None
    assert RepeatFinder().find("how do I change my avatar", tickets) is None
