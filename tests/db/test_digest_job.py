"""The weekly digest on a seeded database: numbers match the seed, posted exactly once per week."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from groupbot.core.digest import IsoWeek, Trend
from groupbot.core.messages import ChatRef, IncomingMessage, Sender
from groupbot.core.outbox import OutboxKind
from groupbot.core.routing import Destination
from groupbot.core.sla import SlaPolicy
from groupbot.db import SqlUnitOfWork
from groupbot.features.digest.demo_seed import SeedSummary, seed_demo
from groupbot.features.digest.job import DigestJob, DigestPublication, DigestSchedule, build_week
from groupbot.features.digest.render import render
from tests.fakes import SettableClock

Factory = Callable[[], SqlUnitOfWork]
TZ = "Asia/Shanghai"
SH = ZoneInfo(TZ)
WEEK = IsoWeek(2026, 47)
SCHEDULE = DigestSchedule(weekday=1, at=time(9, 0), timezone=TZ)
OPS = Destination.parse("chat:console:ops")
RD = Destination.parse("webhook:rd")


def covered(text: str) -> bool:
    return "重置密码" in text


@pytest.fixture
async def seeded(uow_factory: Factory) -> SeedSummary:
    async with uow_factory() as uow:
        summary = await seed_demo(uow, WEEK, SlaPolicy(), TZ, seed=11)
        await uow.commit()
    return summary


async def test_digest_numbers_match_the_seeded_weeks(uow_factory: Factory, seeded: SeedSummary) -> None:
    async with uow_factory() as uow:
        digest = await build_week(uow, WEEK, TZ, covered)
    this, last = str(WEEK), str(WEEK.previous())
    assert (digest.opened.current, digest.opened.previous) == (seeded.opened[this], seeded.opened[last])
    assert {k: v[0] for k, v in digest.opened_by_category.items() if v[0]} == dict(seeded.opened_by_category[this])
    assert {k: v[1] for k, v in digest.opened_by_category.items() if v[1]} == dict(seeded.opened_by_category[last])
    assert (digest.resolved.current, digest.resolved.previous) == (seeded.resolved[this], seeded.resolved[last])
    assert digest.answer_rate.current == pytest.approx(seeded.answered[this] / seeded.questions[this])
    assert digest.answer_rate.previous == pytest.approx(seeded.answered[last] / seeded.questions[last])
    votes = seeded.helpful[this] + seeded.unhelpful[this]
    assert digest.helpful_rate.current == pytest.approx(seeded.helpful[this] / votes)
    assert digest.breach_count.current == seeded.breaches[this]
    assert digest.breach_count.previous == seeded.breaches[last]
    assert len(digest.open_escalations) == seeded.escalated_open
    assert digest.coverage[1] == seeded.unanswered[this] and 0 < digest.coverage[0] < digest.coverage[1]
    assert digest.opened.trend is Trend.UP  # the seed makes this week busier
    assert digest.top_failures and digest.top_failures[0].askers >= digest.top_failures[-1].askers


async def test_seeded_digest_renders_in_every_format(uow_factory: Factory, seeded: SeedSummary) -> None:
    async with uow_factory() as uow:
        digest = await build_week(uow, WEEK, TZ, covered)
    text = render(digest, "text", "zh-CN")
    assert "仪表盘加载报错 E1002" in text or "导出 PDF" in text
    assert f"新建: {seeded.opened[str(WEEK)]} (↑ 上周 {seeded.opened[str(WEEK.previous())]})" in text
    assert render(digest, "markdown", "en").startswith("# Weekly support digest 2026-W47")


def test_schedule_names_the_previous_week_from_monday_nine_shanghai() -> None:
    assert SCHEDULE.due_week(datetime(2026, 11, 23, 8, 59, tzinfo=SH)) is None
    assert SCHEDULE.due_week(datetime(2026, 11, 23, 9, 0, tzinfo=SH)) == WEEK
    assert SCHEDULE.due_week(datetime(2026, 11, 29, 23, 0, tzinfo=SH)) == WEEK
    # Monday 01:30 UTC is 09:30 in Shanghai
    assert SCHEDULE.due_week(datetime(2026, 11, 23, 1, 30, tzinfo=ZoneInfo("UTC"))) == WEEK


def job(uow_factory: Factory, clock: SettableClock, instance: str) -> DigestJob:
    publication = DigestPublication((OPS, RD), locale="zh-CN", chart=True)
    return DigestJob(uow_factory, clock, SCHEDULE, publication, covered, instance)


async def digest_messages(uow_factory: Factory):
    async with uow_factory() as uow:
        return [m for m in await uow.outbox.find(limit=100) if m.kind is OutboxKind.DIGEST]


async def test_posted_once_per_week_across_restarts(uow_factory: Factory, seeded: SeedSummary) -> None:
    clock = SettableClock(datetime(2026, 11, 23, 8, 0, tzinfo=SH))
    assert await job(uow_factory, clock, "a").run_once() is None  # too early
    clock.advance(hours=1)
    assert await job(uow_factory, clock, "a").run_once() == WEEK
    clock.advance(hours=2)
    assert await job(uow_factory, clock, "a-restarted").run_once() is None
    messages = await digest_messages(uow_factory)
    assert sorted(str(m.destination) for m in messages) == ["chat:console:ops", "webhook:rd"]
    chat = next(m for m in messages if str(m.destination) == "chat:console:ops")
    assert chat.payload["text"].startswith("每周支持周报 2026-W47")
    assert chat.attachment is not None and chat.attachment.startswith(b"\x89PNG")
    hook = next(m for m in messages if m.destination == RD)
    assert hook.payload["digest"]["week"] == "2026-W47" and hook.payload["text"].startswith("# 每周支持周报")
    clock.advance(days=7)
    assert await job(uow_factory, clock, "a").run_once() == WEEK.next()


async def test_two_instances_racing_post_one_digest(uow_factory: Factory, seeded: SeedSummary) -> None:
    clock = SettableClock(datetime(2026, 11, 23, 9, 0, 5, tzinfo=SH))
    results = await asyncio.gather(job(uow_factory, clock, "a").run_once(), job(uow_factory, clock, "b").run_once())
    assert results.count(WEEK) == 1 and results.count(None) == 1
    assert len(await digest_messages(uow_factory)) == 2


async def test_nowhere_to_post_leaves_the_week_for_later(uow_factory: Factory, seeded: SeedSummary) -> None:
    clock = SettableClock(datetime(2026, 11, 23, 9, 30, tzinfo=SH))
    silent = DigestJob(uow_factory, clock, SCHEDULE, DigestPublication(()), covered, "console-only")
    assert await silent.run_once() is None
    assert await job(uow_factory, clock, "configured").run_once() == WEEK


async def test_a_week_that_ended_before_the_bot_heard_anything_is_not_reported(uow_factory: Factory) -> None:
    clock = SettableClock(datetime(2026, 11, 23, 9, 30, tzinfo=SH))  # a fresh install, on Monday morning
    assert await job(uow_factory, clock, "a").run_once() is None
    assert await digest_messages(uow_factory) == []
    first = IncomingMessage(ChatRef("console", "group"), Sender("u", "U"), "hi", "m1", clock.now(),
                            received_at=clock.now())
    async with uow_factory() as uow:
        await uow.messages.record(first)
        await uow.commit()
    assert await job(uow_factory, clock, "a").run_once() is None, "W47 was decided, once"
    clock.advance(days=7)
    assert await job(uow_factory, clock, "a").run_once() == WEEK.next()  # the first week it was there
    assert len(await digest_messages(uow_factory)) == 2
