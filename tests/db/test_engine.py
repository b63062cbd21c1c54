"""The engine: URL normalisation, SQLite folder and pragmas."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.util import greenlet_spawn

from groupbot.db import create_engine, normalize_url


def test_bare_urls_get_the_async_drivers() -> None:
    assert normalize_url("postgres://u@db:5432/bot").drivername == "postgresql+asyncpg"
    assert normalize_url("postgresql://u@db/bot").drivername == "postgresql+asyncpg"
    assert normalize_url("sqlite:///data/x.db").drivername == "sqlite+aiosqlite"
    assert normalize_url("postgresql+asyncpg://u@db/bot").drivername == "postgresql+asyncpg"


async def test_sqlite_engine_creates_the_folder_and_sets_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "groupbot.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        async with engine.connect() as conn:
            pragmas = [
                (await conn.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous")
            ]
            raw = await conn.get_raw_connection()
            patience = raw.driver_connection.timeout
    finally:
        await engine.dispose()
    assert path.is_file()
    assert pragmas == ["wal", 1, 1]  # synchronous 1 = NORMAL
    assert patience == 5.0  # the driver's wait for another writer (tests/db/test_sqlite_driver.py)


async def test_sqlite_pool_still_rolls_back_a_connection_returned_mid_transaction(tmp_path: Path) -> None:
    # The pool's reset asks SQLite whether a transaction is open; one left open must still be undone.
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'reset.db'}")
    try:
        async with engine.connect() as conn:
            await conn.execute(text("CREATE TABLE t (x INTEGER)"))
            await conn.commit()
        raw = await engine.raw_connection()
        await raw.driver_connection.execute("INSERT INTO t VALUES (1)")
        assert raw.driver_connection.in_transaction
        await greenlet_spawn(raw.close)  # back to the pool without commit or rollback
        async with engine.connect() as conn:  # the same pooled connection: it would see its own row
            assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
            await conn.execute(text("INSERT INTO t VALUES (2)"))
            await conn.commit()
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT x FROM t"))).scalars().all() == [2]
    finally:
        await engine.dispose()
