"""The ReplyStreamStore contract, on every implementation: in memory, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from groupbot.adapters.wecom.streams import MemoryReplyStreams
from groupbot.core.ports import ReplyStreamStore
from groupbot.core.reply_streams import ReplyStream
from groupbot.db import create_engine, upgrade
from groupbot.db.reply_streams import SqlReplyStreams
from tests.conftest import empty_pg_database

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LATER = T0 + timedelta(hours=1)


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ReplyStreamStore]:
    """One implementation of the port, empty."""
    if request.param == "memory":
        yield MemoryReplyStreams()
        return
    url = f"sqlite+aiosqlite:///{tmp_path / 'streams.db'}" if request.param == "sqlite" else await empty_pg_database()
    await upgrade(url)
    engine = create_engine(url)
    yield SqlReplyStreams(engine)
    await engine.dispose()


def _stream(message: str, chat: str = "group:a") -> ReplyStream:
    return ReplyStream(message, chat, f"s-{message}")


async def test_a_stream_is_opened_once_and_collects_what_is_said_until_finished(store: ReplyStreamStore) -> None:
    assert await store.open(_stream("m1"), None, LATER) == (_stream("m1"), True)
    assert await store.open(ReplyStream("m1", "group:a", "other"), None, LATER) == (_stream("m1"), False)
    assert await store.say("m1", "group:a", "first", T0)
    assert await store.say("m1", "group:a", "second", T0)
    await store.finish("m1")
    assert not await store.say("m1", "group:zzz", "too late", T0)
    assert await store.get("m1", T0) == ReplyStream("m1", "group:a", "s-m1", "first\n\nsecond", done=True)
    assert await store.polled("s-m1", T0) == await store.get("m1", T0)
    await store.close("m1")
    assert await store.polled("s-m1", T0) is None
    assert (await store.open(_stream("m1"), None, LATER))[1] is False, "a closed stream's message stays known"


async def test_a_reply_to_no_known_message_goes_to_the_chats_newest_unfinished_stream(store: ReplyStreamStore) -> None:
    for message in ("m1", "m2", "m3"):
        await store.open(_stream(message), None, LATER)
    await store.open(_stream("elsewhere", "group:b"), None, LATER)
    await store.finish("m3")
    assert await store.say(None, "group:a", "to the chat", T0)
    assert await store.say("gone", "group:a", "unknown message", T0)
    assert (await store.get("m2", T0)).content == "to the chat\n\nunknown message"
    assert (await store.get("m1", T0)).content is None
    assert not await store.say(None, "group:c", "nobody listens", T0)


async def test_a_response_url_is_used_once_then_the_chats_newest_serves(store: ReplyStreamStore) -> None:
    await store.open(_stream("m1"), "https://wecom/r1", LATER)
    await store.open(_stream("m2"), "https://wecom/r2", LATER)
    await store.open(_stream("m3"), None, LATER)
    assert await store.take_address("m1", "group:a", T0) == "https://wecom/r1"
    assert await store.take_address("m1", "group:a", T0) == "https://wecom/r2"
    assert await store.take_address(None, "group:a", T0) is None
    assert await store.take_address("m3", "group:b", T0) is None


async def test_expired_streams_and_urls_are_gone_and_purged(store: ReplyStreamStore) -> None:
    await store.open(_stream("old"), "https://wecom/old", T0 + timedelta(minutes=5))
    await store.open(_stream("new"), None, LATER)
    at = T0 + timedelta(minutes=5)
    assert await store.get("old", at) is None and await store.polled("s-old", at) is None
    assert await store.take_address("old", "group:a", at) is None
    assert await store.say("new", "group:a", "still here", at)
    assert await store.purge(at) == 1
    assert await store.open(_stream("old"), None, LATER) == (_stream("old"), True)
    assert await store.get("new", at) == ReplyStream("new", "group:a", "s-new", "still here")


async def test_racing_takers_of_one_url_get_it_once(store: ReplyStreamStore) -> None:
    await store.open(_stream("m1"), "https://wecom/r1", LATER)
    taken = await asyncio.gather(*(store.take_address("m1", "group:a", T0) for _ in range(8)))
    assert taken.count("https://wecom/r1") == 1 and taken.count(None) == 7


async def test_text_is_kept_whole_quotes_and_all(store: ReplyStreamStore) -> None:
    await store.open(_stream("m1"), None, LATER)
    await store.say("m1", "group:a", "重置密码 ' || -- %s", T0)
    await store.say("m1", "group:a", "", T0)
    assert (await store.get("m1", T0)).content == "重置密码 ' || -- %s\n\n"
