"""The SQLite driver: statements on the loop, lock waits on its thread, all SQLAlchemy reads from a cursor."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import greenlet
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, exc, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.db import create_engine
from groupbot.db.sqlite_driver import OneTripConnection

metadata = MetaData()
items = Table("items", metadata, Column("id", Integer, primary_key=True), Column("name", String, unique=True))


class _Trips:
    """Counts calls queued on aiosqlite's worker thread (aiosqlite's own ``_execute``), for every connection."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = OneTripConnection._execute

        async def counted(connection: OneTripConnection, fn: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await original(connection, fn, *args, **kwargs)

        monkeypatch.setattr(OneTripConnection, "_execute", counted)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    try:
        yield engine
    finally:
        await engine.dispose()


async def test_statements_and_commits_cost_no_trip_to_the_worker_thread(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with engine.connect() as conn:  # the pooled connection exists before we count
        await conn.execute(select(items))
    trips = _Trips(monkeypatch)
    async with engine.begin() as conn:
        await conn.execute(insert(items).values(name="a"))
        rows = (await conn.execute(select(items.c.name))).all()
        await conn.execute(update(items).values(name="b"))
    assert [tuple(row) for row in rows] == [("a",)]
    # aiosqlite under SQLAlchemy's own adapter: cursor, execute, fetch, close per statement, and the commit (10+).
    assert trips.count == 0


async def test_a_statement_that_finds_the_database_locked_waits_off_the_loop(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with engine.connect() as conn:  # the pooled connection exists before the lock is taken
        await conn.execute(select(items))
    other_writer = sqlite3.connect(tmp_path / "driver.db", isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")  # holds the write lock

    async def write() -> None:
        async with engine.begin() as conn:
            await conn.execute(insert(items).values(name="waited"))

    trips = _Trips(monkeypatch)
    writing = asyncio.create_task(write())
    for _ in range(20):
        await asyncio.sleep(0)  # the loop goes on while the insert waits for the lock
    assert not writing.done()
    assert trips.count == 1  # the insert, gone to the worker thread to wait
    other_writer.execute("COMMIT")
    other_writer.close()
    await writing
    assert trips.count == 1  # and its commit did not: the lock was ours by then
    async with engine.connect() as conn:
        assert (await conn.execute(select(items.c.name))).scalars().all() == ["waited"]
        # and the next statement on the loop does not wait: the connection's own busy timeout is back at 0
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar_one() == 0


async def test_cursor_reports_rows_rowcount_lastrowid_and_description(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        first = await conn.execute(insert(items).values(name="a"))
        await conn.execute(insert(items), [{"name": "b"}, {"name": "c"}, {"name": "d"}])
        changed = await conn.execute(update(items).where(items.c.id > 2).values(name=items.c.name + "!"))
        result = await conn.execute(select(items.c.id, items.c.name).order_by(items.c.id))
        keys = list(result.keys())
        one, two, rest = result.fetchone(), result.fetchmany(2), result.fetchall()
    assert first.inserted_primary_key == (1,)
    assert changed.rowcount == 2
    assert keys == ["id", "name"]
    assert tuple(one) == (1, "a")
    assert [tuple(r) for r in two] == [(2, "b"), (3, "c!")]
    assert [tuple(r) for r in rest] == [(4, "d!")]


async def test_streamed_results_arrive_in_order(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(items), [{"name": f"n{i:03}"} for i in range(150)])
    async with engine.connect() as conn:
        streamed = [row.name async for row in await conn.stream(select(items.c.name).order_by(items.c.name))]
    assert streamed == [f"n{i:03}" for i in range(150)]


async def test_errors_are_sqlalchemys_and_the_transaction_is_rolled_back(engine: AsyncEngine) -> None:
    with pytest.raises(exc.IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(insert(items).values(name="x"))
            await conn.execute(insert(items).values(name="x"))
    with pytest.raises(exc.OperationalError, match="no such table"):
        async with engine.connect() as conn:
            await conn.execute(text("SELECT * FROM missing"))
    async with engine.connect() as conn:
        assert (await conn.execute(select(items))).all() == []


async def test_one_pooled_connection_serves_many_concurrent_units_of_work(engine: AsyncEngine) -> None:
    # Each unit reads, then writes: on several connections SQLite would make them wait on its lock.
    async def unit(n: int) -> None:
        async with engine.begin() as conn:
            await conn.execute(select(items.c.id).where(items.c.name == f"u{n}"))
            await asyncio.sleep(0)  # let the others queue on the pool meanwhile
            await conn.execute(insert(items).values(name=f"u{n}"))

    await asyncio.gather(*(unit(n) for n in range(200)))
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM items"))).scalar_one() == 200
    assert engine.pool.size() == 1


async def test_memory_database_keeps_its_single_shared_connection() -> None:
    engine = create_engine("sqlite+aiosqlite://")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
            await conn.execute(insert(items).values(name="kept"))
        async with engine.connect() as conn:  # another checkout: the same in-memory database
            assert (await conn.execute(select(items.c.name))).scalars().all() == ["kept"]
    finally:
        await engine.dispose()


class _Switches:
    """Counts greenlet switches: SQLAlchemy's way from its synchronous core to the event loop and back."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, event: str, _args: Any) -> None:
        if event in ("switch", "throw"):
            self.count += 1


async def _switches(work: Any) -> int:
    switches = _Switches()
    previous = greenlet.settrace(switches)
    try:
        await work()
    finally:
        greenlet.settrace(previous)
    return switches.count


async def test_a_statement_leaves_sqlalchemys_greenlet_once_and_a_commit_not_at_all(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(select(items))  # the connection and its transaction exist before we count
        written = await _switches(lambda: conn.execute(insert(items).values(name="a")))
        read = await _switches(lambda: conn.execute(select(items.c.name)))
        committed = await _switches(conn.commit)
    # Into the greenlet and out, plus one await SQLAlchemy insists on; its own adapter made three
    # (cursor, execute, close: 6-8 switches a statement) and one more for the commit (4).
    assert (written, read, committed) == (4, 4, 2)
    async with engine.connect() as conn:
        assert (await conn.execute(select(items.c.name))).scalars().all() == ["a"]
