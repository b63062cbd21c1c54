"""Shared fixtures: a real database per test, on SQLite and on PostgreSQL.

``db_url`` is an empty database (parametrized: a SQLite file, and the
PostgreSQL server in ``GROUPBOT_TEST_PG_URL`` with its public schema dropped
and recreated). ``engine`` is that database migrated to head by the same code
path ``groupbot db upgrade`` uses; ``uow_factory`` builds units of work on it.

Without a reachable PostgreSQL the postgres cases skip with the reason shown
in the summary; with ``CI=true`` they fail instead, so CI cannot pass silently.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.db import SqlUnitOfWork, create_engine, unit_of_work_factory, upgrade

DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
_pg_problem: dict[str, str | None] = {}
_END_OTHER_SESSIONS = """
    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'
"""


def pg_url() -> str:
    """The PostgreSQL server tests may wipe."""
    return os.environ.get("GROUPBOT_TEST_PG_URL", DEFAULT_PG_URL)


async def _reset_pg(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            # A connection left in a transaction by an interrupted run would
            # block the DROP forever; this database is the tests' to wipe.
            await conn.execute(text(_END_OTHER_SESSIONS))
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


async def _problem_with(url: str) -> str | None:
    """Why ``url`` cannot be used, or None; asked once per run."""
    if url not in _pg_problem:
        try:
            await asyncio.wait_for(_reset_pg(url), timeout=10)
            _pg_problem[url] = None
        except Exception as exc:  # whatever the cause, the server cannot be used
            _pg_problem[url] = f"PostgreSQL at {url} unusable ({type(exc).__name__}: {exc})"
    return _pg_problem[url]


async def empty_pg_database() -> str:
    """The test PostgreSQL URL with an empty public schema; skips (or fails on CI) without a server."""
    url = pg_url()
    problem = await _problem_with(url)
    if problem is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{problem}; CI=true requires it (set GROUPBOT_TEST_PG_URL)")
        pytest.skip(f"{problem}; set GROUPBOT_TEST_PG_URL to run")
    await _reset_pg(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL, once per dialect."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'data' / 'groupbot.db'}"
    return await empty_pg_database()


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    """The database at ``db_url`` migrated to head, and an engine on it."""
    await upgrade(db_url)
    built = create_engine(db_url)
    yield built
    await built.dispose()


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    """Units of work on the migrated test database."""
    return unit_of_work_factory(engine)
