"""Watches open tickets against their SLA: records breaches, reminds the assignee or the person on duty.

Steppable like the other jobs: :meth:`SlaWatch.run_once` looks at the clock's
``now``; reminders go to the ops chat through the outbox and repeat at most
every ``remind_every`` per ticket, target and state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from groupbot.core.escalation import chat_payload
from groupbot.core.outbox import OutboxKind, new_message
from groupbot.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from groupbot.core.rota import OnDutyShift
from groupbot.core.routing import Destination
from groupbot.core.sla import SlaCheck, SlaPolicy, SlaState
from groupbot.core.tickets import OPEN_STATUSES, Ticket, TicketStatus
from groupbot.features.chats.language import spoken_in
from groupbot.features.texts import render

__all__ = ["SlaRound", "SlaWatch"]

log = logging.getLogger(__name__)
MAX_TICKETS = 1000


@dataclass(frozen=True, slots=True)
class SlaRound:
    """What one look did."""

    breaches: int = 0
    reminders: int = 0


def _left(remaining: timedelta) -> str:
    minutes = max(int(remaining.total_seconds() // 60), 0)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


class SlaWatch:
    """Evaluates every open ticket at the clock's time."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        policy: SlaPolicy,
        ops_chat: Destination | None,
        *,
        remind_every: timedelta = timedelta(hours=1),
        locale: str = "zh-CN",
        on_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._policy = policy
        self._ops_chat = ops_chat
        self._remind_every = remind_every
        self._locale = locale
        self._on_queued = on_queued

    async def run_once(self) -> SlaRound:
        """Record new breaches and queue the reminders that are due."""
        now = self._clock.now()
        breaches = reminders = 0
        async with self._uow_factory() as uow:
            on_duty = await uow.rota.current(now)
            for ticket in await self._watched(uow):
                for check in self._policy.check(ticket, now):
                    if check.state.is_breach and await uow.sla.record_breach(check, ticket.severity, now):
                        breaches += 1
                        log.warning("ticket #%d missed its %s target (due %s)", ticket.number, check.kind, check.due)
                    if check.state.needs_reminder and await self._remind(uow, ticket, check, on_duty, now):
                        reminders += 1
            await uow.commit()
        if reminders:
            self._on_queued()
        return SlaRound(breaches, reminders)

    @staticmethod
    async def _watched(uow: UnitOfWork) -> list[Ticket]:
        """Open tickets, and the latest resolved ones: one answered late while the bot was down still counts."""
        open_ones = await uow.tickets.find(statuses=tuple(OPEN_STATUSES), limit=MAX_TICKETS)
        done = await uow.tickets.find(statuses=(TicketStatus.RESOLVED.value, TicketStatus.CLOSED.value), limit=200)
        return open_ones + done

    async def _remind(
        self, uow: UnitOfWork, ticket: Ticket, check: SlaCheck, on_duty: OnDutyShift | None, now: datetime
    ) -> bool:
        if self._ops_chat is None:
            return False
        last = await uow.sla.last_reminder(check)
        if last is not None and now - last < self._remind_every:
            return False
        text, mentions = self._reminder(ticket, check, on_duty, await spoken_in(uow, self._ops_chat, self._locale))
        payload = chat_payload(text, mentions=mentions, kind="notice")
        reminder = new_message(OutboxKind.REMINDER, self._ops_chat, payload, now, ticket_number=ticket.number)
        await uow.outbox.add(reminder)
        await uow.sla.reminded(check, now)
        return True

    def _reminder(
        self, ticket: Ticket, check: SlaCheck, on_duty: OnDutyShift | None, locale: str
    ) -> tuple[str, list[tuple[str, str]]]:
        if ticket.assignee:
            user_id = ticket.assignee.partition(":")[2] or ticket.assignee
            who, mentions = render("sla_who", locale, name=ticket.assignee), [(user_id, ticket.assignee)]
        elif on_duty is not None:
            who, mentions = render("sla_who", locale, name=on_duty.name), [(on_duty.user_id, on_duty.name)]
        else:
            who, mentions = render("sla_nobody", locale), []
        due = check.due.astimezone(ZoneInfo(self._policy.calendar.timezone))
        key = "sla_breached" if check.state is SlaState.BREACHED else "sla_near"
        target = render(f"sla_target_{check.kind.value}", locale)
        text = render(key, locale, number=ticket.number, title=ticket.title, target=target,
                      due=f"{due:%m-%d %H:%M}", left=_left(check.remaining), who=who)
        return text, mentions
