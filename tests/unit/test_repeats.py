"""Recognizing repeats of an open ticket, in English and Chinese."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from groupbot.core.messages import ChatRef, Sender
from groupbot.core.repeats import RepeatCandidate, RepeatFinder, similarity
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


def test_finder_picks_the_closest_candidate_by_any_phrasing() -> None:
    candidates = [
        RepeatCandidate(2, ("payment page spins forever",)),
        RepeatCandidate(3, ("Crash report", "the app crashes at startup since the update")),
        RepeatCandidate(4, ("app startup is slow",)),
    ]
    match = RepeatFinder().find("after the update the app crashes on startup", candidates)
    assert match is not None
    assert (match.number, match.matched) == (3, "the app crashes at startup since the update")


def test_ties_go_to_the_older_ticket() -> None:
    same = ("the app crashes at startup since the update",)
    match = RepeatFinder().find(same[0], [RepeatCandidate(9, same), RepeatCandidate(4, same)])
    assert match is not None
    assert (match.number, match.score) == (4, 1.0)


def test_a_candidate_is_a_tickets_title_and_distinct_report_texts() -> None:
    ticket = _ticket(7, "the app crashes at startup since the update")
    again = dataclasses.replace(ticket, title="Crash at startup", reports=ticket.reports * 2)
    assert RepeatCandidate.of(again) == RepeatCandidate(
        7, ("Crash at startup", "the app crashes at startup since the update")
    )


def test_short_or_unrelated_texts_find_nothing() -> None:
    candidates = [RepeatCandidate.of(_ticket(1, "the app crashes at startup since the update")), RepeatCandidate(2, ())]
    assert RepeatFinder().find("hi", candidates) is None
    assert RepeatFinder().find("how do I change my avatar", candidates) is None


def _every_phrasing(finder: RepeatFinder, text: str, candidates: list[RepeatCandidate]) -> tuple[int, float] | None:
    """The finder's rule by brute force: every phrasing scored in full."""
    scored = [(similarity(text, p), -c.number) for c in candidates for p in c.phrasings]
    passing = [pair for pair in scored if pair[0] >= finder.threshold]
    return (-max(passing)[1], max(passing)[0]) if passing else None


@pytest.mark.parametrize("threshold", [0.3, 0.6, 0.75, 0.9])
def test_screening_in_one_pass_finds_what_scoring_every_phrasing_finds(threshold: float) -> None:
    words = ["app", "login", "error", "502", "crash", "export", "csv", "扫码", "闪退", "登录", "报错", "安卓"]
    phrasing = [" ".join(words[(i * k + j) % len(words)] for j in range(2 + i % 5)) for i in range(60) for k in (3, 5)]
    candidates = [RepeatCandidate.phrased(n, phrasing[n], phrasing[n * 3 % 120 : n * 3 % 120 + 4]) for n in range(40)]
    finder = RepeatFinder(threshold)
    for question in ["app login error 502", "扫码 登录 闪退", "export csv crash", "安卓扫码后闪退报错", "error"]:
        found = finder.find(question, candidates)
        assert (None if found is None else (found.number, found.score)) == _every_phrasing(finder, question, candidates)


def test_a_report_naming_an_open_tickets_error_code_repeats_it() -> None:
    # few words in common, one code: "E1042 here too" is the same failure
    finder = RepeatFinder()
    candidates = [RepeatCandidate(3, ("login page shows error E1001",)),
                  RepeatCandidate(7, ("the export button gives error E1042 since this morning",)),
                  RepeatCandidate(9, ("export: error E1042 again",))]
    for text in ("E1042 here too", "导出报错E1042", "how do I fix e-1042?"):
        match = finder.find(text, candidates)
        assert match is not None and (match.number, match.code) == (7, "E1042"), text  # the older ticket
        assert match.score < finder.threshold  # the words alone would not have merged it
    assert finder.find("E1043 here too", candidates) is None


def test_words_close_enough_win_over_a_shared_code() -> None:
    candidates = [RepeatCandidate(2, ("error E1042 when I log in",)),
                  RepeatCandidate(5, ("the export button gives error E1042 since this morning",))]
    match = RepeatFinder().find("the export button gives error E1042 for us too", candidates)
    assert match is not None and (match.number, match.code) == (5, "")
