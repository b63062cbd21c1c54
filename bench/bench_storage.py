"""Cost of one message's unit of work (record + set_outcome + commit) against the bare driver.

Run: ``PYTHONPATH=src python bench/bench_storage.py [N]``. The baseline, in the
same process on the same kind of database, is the driver alone doing the same
work per message (INSERT .. ON CONFLICT DO NOTHING, UPDATE, COMMIT) on one
open connection; the ratio is what SQLAlchemy, the pool and the unit of work
cost on top. With GROUPBOT_TEST_PG_URL reachable, PostgreSQL is measured too (its
public schema is wiped).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import asyncpg

from groupbot.core.messages import ChatRef, IncomingMessage, Sender
from groupbot.db import create_engine, unit_of_work_factory, upgrade

SAMPLE = IncomingMessage(
    chat=ChatRef("bench", "group"),
    sender=Sender("42", "Alice"),
    text="how do I reset my password? " * 4,
    message_id="0",
    time=datetime(2026, 1, 1, tzinfo=UTC),
)
RAW_TABLE = (
    "CREATE TABLE raw (platform TEXT, chat_id TEXT, message_id TEXT, text TEXT, outcome TEXT,"
    " UNIQUE (platform, chat_id, message_id))"
)
RAW_INSERT = "INSERT INTO raw VALUES ({}, {}, {}, {}, NULL) ON CONFLICT DO NOTHING"
RAW_UPDATE = "UPDATE raw SET outcome = {} WHERE platform = {} AND chat_id = {} AND message_id = {}"


async def _ours(url: str, n: int) -> float:
    await upgrade(url)
    engine = create_engine(url)
    new_uow = unit_of_work_factory(engine)
    start = time.perf_counter()
    for i in range(n):
        message = replace(SAMPLE, message_id=str(i))
        async with new_uow() as uow:
            await uow.messages.record(message)
            await uow.messages.set_outcome(message, "answer", "password-reset", 0.9)
            await uow.commit()
    elapsed = time.perf_counter() - start
    await engine.dispose()
    return elapsed


async def _raw_sqlite(path: Path, n: int) -> float:
    async with aiosqlite.connect(path) as db:
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute(RAW_TABLE)
        start = time.perf_counter()
        insert, update = RAW_INSERT.format(*"????"), RAW_UPDATE.format(*"????")
        for i in range(n):
            await db.execute(insert, ("bench", "group", str(i), SAMPLE.text))
            await db.execute(update, ("answer", "bench", "group", str(i)))
            await db.commit()
        return time.perf_counter() - start


async def _raw_pg(url: str, n: int) -> float:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        await conn.execute(RAW_TABLE)
        start = time.perf_counter()
        insert, update = RAW_INSERT.format("$1", "$2", "$3", "$4"), RAW_UPDATE.format("$1", "$2", "$3", "$4")
        for i in range(n):
            async with conn.transaction():
                await conn.execute(insert, "bench", "group", str(i), SAMPLE.text)
                await conn.execute(update, "answer", "bench", "group", str(i))
        elapsed = time.perf_counter() - start
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        return elapsed
    finally:
        await conn.close()


def _report(name: str, n: int, ours: float, raw: float) -> None:
    print(
        f"{name}: {n} messages, unit of work {ours / n * 1e3:.2f} ms each, "
        f"raw driver {raw / n * 1e3:.2f} ms each, ratio {ours / raw:.1f}x"
    )


async def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = await _raw_sqlite(Path(tmp) / "raw.db", n)
        ours = await _ours(f"sqlite+aiosqlite:///{tmp}/ours.db", n)
        _report("sqlite", n, ours, raw)
    url = os.environ.get("GROUPBOT_TEST_PG_URL")
    if not url:
        print("postgresql: skipped (set GROUPBOT_TEST_PG_URL)")
        return
    raw = await _raw_pg(url, n)
    ours = await _ours(url, n)
    _report("postgresql", n, ours, raw)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
