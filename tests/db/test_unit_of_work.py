"""Unit of work: one transaction, rolled back unless committed; audit log; awkward data."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from datetime import timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.db import SqlUnitOfWork
from groupbot.db.schema import audit_events, inbound_messages
from tests.db.samples import T0, message, report, ticket

Factory = Callable[[], SqlUnitOfWork]
BIG = ("问题 🚀 " * 12_500)[:100_000]  # 100 000 characters, mostly multi-byte
assert len(BIG.encode("utf-8")) > 100_000


async def _texts(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        return list((await conn.execute(select(inbound_messages.c.text).order_by(inbound_messages.c.id))).scalars())


async def test_changes_not_committed_are_rolled_back(engine: AsyncEngine, uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        await uow.messages.record(message("m1"))
        await uow.tickets.create(ticket())
    async with uow_factory() as uow:
        assert await uow.tickets.find() == []
    assert await _texts(engine) == []


async def test_an_exception_rolls_back(engine: AsyncEngine, uow_factory: Factory) -> None:
    with pytest.raises(RuntimeError, match="handler failed"):
        async with uow_factory() as uow:
            await uow.messages.record(message("m1"))
            await uow.commit()
            await uow.messages.record(message("m2"))
            raise RuntimeError("handler failed")
    assert await _texts(engine) == [message("m1").text]


async def test_commit_outside_the_block_is_refused(uow_factory: Factory) -> None:
    with pytest.raises(RuntimeError):
        await uow_factory().commit()


async def test_audit_record_is_stored(engine: AsyncEngine, uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        await uow.audit.record(
            time=T0, platform="telegram", chat_id="-100123", actor="telegram:42", action="/close 7", outcome="refused"
        )
        await uow.audit.record(
            time=T0,
            platform="console",
            chat_id="demo",
            actor="console:ops",
            action="/assign 7",
            outcome="ok",
            detail="x",
        )
        await uow.commit()
    async with engine.connect() as conn:
        rows = (await conn.execute(select(audit_events).order_by(audit_events.c.id))).all()
    assert [(r.at, r.actor, r.action, r.outcome, r.detail) for r in rows] == [
        (T0, "telegram:42", "/close 7", "refused", ""),
        (T0, "console:ops", "/assign 7", "ok", "x"),
    ]


async def test_100kb_text_and_emoji_round_trip(engine: AsyncEngine, uow_factory: Factory) -> None:
    emoji_only = "👍🏽👨‍👩‍👧‍👦🇨🇳"
    async with uow_factory() as uow:
        await uow.messages.record(message("big", BIG))
        await uow.messages.record(message("emoji", emoji_only))
        created = await uow.tickets.create(ticket(BIG[:300], reports=(report(text=BIG),)))
        await uow.commit()
    assert await _texts(engine) == [BIG, emoji_only]
    async with uow_factory() as uow:
        found = await uow.tickets.get(created.number)
    assert found is not None
    assert (found.title, found.reports[0].text) == (BIG[:300], BIG)


async def test_nul_and_lone_surrogates_are_replaced_not_fatal(engine: AsyncEngine, uow_factory: Factory) -> None:
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m1", "bin\x00ary \ud800 end")) is True
        await uow.commit()
    assert await _texts(engine) == ["bin\ufffdary \ufffd end"]


async def test_times_come_back_aware_and_in_utc(uow_factory: Factory) -> None:
    beijing = timezone(timedelta(hours=8))
    created_local = T0.astimezone(beijing)
    async with uow_factory() as uow:
        created = await uow.tickets.create(ticket(created_at=created_local, updated_at=created_local))
    assert created.created_at == T0
    assert created.created_at.utcoffset() == timedelta(0)


async def test_naive_times_are_refused(uow_factory: Factory) -> None:
    naive = dataclasses.replace(message("n"), time=T0.replace(tzinfo=None))
    async with uow_factory() as uow:
        with pytest.raises(StatementError, match="naive datetime"):
            await uow.messages.record(naive)


async def test_a_nested_unit_of_work_on_sqlite_fails_at_once_instead_of_waiting(
    engine: AsyncEngine, uow_factory: Factory, db_url: str
) -> None:
    async with uow_factory() as outer:
        await outer.messages.record(message("m1"))
        if db_url.startswith("sqlite"):  # its one connection is held by ``outer``
            with pytest.raises(RuntimeError, match="already open in this task"):
                async with uow_factory():
                    pass
        else:  # PostgreSQL: a second connection, allowed (tests play two instances this way)
            async with uow_factory() as inner:
                assert await inner.messages.record(message("m2"))
        await outer.commit()
    assert await _texts(engine) == [message("m1").text]


async def test_tasks_started_inside_a_unit_of_work_open_their_own_later(uow_factory: Factory) -> None:
    async def later() -> bool:
        async with uow_factory() as uow:  # the context copied from the parent task must not count
            recorded = await uow.messages.record(message("m2"))
            await uow.commit()
            return recorded

    async with uow_factory() as uow:
        await uow.messages.record(message("m1"))
        child = asyncio.create_task(later())
        await uow.commit()
    assert await asyncio.wait_for(child, 10)
    async with uow_factory() as uow:  # and the parent task may open the next one
        assert not await uow.messages.record(message("m1")), "m1 was committed"
