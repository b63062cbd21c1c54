"""The Alembic migrations build exactly the tables the code uses, and undo them."""

from __future__ import annotations

import asyncio
import os
import sys
from asyncio.subprocess import PIPE
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from groupbot.db import Migration, create_engine, downgrade, upgrade
from groupbot.db.migrate import alembic_config
from groupbot.db.schema import metadata
from tests.conftest import empty_pg_database

ROOT = Path(__file__).resolve().parents[2]

TABLES = {
    "audit_events",
    "chats",
    "digest_runs",
    "faq_entries",
    "faq_revision",
    "follow_ups",
    "on_duty",
    "outbox",
    "picture_copies",
    "reply_streams",
    "sla_breaches",
    "sla_reminders",
    "short_memory",
    "inbound_messages",
    "ticket_events",
    "ticket_reports",
    "tickets",
}


T = TypeVar("T")


async def _inspect(url: str, probe: Callable[[Connection], T]) -> T:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(probe)
    finally:
        await engine.dispose()


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


def _diff(conn: Connection) -> list[object]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return compare_metadata(context, metadata)


async def test_upgrade_creates_every_table_on_an_empty_database(db_url: str) -> None:
    assert await _inspect(db_url, _tables) == set()
    await upgrade(db_url)
    assert await _inspect(db_url, _tables) == TABLES | {"alembic_version"}


async def test_models_match_the_migrated_schema(db_url: str) -> None:
    await upgrade(db_url)
    assert await _inspect(db_url, _diff) == []


async def test_upgrade_twice_changes_nothing(db_url: str) -> None:
    await upgrade(db_url)
    await upgrade(db_url)
    assert await _inspect(db_url, _diff) == []


async def test_upgrade_and_downgrade_say_which_revisions_they_went_between(db_url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()
    first, again = await upgrade(db_url), await upgrade(db_url)
    assert (first, first.changed) == (Migration(None, head), True)
    assert (again, again.changed) == (Migration(head, head), False)
    assert await downgrade(db_url) == Migration(head, None)


async def test_downgrade_to_base_removes_every_table_and_upgrade_rebuilds(db_url: str) -> None:
    await upgrade(db_url)
    await downgrade(db_url)
    assert await _inspect(db_url, _tables) == {"alembic_version"}
    await upgrade(db_url)
    assert await _inspect(db_url, _diff) == []


async def test_alembic_command_without_a_shared_connection_opens_its_own(db_url: str) -> None:
    # The path `alembic upgrade head` takes: env.py runs its own event loop,
    # so it must be called from a thread that has none.
    await asyncio.to_thread(command.upgrade, alembic_config(db_url), "head")
    assert await _inspect(db_url, _tables) == TABLES | {"alembic_version"}


async def test_upgrade_accepts_an_engine_so_in_memory_sqlite_works() -> None:
    engine = create_engine("sqlite+aiosqlite://")
    try:
        await upgrade(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == TABLES | {"alembic_version"}
            assert await conn.run_sync(_diff) == []
    finally:
        await engine.dispose()



async def _logged_before_0009(url: str) -> None:
    """Messages from four chats as revision 0008 logged them: no kind; what else the database knows of each."""
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            for n, chat in enumerate(["dm-reported", "dm-saved", "group-reported", "never-said"]):
                await conn.execute(text(
                    "INSERT INTO inbound_messages (platform, chat_id, message_id, sender_id, sender_name, text,"
                    " received_at) VALUES ('telegram', :chat, :mid, 'u', 'n', 'hi', '2026-11-01 09:30:15')"),
                    {"chat": chat, "mid": f"m{n}"})
            await conn.execute(text(
                "INSERT INTO tickets (number, title, category, severity, status, team, first_reporter, created_at,"
                " updated_at, recent_texts) VALUES (1, 't', 'other', 'low', 'open', 'ops', 'u',"
                " '2026-11-01 09:30:15', '2026-11-01 09:30:15', '[]')"))
            for chat, kind in [("dm-reported", "private"), ("group-reported", "group")]:
                await conn.execute(text(
                    "INSERT INTO ticket_reports (ticket_number, platform, chat_id, chat_kind, chat_title, sender_id,"
                    " sender_name, sender_role, sender_is_chat_admin, message_id, text, reported_at)"
                    " VALUES (1, 'telegram', :chat, :kind, '', 'u', 'n', 'customer', false, 'r', 'x',"
                    " '2026-11-01 09:30:15')"),
                    {"chat": chat, "kind": kind})
            await conn.execute(text(
                "INSERT INTO chats (platform, chat_id, title, kind, mode, locale, created_at, updated_at) VALUES"
                " ('telegram', 'dm-saved', '', 'private', 'all', NULL, '2026-11-01 09:30:15', '2026-11-01 09:30:15')"))
    finally:
        await engine.dispose()


def _kinds(conn: Connection) -> dict[str, str]:
    rows = conn.execute(text("SELECT chat_id, chat_kind FROM inbound_messages"))
    return {chat_id: kind for chat_id, kind in rows}


async def test_0009_gives_logged_messages_the_kind_of_their_chat(db_url: str) -> None:
    await upgrade(db_url, revision="0008")
    await _logged_before_0009(db_url)
    await upgrade(db_url)
    assert await _inspect(db_url, _kinds) == {
        "dm-reported": "private", "dm-saved": "private", "group-reported": "group", "never-said": "group"}
    assert await _inspect(db_url, _diff) == []
    await downgrade(db_url, revision="0008")
    columns = await _inspect(db_url, lambda c: {col["name"] for col in inspect(c).get_columns("inbound_messages")})
    assert "chat_kind" not in columns and "outcome" in columns


_UPGRADE_ON_GO = """
import asyncio, sys
from groupbot.db import upgrade
print("ready", flush=True)
sys.stdin.readline()
done = asyncio.run(upgrade(sys.argv[1]))
print(done.before, done.after, flush=True)
"""


@pytest.mark.postgres
async def test_instances_starting_at_once_on_an_empty_database_migrate_one_after_the_other() -> None:
    # N instances started together each run the upgrade; three processes are let go at the same moment.
    url = await empty_pg_database()
    environ = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    processes = [
        await asyncio.create_subprocess_exec(sys.executable, "-c", _UPGRADE_ON_GO, url, env=environ,
                                             stdin=PIPE, stdout=PIPE, stderr=PIPE)
        for _ in range(3)
    ]
    for process in processes:
        assert await process.stdout.readline() == b"ready\n"
    for process in processes:
        process.stdin.write(b"go\n")
    for process in processes:
        await process.stdin.drain()
    outputs = [await process.communicate() for process in processes]

    assert [process.returncode for process in processes] == [0, 0, 0], [err.decode()[-2000:] for _, err in outputs]
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert sorted(out.decode().split() for out, _ in outputs) == [[head, head], [head, head], ["None", head]]
    assert await _inspect(url, _diff) == []
