"""The SLA watcher stepped through a week with a holiday: reminders, breaches, the on-duty rota."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from groupbot.core.outbox import OutboxKind
from groupbot.core.rota import OnDutyShift
from groupbot.core.routing import Destination
from groupbot.core.sla import BusinessCalendar, SlaPolicy, SlaTargets
from groupbot.core.tickets import Severity, TicketStatus
from groupbot.db import SqlUnitOfWork
from groupbot.features.escalation.sla_watch import SlaWatch
from tests.db.samples import ticket
from tests.fakes import SettableClock

Factory = Callable[[], SqlUnitOfWork]
SH = ZoneInfo("Asia/Shanghai")
OPS = Destination.parse("chat:console:ops")
# Thursday 1 Oct 2026 and Friday 2 Oct are holidays in this calendar
CALENDAR = BusinessCalendar("Asia/Shanghai", start=time(9), end=time(18),
                            holidays=frozenset({date(2026, 10, 1), date(2026, 10, 2)}))
POLICY = SlaPolicy(CALENDAR, {Severity.HIGH: SlaTargets(timedelta(hours=2), timedelta(hours=18))}, near=0.75)


def local(day: int, hour: int, minute: int = 0, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SH)


async def reminders(uow_factory: Factory):
    async with uow_factory() as uow:
        return [m for m in await uow.outbox.find(limit=100) if m.kind is OutboxKind.REMINDER][::-1]


async def test_reminders_and_breaches_follow_business_hours_across_a_holiday(uow_factory: Factory) -> None:
    created = local(30, 17, 0, month=9)  # Wednesday 17:00: one business hour left that day
    async with uow_factory() as uow:
        number = (await uow.tickets.create(ticket(created_at=created, updated_at=created))).number
        await uow.rota.add(OnDutyShift("telegram:7", "Mei", created, created + timedelta(days=14), "console:lead"))
        await uow.commit()
    clock = SettableClock(local(30, 17, 30, month=9))
    watch = SlaWatch(uow_factory, clock, POLICY, OPS, remind_every=timedelta(hours=1), locale="en")
    assert (await watch.run_once()).reminders == 0  # 30 of 120 business minutes used
    clock.current = local(2, 12)  # holiday: the clock stopped at 60 minutes used
    assert (await watch.run_once()).reminders == 0
    clock.current = local(5, 9, 35)  # Monday: 95 minutes used, past the 75 % mark
    assert (await watch.run_once()).reminders == 1
    [near] = await reminders(uow_factory)
    assert near.payload["text"] == (
        f"⏰ #{number} export fails: first response due 10-05 10:00 (25m business time left). Please take a look, Mei."
    )
    assert near.payload["mentions"] == [["7", "Mei"]] and near.destination == OPS
    clock.advance(minutes=20)
    assert (await watch.run_once()).reminders == 0  # reminded less than an hour ago
    clock.current = local(5, 10, 1)
    breach_round = await watch.run_once()
    assert (breach_round.breaches, breach_round.reminders) == (1, 1)
    assert (await watch.run_once()).breaches == 0  # recorded once
    clock.advance(hours=1)
    assert (await watch.run_once()).reminders == 1  # still breached: remind again after an hour
    texts = [m.payload["text"] for m in await reminders(uow_factory)]
    assert texts[1].startswith(f"🚨 #{number} export fails: first response overdue since 10-05 10:00.")


async def test_assignee_is_reminded_before_the_on_duty_person_and_nobody_is_said_plainly(uow_factory: Factory) -> None:
    created = local(5, 9, 0)
    async with uow_factory() as uow:
        await uow.tickets.create(ticket(created_at=created, updated_at=created, assignee="telegram:99"))
        await uow.tickets.create(ticket("nobody's", created_at=created, updated_at=created))
        await uow.commit()
    watch = SlaWatch(uow_factory, SettableClock(local(5, 10, 45)), POLICY, OPS, locale="zh-CN")
    assert (await watch.run_once()).reminders == 2
    texts = sorted(m.payload["text"] for m in await reminders(uow_factory))
    assert any("请 telegram:99 跟进。" in text for text in texts)
    assert any("当前无负责人也无值班人员" in text for text in texts)


async def test_without_an_ops_chat_breaches_are_still_recorded(uow_factory: Factory) -> None:
    created = local(5, 9, 0)
    async with uow_factory() as uow:
        await uow.tickets.create(ticket(created_at=created, updated_at=created))
        await uow.commit()
    result = await SlaWatch(uow_factory, SettableClock(local(6, 9, 0)), POLICY, None).run_once()
    assert (result.breaches, result.reminders) == (1, 0)


async def test_a_ticket_resolved_late_while_nobody_watched_is_recorded_as_missed(uow_factory: Factory) -> None:
    created = local(5, 9, 0)
    late = local(7, 9, 0)  # the 18 business-hour resolution target ends here
    async with uow_factory() as uow:
        await uow.tickets.create(ticket(created_at=created, updated_at=late, status=TicketStatus.RESOLVED,
                                        first_response_at=local(5, 9, 30), resolved_at=late + timedelta(hours=2)))
        await uow.commit()
    watch = SlaWatch(uow_factory, SettableClock(late + timedelta(days=1)), POLICY, OPS)
    result = await watch.run_once()
    assert (result.breaches, result.reminders) == (1, 0)  # resolution missed; first response met; no nagging
    assert (await watch.run_once()).breaches == 0
