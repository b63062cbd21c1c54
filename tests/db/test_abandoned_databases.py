"""Test databases that killed runs left on the server are dropped; a live run's never are."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
from datetime import timedelta

import pytest
from sqlalchemy import text

from groupbot.db import create_engine
from tests.conftest import drop_abandoned_databases, empty_pg_database, pg_admin, server_url

pytestmark = pytest.mark.postgres


async def _dead_pid() -> int:
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await process.wait()
    return process.pid


async def _databases(pattern: str) -> set[str]:
    engine = create_engine(server_url())
    try:
        async with engine.connect() as conn:
            found = await conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": pattern})
            return set(found.scalars())
    finally:
        await engine.dispose()


async def test_only_old_unused_databases_of_gone_runs_are_dropped() -> None:
    await empty_pg_database()  # skips without a server
    mark = secrets.token_hex(4)
    dead, alive = f"groupbot_test_{await _dead_pid()}_{mark}a", f"groupbot_test_{os.getpid()}_{mark}b"
    in_use, no_pid = f"groupbot_test_{await _dead_pid()}_{mark}c", f"groupbot_test_x_{mark}d"
    user = create_engine(server_url().rsplit("/", 1)[0] + f"/{in_use}")
    try:
        for name in (dead, alive, in_use, no_pid):
            await pg_admin(f'CREATE DATABASE "{name}"')
        async with user.connect() as conn:
            await conn.execute(text("SELECT 1"))
            assert await drop_abandoned_databases(timedelta(hours=1), f"%{mark}%") == []
            assert await drop_abandoned_databases(timedelta(0), f"%{mark}%") == [dead]
        assert await _databases(f"%{mark}%") == {alive, in_use, no_pid}
    finally:
        await user.dispose()
        for name in (dead, alive, in_use, no_pid):
            await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
