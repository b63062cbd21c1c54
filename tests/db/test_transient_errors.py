"""A unit of work that meets a stalled or unreachable database says so with StoreUnavailable."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.core.ports import StoreUnavailable
from groupbot.db import SqlUnitOfWork, create_engine, unit_of_work_factory
from tests.db.samples import message


async def test_a_lock_wait_that_runs_out_is_store_unavailable(engine: AsyncEngine, db_url: str) -> None:
    # A second engine with no patience for locks, as a stalled instance would meet them.
    if engine.dialect.name == "sqlite":
        impatient = create_engine(db_url, connect_args={"timeout": 0})
    else:
        impatient = create_engine(db_url, connect_args={"server_settings": {"lock_timeout": "50"}})
    try:
        async with engine.connect() as holder:
            if engine.dialect.name == "sqlite":
                await holder.execute(text("DELETE FROM inbound_messages WHERE 0"))  # SQLite's write lock
            else:
                await holder.execute(text("LOCK TABLE inbound_messages IN ACCESS EXCLUSIVE MODE"))
            with pytest.raises(StoreUnavailable):
                async with unit_of_work_factory(impatient)() as uow:
                    await uow.messages.record(message("m1"))
                    await uow.commit()
            await holder.rollback()
        async with unit_of_work_factory(impatient)() as uow:  # once the lock is gone, the same work succeeds
            assert await uow.messages.record(message("m1")) is True
            await uow.commit()
    finally:
        await impatient.dispose()


async def test_an_unreachable_database_is_store_unavailable(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("a SQLite file is always reachable")
    unreachable = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/none")
    try:
        with pytest.raises(StoreUnavailable):
            async with unit_of_work_factory(unreachable)() as uow:
                await uow.messages.record(message("m1"))
    finally:
        await unreachable.dispose()


async def test_a_bad_statement_is_not_store_unavailable(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    with pytest.raises(Exception) as raised:
        async with uow_factory() as uow:
            await uow.tickets._conn.execute(text("SELECT * FROM no_such_table"))
    assert not isinstance(raised.value, StoreUnavailable)


async def test_a_pooled_connection_the_server_dropped_fails_once_as_store_unavailable_then_is_replaced(
    engine: AsyncEngine, uow_factory: Callable[[], SqlUnitOfWork], db_url: str
) -> None:
    # No pre-ping on checkout: a server restart or an idle-connection reaper is met at the
    # unit's first statement, before anything is written, and the router's retry gets a fresh one.
    if db_url.startswith("sqlite"):
        pytest.skip("a SQLite connection has no server to lose it")
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m1")) is True
        await uow.commit()
    killer = create_engine(db_url)
    try:
        async with killer.connect() as conn:
            await conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ))
    finally:
        await killer.dispose()
    with pytest.raises(StoreUnavailable):
        async with uow_factory() as uow:
            await uow.messages.record(message("m2"))
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m2")) is True
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.messages.record(message("m1")) is False  # what was committed before the drop is kept
