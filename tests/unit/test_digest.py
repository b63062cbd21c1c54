"""The weekly digest built from a small hand-made week whose numbers are easy to check."""

import json
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from groupbot.core.digest import AnswerStats, Breach, DigestInput, IsoWeek, Trend, build_digest
from groupbot.core.messages import ChatRef, Sender
from groupbot.core.tickets import Category, Severity, Ticket, TicketReport, TicketStatus
from groupbot.features.digest.render import render

SH = ZoneInfo("Asia/Shanghai")
WEEK = IsoWeek(2026, 47)  # Mon 16 Nov .. Sun 22 Nov 2026


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=SH)


def ticket(number, category, created, *, status=TicketStatus.OPEN, severity=Severity.NORMAL,
           responded=None, resolved=None, askers=(), title=None):
    reports = tuple(TicketReport(ChatRef("qq", group), Sender(user), f"m{i}", "?", created)
                    for i, (user, group) in enumerate(askers))
    return Ticket(number, title or f"ticket {number}", category, status, created, created, "qq:u0",
                  severity=severity, first_response_at=responded, resolved_at=resolved, reports=reports)


TICKETS = [
    # previous week (W46): 2 opened (failure, howto); failure resolved in 4h, response 1h
    ticket(1, Category.FAILURE, at(10), status=TicketStatus.RESOLVED, responded=at(10, 11), resolved=at(10, 14)),
    ticket(2, Category.HOWTO, at(12), status=TicketStatus.CLOSED, responded=at(12, 12), resolved=at(18)),
    # this week: 4 opened
    ticket(3, Category.FAILURE, at(16), severity=Severity.HIGH, status=TicketStatus.ESCALATED, responded=at(16, 10),
           askers=[("a", "g1"), ("b", "g1"), ("c", "g2"), ("a", "g1")], title="支付失败"),
    ticket(4, Category.HOWTO, at(17), askers=[("d", "g1"), ("e", "g3")], title="how to export"),
    ticket(5, Category.HOWTO, at(18), responded=at(18, 13), askers=[("f", "g2")]),
    ticket(6, Category.FEATURE, at(19), status=TicketStatus.RESOLVED, responded=at(19, 12), resolved=at(20, 10)),
]

DATA = DigestInput(
    week=WEEK,
    timezone="Asia/Shanghai",
    tickets=TICKETS,
    answers=AnswerStats(questions=40, answered=30, helpful=9, unhelpful=3),
    previous_answers=AnswerStats(questions=20, answered=10, helpful=2, unhelpful=2),
    breaches=[Breach(4, "first_response", at(17, 14)), Breach(3, "resolution", at(17, 10), Severity.HIGH, "支付失败")],
    previous_breaches=2,
    unanswered=["how to export csv", "where is invoice", "how to export pdf"],
)


def covered(text: str) -> bool:
    return "export" in text


DIGEST = build_digest(DATA, covered)


def test_counts_by_category_and_severity_against_last_week():
    assert (DIGEST.opened.current, DIGEST.opened.previous, DIGEST.opened.trend) == (4, 2, Trend.UP)
    assert DIGEST.opened_by_category == {"failure": (1, 1), "howto": (2, 1), "feature": (1, 0)}
    assert DIGEST.opened_by_severity == {"normal": (3, 2), "high": (1, 0)}
    # ticket 2 was opened last week and resolved this week
    assert DIGEST.resolved_by_category == {"failure": (0, 1), "howto": (1, 0), "feature": (1, 0)}
    assert (DIGEST.resolved.current, DIGEST.resolved.previous, DIGEST.resolved.trend) == (2, 1, Trend.UP)


def test_top_recurring_counts_distinct_askers_and_groups():
    assert [(r.number, r.askers, r.groups) for r in DIGEST.top_questions] == [(4, 2, 2), (5, 1, 1)]
    assert [(r.number, r.askers, r.groups, r.title) for r in DIGEST.top_failures] == [(3, 3, 2, "支付失败")]
    assert [r.number for r in DIGEST.open_escalations] == [3]


def test_a_past_weeks_digest_lists_no_escalation_opened_after_it():
    later = ticket(7, Category.FAILURE, at(24), status=TicketStatus.ESCALATED, title="opened the next week")
    digest = build_digest(replace(DATA, tickets=[*TICKETS, later]), covered)
    assert [r.number for r in digest.open_escalations] == [3]
    assert [r.number for r in build_digest(replace(DATA, week=IsoWeek(2026, 48), tickets=[*TICKETS, later]),
                                           covered).open_escalations] == [3, 7]


