"""A message whose work could not be saved leaves the bot's memory as it was, so the asker's retry works.

The database refuses to record the outcome of one message (a trigger stands in
for a disk that filled up); the retry after it is repaired must be handled as
if the failed attempt had never happened.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from groupbot.core.messages import ReplyKind
from tests.e2e.conftest import running_bot, running_unsure_bot

KNOWN = "How do I reset my password?"
_SQLITE = [
    "create trigger refuse_outcome before update of outcome on inbound_messages "
    "when new.outcome <> 'error' begin select raise(abort, 'disk full'); end"
]
_POSTGRES = [
    "create function refuse_outcome() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$",
    "create trigger refuse_outcome before update of outcome on inbound_messages for each row "
    "when (new.outcome <> 'error') execute function refuse_outcome()",
]
_REPAIR = {"sqlite": ["drop trigger refuse_outcome"], "postgresql": ["drop function refuse_outcome() cascade"]}


@asynccontextmanager
async def saving_fails(engine: AsyncEngine) -> AsyncIterator[None]:
    """While inside, no message's outcome can be saved; afterwards the database works again."""
    dialect = engine.dialect.name
    async with engine.begin() as conn:
        for sql in _SQLITE if dialect == "sqlite" else _POSTGRES:
            await conn.execute(text(sql))
    yield
    async with engine.begin() as conn:
        for sql in _REPAIR[dialect]:
            await conn.execute(text(sql))


@pytest.fixture
async def bot_and_chat(db_url):
    async with running_bot(db_url) as pair:
        yield pair


async def test_a_failed_answer_does_not_start_the_cooldown(bot_and_chat):
    bot, chat = bot_and_chat
    async with saving_fails(bot.engine):
        [apology] = await chat.say(KNOWN, user="zoe")
    assert apology.kind is ReplyKind.NOTICE
    [answer] = await chat.say(KNOWN, user="zoe")
    assert answer.kind is ReplyKind.ANSWER


async def test_failed_feedback_can_be_given_again(bot_and_chat):
    bot, chat = bot_and_chat
    await chat.say(KNOWN, user="zoe")
    async with saving_fails(bot.engine):
        await chat.say("2", user="zoe", reply_to_bot=True)
    [reply] = await chat.say("2", user="zoe", reply_to_bot=True)
    assert "support team as ticket #" in reply.text  # PostgreSQL spent #1 on the failed attempt
    async with bot.engine.connect() as conn:
        assert (await conn.execute(text("select count(*) from tickets"))).scalar_one() == 1


async def test_a_failed_pick_keeps_the_offer(db_url, tmp_path: Path):
    async with running_unsure_bot(db_url, tmp_path) as (bot, chat):
        [offer] = await chat.say("export my report", user="sam")
        assert offer.kind is ReplyKind.SUGGEST
        async with saving_fails(bot.engine):
            await chat.say("1", user="sam")
        [answer] = await chat.say("1", user="sam")
    assert answer.kind is ReplyKind.ANSWER


async def test_a_failed_suggestion_leaves_no_offer_behind(db_url, tmp_path: Path):
    async with running_unsure_bot(db_url, tmp_path) as (bot, chat):
        async with saving_fails(bot.engine):
            await chat.say("export my report", user="sam")
        replies = await chat.say("1", user="sam")
    assert all(reply.kind is not ReplyKind.ANSWER for reply in replies)
