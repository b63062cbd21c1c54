"""Simultaneous reports of one new problem end up on one ticket, on every database."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

import numpy as np
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.core.messages import ChatKind, ChatRef, IncomingMessage, Role, Sender
from groupbot.core.repeats import RepeatFinder
from groupbot.core.tickets import OPEN_STATUSES
from groupbot.db import SqlUnitOfWork, create_engine, unit_of_work_factory
from groupbot.features.tickets.classification_rules import load_rules
from groupbot.features.tickets.desk import TicketDesk
from groupbot.features.tickets.look_alikes import LookAlikes
from groupbot.features.tickets.ops_inbox import OpsInbox
from tests.db.samples import T0
from tests.fakes import SettableClock

Factory = Callable[[], SqlUnitOfWork]
PROBLEMS = [
    "the invoice export fails with error E42 since this morning",
    "login page loops back to the start after entering the code",
    "push notifications stopped arriving on android phones",
    "dark mode makes the chart labels unreadable",
    "扫码登录以后应用直接闪退",
    "cannot upload pictures larger than two megabytes",
    "the search box ignores accented characters",
    "monthly report shows last year's totals",
    "password reset email never arrives in my inbox",
    "calendar sync duplicates every meeting twice",
]
PAIRS = len(PROBLEMS)


def _desk() -> TicketDesk:
    return TicketDesk(SettableClock(T0), load_rules(), RepeatFinder(), OpsInbox(None))


def _asking(asker: str, number: int, text: str) -> IncomingMessage:
    chat = ChatRef("telegram", f"-100{asker}", ChatKind.GROUP, f"group {asker}")
    sender = Sender(asker, f"user {asker}", Role.CUSTOMER)
    return IncomingMessage(
        chat=chat, sender=sender, text=text, message_id=f"{asker}-{number}", time=T0, received_at=T0
    )


async def _report(factory: Factory, desk: TicketDesk, message: IncomingMessage) -> int:
    async with factory() as uow:
        outcome = await desk.open_or_merge(message, message.text, uow, "en")
        await uow.commit()
    return outcome.ticket.number


async def _open_tickets(factory: Factory) -> int:
    async with factory() as uow:
        return len(await uow.tickets.find(statuses=[str(s) for s in OPEN_STATUSES], limit=1000))


async def test_two_reports_at_once_share_one_ticket(uow_factory: Factory) -> None:
    desk = _desk()
    for number, problem in enumerate(PROBLEMS):
        first, second = await asyncio.gather(
            _report(uow_factory, desk, _asking("1", number, problem)),
            _report(uow_factory, desk, _asking("2", number, problem + "!")),
        )
        assert first == second, f"pair {number} split into tickets #{first} and #{second}"
    assert await _open_tickets(uow_factory) == PAIRS


async def test_two_instances_reporting_at_once_share_one_ticket(engine: AsyncEngine, db_url: str) -> None:
    # A second engine is a second instance: its own pool, its own connections.
    other = create_engine(db_url)
    try:
        here, there = unit_of_work_factory(engine), unit_of_work_factory(other)
        desks = _desk(), _desk()
        for number, problem in enumerate(PROBLEMS):
            first, second = await asyncio.gather(
                _report(here, desks[0], _asking("1", number, problem)),
                _report(there, desks[1], _asking("2", number, "me too: " + problem)),
            )
            assert first == second, f"pair {number} split into tickets #{first} and #{second}"
        assert await _open_tickets(here) == PAIRS
    finally:
        await other.dispose()


async def test_a_failing_encoder_costs_the_look_alike_hint_not_the_report(uow_factory: Factory, caplog) -> None:
    def broken(texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("the encoder's weights could not be read")

    desk = TicketDesk(SettableClock(T0), load_rules(), RepeatFinder(), OpsInbox(None), look_alikes=LookAlikes(broken))
    first = await _report(uow_factory, desk, _asking("1", 1, PROBLEMS[4]))
    second = await _report(uow_factory, desk, _asking("2", 2, "after scanning to log in the app just closes"))
    assert (first, second) == (1, 2)
    assert "could not look for tickets like report 2-2" in caplog.text