def test_rates_medians_breaches_and_coverage():
    assert (DIGEST.answer_rate.current, DIGEST.answer_rate.previous) == (0.75, 0.5)
    assert (DIGEST.helpful_rate.current, DIGEST.helpful_rate.previous) == (0.75, 0.5)
    # first responses this week: 0h (t3), 3h (t5), 2h (t6) -> median 2h; last week 1h, 2h -> 1.5h
    assert DIGEST.median_first_response.current == timedelta(hours=2).total_seconds()
    assert DIGEST.median_first_response.previous == timedelta(hours=1.5).total_seconds()
    # resolutions this week: t2 (6 days), t6 (24h) -> median 3.5 days; last week t1: 4h
    assert DIGEST.median_resolution.current == timedelta(days=3.5).total_seconds()
    assert DIGEST.median_resolution.previous == timedelta(hours=4).total_seconds()
    assert (DIGEST.breach_count.current, DIGEST.breach_count.trend) == (2, Trend.SAME)
    assert [b.ticket_number for b in DIGEST.breaches] == [3, 4]
    assert DIGEST.coverage == (2, 3)


def test_coverage_matches_each_distinct_question_once_and_counts_every_asking():
    asked: list[str] = []

    def counting(text: str) -> bool:
        asked.append(text)
        return covered(text)

    repeated = replace(DATA, unanswered=["how to export csv"] * 500 + ["where is invoice"] * 300)
    assert build_digest(repeated, counting).coverage == (500, 800)
    assert sorted(asked) == ["how to export csv", "where is invoice"]


def test_an_empty_week_has_no_rates_instead_of_dividing_by_zero():
    empty = build_digest(DigestInput(WEEK, "Asia/Shanghai", [], AnswerStats(), AnswerStats()), covered)
    assert empty.answer_rate.current is None and empty.answer_rate.trend is Trend.NEW
    assert empty.median_resolution.current is None and empty.coverage == (0, 0)
    assert "none" in render(empty, "text", "en")


def test_text_render_in_english_reads_like_a_report():
    text = render(DIGEST, "text", "en")
    assert text.splitlines()[0] == "Weekly support digest 2026-W47 (11-16 – 11-22)"
    assert text.splitlines()[2] == (
        "Opened 4 (last week 2), resolved 2 · SLA breaches: 2 · open escalations: 1 · FAQ answer rate: 75%"
    )
    assert "• Opened: 4 (↑ vs 2)" in text
    assert "• #3 支付失败 (resolution, high, due 11-17 10:00)" in text
    assert "• #5 ticket 5 — 1 asker in 1 chat [open, normal]" in text
    assert "• Answer rate: 75% (↑ vs 50%, better)" in text
    assert "• #3 支付失败 — 3 askers in 2 chats [escalated to R&D/product, high]" in text
    assert "• Resolution: 3d 12h (↑ vs 4h, worse)" in text
    assert "• Breaches: 2 (= vs 2)" in text and "[Top failure reports]" in text
    assert "The FAQ would now answer 2 of this week's 3 unanswered questions" in text


def test_markdown_render_in_chinese():
    text = render(DIGEST, "markdown", "zh-CN")
    assert text.startswith("# 每周支持周报 2026-W47（11-16 – 11-22）\n\n**本周新建工单 4 个（上周 2 个），解决 2 个")
    assert "## 高频故障报告" in text
    assert "- 故障: 1 (上周 1)" in text
    assert "- 首次响应: 2小时 (↑ 上周 1小时30分，变差)" in text


def test_json_render_is_machine_readable():
    data = json.loads(render(DIGEST, "json"))
    assert data["week"] == "2026-W47"
    assert data["opened"] == {"current": 4, "previous": 2, "trend": "up"}
    assert data["coverage"] == {"now_answered": 2, "unanswered": 3}
    assert data["top_failures"][0]["askers"] == 3


def test_unknown_format_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown digest format"):
        render(DIGEST, "html")


@pytest.mark.parametrize(("text", "week"), [("2026-W47", IsoWeek(2026, 47)), ("2026w1", IsoWeek(2026, 1))])
def test_week_parsing(text, week):
    assert IsoWeek.parse(text) == week


@pytest.mark.parametrize("text", ["2026-47", "W47", "2025-W53", "2026-W00"])
def test_bad_weeks_are_rejected(text):
    with pytest.raises(ValueError):
        IsoWeek.parse(text)


def test_week_navigation_crosses_years():
    assert IsoWeek(2026, 1).previous() == IsoWeek(2025, 52)
    assert IsoWeek(2026, 53 - 1).next() == IsoWeek(2026, 53)
    assert IsoWeek.containing(datetime(2026, 11, 22, 20, tzinfo=ZoneInfo("UTC")), "Asia/Shanghai") == IsoWeek(2026, 48)


def test_a_week_has_started_from_its_monday_midnight_in_the_timezone():
    monday_in_shanghai = datetime(2026, 11, 22, 16, tzinfo=ZoneInfo("UTC"))
    assert IsoWeek(2026, 48).has_started(monday_in_shanghai, "Asia/Shanghai")
    assert not IsoWeek(2026, 48).has_started(monday_in_shanghai - timedelta(seconds=1), "Asia/Shanghai")
    assert not IsoWeek(2026, 48).has_started(monday_in_shanghai, "UTC")
