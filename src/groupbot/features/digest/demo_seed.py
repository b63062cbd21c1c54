"""A realistic demo database: two weeks of Acme Insight support traffic.

``groupbot demo seed`` fills a database with it so ``groupbot digest`` has
something worth reading. Deterministic for a given seed; the returned
:class:`SeedSummary` counts what was written, week by week, so tests can check
the digest against it.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from groupbot.core.digest import IsoWeek
from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Sender
from groupbot.core.ports import UnitOfWork
from groupbot.core.sla import SlaPolicy
from groupbot.core.tickets import Category, Severity, Team, Ticket, TicketEvent, TicketReport, TicketStatus

__all__ = ["SeedSummary", "seed_demo"]

GROUPS = (
    ChatRef("wecom", "acme-retail", ChatKind.GROUP, "Acme 零售客户群"),
    ChatRef("qq", "73310021", ChatKind.GROUP, "Insight 用户交流 2 群"),
    ChatRef("telegram", "-1002233", ChatKind.GROUP, "Acme Insight customers"),
)
# (title, category, severity, how many people typically hit it, phrasing of one report)
ISSUES = (
    ("仪表盘加载报错 E1002 数据源连接失败", Category.FAILURE, Severity.HIGH, 6, "仪表盘一直报 E1002，数据源连不上"),
    ("导出 PDF 报表时 502", Category.FAILURE, Severity.NORMAL, 4, "导出 PDF 的时候页面 502 了"),
    ("Scheduled report emails not sent since Tuesday", Category.FAILURE, Severity.CRITICAL, 5,
     "our scheduled reports stopped arriving"),
    ("企业微信扫码登录失败", Category.FAILURE, Severity.HIGH, 3, "企业微信扫码登录提示失败"),
    ("图表查询超时 E1003", Category.FAILURE, Severity.NORMAL, 2, "图表一直转圈然后 E1003 超时"),
    ("能不能把看板导出到飞书？", Category.FEATURE, Severity.LOW, 3, "能把看板直接推送到飞书吗"),
    ("How do I share a dashboard with a client?", Category.HOWTO, Severity.NORMAL, 2,
     "how can I share a dashboard with someone outside our company?"),
    ("子账号权限怎么只给查看？", Category.HOWTO, Severity.LOW, 2, "怎么给子账号只读权限"),
    ("发票抬头开错了怎么改", Category.ACCOUNT, Severity.NORMAL, 1, "发票抬头开错了能重开吗"),
    ("API 返回 429 太频繁", Category.HOWTO, Severity.NORMAL, 2, "调用 API 老是 429"),
    ("Dark mode for the mobile app", Category.FEATURE, Severity.LOW, 1, "any plans for dark mode on mobile?"),
)
QUESTIONS_ANSWERED = ("忘记密码了怎么重置？", "What does error E1001 mean?", "怎么改密码", "E1003 是什么意思")
QUESTIONS_UNANSWERED = ("收不到重置密码的邮件怎么办", "能导出到飞书吗", "发票抬头开错了", "what is the API rate limit?")


@dataclass
class SeedSummary:
    """What was written for each week, counted while writing."""

    opened: Counter[str] = field(default_factory=Counter)
    """week -> tickets opened"""
    opened_by_category: dict[str, Counter[str]] = field(default_factory=dict)
    resolved: Counter[str] = field(default_factory=Counter)
    questions: Counter[str] = field(default_factory=Counter)
    answered: Counter[str] = field(default_factory=Counter)
    helpful: Counter[str] = field(default_factory=Counter)
    unhelpful: Counter[str] = field(default_factory=Counter)
    unanswered: Counter[str] = field(default_factory=Counter)
    breaches: Counter[str] = field(default_factory=Counter)
    escalated_open: int = 0


class _Seeder:
    def __init__(self, uow: UnitOfWork, policy: SlaPolicy, timezone: str, rng: random.Random, now: datetime) -> None:
        self.uow, self.policy, self.timezone, self.rng, self.now = uow, policy, timezone, rng, now
        self.summary = SeedSummary()
        self.message_ids = iter(range(1, 1_000_000))

    def week_of(self, moment: datetime) -> str:
        return str(IsoWeek.containing(moment, self.timezone))

    def moment(self, week: IsoWeek, day: int, hour: int) -> datetime:
        return week.start(self.timezone) + timedelta(days=day, hours=hour, minutes=self.rng.randrange(60))

    def reporters(self, when: datetime, count: int, text: str) -> tuple[TicketReport, ...]:
        reports = []
        for index in range(count):
            chat = GROUPS[index % len(GROUPS)] if index else self.rng.choice(GROUPS)
            sender = Sender(f"u{self.rng.randrange(10_000)}", self.rng.choice(("小王", "Lily", "陈工", "Tom", "阿杰")))
            later = when + timedelta(minutes=40 * index)
            reports.append(TicketReport(chat, sender, f"r{next(self.message_ids)}", text, later))
        return tuple(reports)

    async def ticket(self, week: IsoWeek, issue: tuple, day: int, *, scale: float) -> None:
        title, category, severity, people, phrase = issue
        created = self.moment(week, day, self.rng.choice((3, 10, 14, 16, 21)))
        count = max(1, round(people * scale))
        base = Ticket(0, title, category, TicketStatus.OPEN, created, created, "demo", severity=severity,
                      product="insight", reports=self.reporters(created, count, phrase))
        stored = await self.uow.tickets.create(base)
        await self.uow.tickets.save(self.progress(stored))
        week_key = self.week_of(created)
        self.summary.opened[week_key] += 1
        self.summary.opened_by_category.setdefault(week_key, Counter())[category.value] += 1

    def progress(self, ticket: Ticket) -> Ticket:
        """Answer, escalate or resolve the ticket the way a busy team would."""
        responded = ticket.created_at + timedelta(minutes=self.rng.choice((12, 35, 70, 150, 400)))
        if responded > self.now:
            return ticket
        ticket = replace(ticket, first_response_at=responded, status=TicketStatus.TRIAGED, updated_at=responded)
        if ticket.category is Category.FAILURE and ticket.severity in (Severity.HIGH, Severity.CRITICAL):
            ticket = replace(ticket, status=TicketStatus.ESCALATED, team=Team.RD)
        resolved = responded + timedelta(hours=self.rng.choice((2, 5, 20, 30, 60, 200)))
        if resolved <= self.now and self.rng.random() < 0.7:
            self.summary.resolved[self.week_of(resolved)] += 1
            return replace(ticket, status=TicketStatus.RESOLVED, resolved_at=resolved, updated_at=resolved,
                           resolution="已修复 / fixed in 4.2.1")
        return ticket

    async def question(self, week: IsoWeek, day: int, text: str, outcome: str) -> None:
        when = self.moment(week, day, self.rng.randrange(9, 20))
        chat = self.rng.choice(GROUPS)
        message = IncomingMessage(chat, Sender(f"q{self.rng.randrange(10_000)}"), text,
                                  f"q{next(self.message_ids)}", when, mentions_bot=True)
        await self.uow.messages.record(message)
        await self.uow.messages.set_outcome(message, outcome)
        key = self.week_of(when)
        self.summary.questions[key] += 1
        if outcome in ("answer", "choice"):
            self.summary.answered[key] += 1
            await self.feedback(message, key)
        if outcome == "ticket":
            self.summary.unanswered[key] += 1

    async def feedback(self, message: IncomingMessage, key: str) -> None:
        roll = self.rng.random()
        if roll > 0.6:
            return
        verdict = "helpful" if roll < 0.45 else "unhelpful"
        getattr(self.summary, verdict)[key] += 1
        await self.uow.audit.record(time=message.time + timedelta(minutes=1), platform=message.platform,
                                    chat_id=message.chat.chat_id, actor=f"{message.platform}:{message.sender.user_id}",
                                    action="feedback", outcome=verdict, detail="")

    async def breaches(self) -> None:
        """Record every target the seeded tickets missed, as the SLA watcher would have."""
        for ticket in await self.uow.tickets.find(limit=1000):
            for check in self.policy.check(ticket, self.now):
                if check.state.is_breach and check.due <= self.now:
                    await self.uow.sla.record_breach(check, ticket.severity, check.due)
                    self.summary.breaches[self.week_of(check.due)] += 1
            if ticket.status is TicketStatus.ESCALATED:
                self.summary.escalated_open += 1
                await self.uow.tickets.add_event(TicketEvent(ticket.number, "demo", ticket.updated_at, "escalated"))


async def seed_demo(uow: UnitOfWork, week: IsoWeek, policy: SlaPolicy, timezone: str, seed: int = 7) -> SeedSummary:
    """Write ``week`` and the week before (busier this week) into ``uow``; the caller commits."""
    rng = random.Random(seed)
    seeder = _Seeder(uow, policy, timezone, rng, week.end(timezone) + timedelta(hours=9))
    for target, scale in ((week.previous(), 0.6), (week, 1.0)):
        for issue in ISSUES:
            if rng.random() < 0.9 * scale:
                await seeder.ticket(target, issue, rng.randrange(5), scale=scale)
        for _ in range(round(60 * scale)):
            if rng.random() < 0.72 + 0.1 * scale:
                await seeder.question(target, rng.randrange(7), rng.choice(QUESTIONS_ANSWERED), "answer")
            else:
                await seeder.question(target, rng.randrange(7), rng.choice(QUESTIONS_UNANSWERED), "ticket")
    await seeder.breaches()
    return seeder.summary
