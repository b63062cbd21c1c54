"""Faults outside the bot's control: a chat that cannot be reached, a database that broke."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from groupbot.core.messages import ReplyKind
from tests.e2e.conftest import running_bot

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def running(db_url):
    async with running_bot(db_url, ops={"chat": "fake:ops-room"}) as pair:
        yield pair


@pytest.fixture
def bot(running):
    return running[0]


@pytest.fixture
def chat(running):
    return running[1]


async def test_an_undeliverable_reply_is_recorded_and_shown_to_ops(bot, chat):
    chat.unreachable.add("group-1")
    replies = await chat.say("how do I reset my password?", chat="group-1")
    [notice] = [r for r in replies if r.chat.chat_id == "ops-room"]
    assert "group-1" in notice.text and "not a member" in notice.text
    async with bot.engine.connect() as conn:
        rows = (await conn.execute(text("select chat_id, action, outcome from audit_events"))).all()
    assert [tuple(row) for row in rows] == [("group-1", "deliver", "failed")]


async def test_when_the_ops_chat_itself_is_unreachable_it_is_recorded_once(bot, chat):
    chat.unreachable.update({"group-1", "ops-room"})
    assert await chat.say("how do I reset my password?", chat="group-1") == []
    async with bot.engine.connect() as conn:
        failed = (await conn.execute(text("select count(*) from audit_events where outcome = 'failed'"))).scalar()
    assert failed == 2


async def test_a_broken_database_gets_an_apology_and_the_message_is_kept(bot, chat):
    async with bot.engine.begin() as conn:
        # CASCADE on PostgreSQL: other tables (the outbox, SLA breaches...) hold keys into tickets
        cascade = " cascade" if conn.dialect.name == "postgresql" else ""
        for table in ("ticket_events", "ticket_reports", "tickets"):
            await conn.execute(text(f"drop table {table}{cascade}"))
    [reply] = await chat.say("我的游艇量子电容一直嗡嗡响", message_id="m-9")
    assert reply.kind is ReplyKind.NOTICE and "抱歉" in reply.text
    async with bot.engine.connect() as conn:
        row = (await conn.execute(text("select message_id, outcome from inbound_messages"))).one()
    assert tuple(row) == ("m-9", "error")


async def test_a_broken_database_stays_silent_for_chit_chat(bot, chat):
    async with bot.engine.begin() as conn:
        await conn.execute(text("drop table chats"))
    assert await chat.say("see you all tomorrow", mention=False) == []
