"""Shared fixtures: a real database per test, on SQLite and on PostgreSQL.

``db_url`` is an empty database (parametrized: a SQLite file, and a PostgreSQL
database of this run's own on the server that ``GROUPBOT_TEST_PG_URL`` names,
its public schema dropped and recreated per test). ``engine`` is that database
migrated to head by the same code path ``groupbot db upgrade`` uses;
``uow_factory`` builds units of work on it.

Each test run (and each xdist worker) creates a uniquely named database and
drops it at the end, so two runs on one server never touch each other's data.

Databases that killed runs left behind are dropped when a run starts: only
those whose process is gone from this machine, that nobody is connected to,
and that are hours old (a run on another machine sharing the server may be
between two tests, with no connection open).

Without a reachable PostgreSQL the postgres cases skip with the reason shown
in the summary; with ``CI=true`` they fail instead, so CI cannot pass silently.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.db import SqlUnitOfWork, create_engine, unit_of_work_factory, upgrade

DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
_PREFIX = "groupbot_test_"
_RUN_DATABASE = f"{_PREFIX}{os.getpid()}_{secrets.token_hex(4)}"
ABANDONED_AFTER = timedelta(hours=6)
_pg_state: dict[str, str | None] = {}


def server_url() -> str:
    """The PostgreSQL server the tests may use (any database on it serves to connect)."""
    return os.environ.get("GROUPBOT_TEST_PG_URL", DEFAULT_PG_URL)


def pg_url() -> str:
    """This run's own PostgreSQL database on that server."""
    return make_url(server_url()).set(database=_RUN_DATABASE).render_as_string(hide_password=False)


async def pg_admin(statement: str) -> None:
    """Run one statement on the server outside a transaction (CREATE / DROP DATABASE)."""
    engine = create_engine(server_url(), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


_ABANDONED = text(r"""
    SELECT d.datname FROM pg_database d
    WHERE d.datname LIKE :pattern AND d.datname <> :mine
      AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)
      AND (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification
          < now() - CAST(:seconds AS double precision) * interval '1 second'
""")


async def drop_abandoned_databases(older_than: timedelta = ABANDONED_AFTER, pattern: str = f"{_PREFIX}%") -> list[str]:
    """Drop test databases of runs that were killed; returns their names.

    Only a database whose run's process is gone from this machine, with no
    connection, created more than ``older_than`` ago. Any doubt (a name
    without a pid, a server that will not tell the age) keeps it.
    """
    engine = create_engine(server_url(), isolation_level="AUTOCOMMIT")
    dropped = []
    try:
        async with engine.connect() as conn:
            asked = {"pattern": pattern, "mine": _RUN_DATABASE, "seconds": older_than.total_seconds()}
            found = await conn.execute(_ABANDONED, asked)
            for name in [name for name in found.scalars() if _run_process_gone(name)]:
                # No FORCE: should someone have connected meanwhile, the drop fails and theirs it stays.
                with contextlib.suppress(Exception):
                    await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                    dropped.append(name)
    finally:
        await engine.dispose()
    return dropped


def _run_process_gone(name: str) -> bool:
    pid = name.removeprefix(_PREFIX).partition("_")[0]
    if not pid.isdecimal():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


async def _reset_pg(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


async def _problem() -> str | None:
    """Why the server cannot be used, or None; the run's database is created on first success."""
    if "problem" not in _pg_state:
        try:
            await asyncio.wait_for(pg_admin(f'CREATE DATABASE "{_RUN_DATABASE}"'), timeout=10)
            _pg_state["problem"] = None
            with contextlib.suppress(Exception):  # tidying up after others never fails this run
                await asyncio.wait_for(drop_abandoned_databases(), timeout=30)
        except Exception as exc:  # whatever the cause, the server cannot be used
            _pg_state["problem"] = f"PostgreSQL at {server_url()} unusable ({type(exc).__name__}: {exc})"
    return _pg_state["problem"]


async def empty_pg_database() -> str:
    """This run's PostgreSQL database with an empty public schema; skips (or fails on CI) without a server."""
    problem = await _problem()
    if problem is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{problem}; CI=true requires it (set GROUPBOT_TEST_PG_URL)")
        pytest.skip(f"{problem}; set GROUPBOT_TEST_PG_URL to run")
    url = pg_url()
    await _reset_pg(url)
    return url


@pytest.fixture(scope="session", autouse=True)
def _shared_sentence_vectors(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One on-disk vector cache for the whole run, bots started as subprocesses included (they inherit it).

    Every test bot embeds the same bundled FAQ; encoding it once per run instead of
    once per bot keeps the suite fast. The cache is the product's own (semantic/cache.py).
    """
    folder = tmp_path_factory.mktemp("sentence-vectors")
    previous = os.environ.get(_CACHE_VARIABLE)
    os.environ[_CACHE_VARIABLE] = str(folder)
    yield
    if previous is None:
        os.environ.pop(_CACHE_VARIABLE, None)
    else:
        os.environ[_CACHE_VARIABLE] = previous


_CACHE_VARIABLE = "GROUPBOT_MATCHING__MODEL__CACHE_DIR"


@pytest.fixture(scope="session", autouse=True)
def _drop_run_database() -> Iterator[None]:
    """Drop this run's PostgreSQL database when the run ends (if it was ever made)."""
    yield
    if _pg_state.get("problem", "unused") is None:
        asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{_RUN_DATABASE}" WITH (FORCE)'))


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


@pytest.fixture(autouse=True)
def _learned_faq_outside_the_checkout(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test's /learn, /faq add and imports land in a fresh folder, never in the working tree."""
    monkeypatch.setenv("GROUPBOT_LEARNED_FAQ_DIR", str(tmp_path_factory.mktemp("learned-faq")))
