"""A database stall loses nothing: QQ questions during a real table lock on PostgreSQL.

Another connection holds ``LOCK TABLE`` (as a long migration, VACUUM FULL or a
failover would) while a fake OneBot peer pushes questions over a real
WebSocket. The bot's connections get a short ``lock_timeout`` so a lock wait
ends in a quick error instead of a long wait, and the bot's retry waits go
through a sleep that only counts: nothing here waits on the wall clock for a
backoff. After the lock is released, every question is answered or ticketed,
exactly once, and nobody got an apology.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from groupbot.adapters.onebot import OneBotGateway
from groupbot.bootstrap import Bot, open_bot
from groupbot.core.retry import StoreRetry
from groupbot.db import create_engine
from groupbot.features.texts import render
from groupbot.settings import Settings
from tests.adapters.onebot_peer import SELF_ID, TOKEN, FakeOneBot, group_message
from tests.adapters.support import Served
from tests.conftest import empty_pg_database, server_url

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = 40
UNKNOWN = [
    "the invoice export fails with error E42 since this morning",
    "login page loops back to the start after entering the code",
    "push notifications stopped arriving on android phones",
    "dark mode makes the chart labels unreadable",
]


class CountingSleep:
    """The bot's retry waits: recorded, never slept (one loop turn so others run)."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self._changed = asyncio.Condition()

    async def __call__(self, seconds: float) -> None:
        async with self._changed:
            self.waits.append(seconds)
            self._changed.notify_all()
        await asyncio.sleep(0)

    async def wait_for(self, count: int, patience: float = 30.0) -> None:
        """Until ``count`` waits were asked for."""
        async with asyncio.timeout(patience), self._changed:
            await self._changed.wait_for(lambda: len(self.waits) >= count)


async def _set_lock_timeout(name: str, value: str | None) -> None:
    admin = create_engine(server_url(), isolation_level="AUTOCOMMIT")
    setting = f"SET lock_timeout = '{value}'" if value else "RESET lock_timeout"
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'ALTER DATABASE "{name}" {setting}'))
    finally:
        await admin.dispose()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """An empty database of this run whose connections give up a lock wait after 100 ms (until the test ends:
    the run's later tests share the database)."""
    url = await empty_pg_database()
    name = make_url(url).database
    assert name is not None
    await _set_lock_timeout(name, "100ms")
    yield url
    await _set_lock_timeout(name, None)


@asynccontextmanager
async def qq_bot(
    url: str, sleep: CountingSleep, patience: float
) -> AsyncIterator[tuple[Bot, OneBotGateway, FakeOneBot]]:
    settings = Settings(
        database_url=url,
        faq_dir=ROOT / "faq",
        onebot={"enabled": True, "access_token": TOKEN, "pace_interval": 0, "pace_per_minute": 10**6, "workers": 4},
    )
    retry = StoreRetry(first=0.05, longest=0.2, patience=patience)
    bot = await open_bot(settings, store_retry=retry, sleep=sleep)
    gateway = OneBotGateway(bot.settings.onebot)
    bot.outbound.register(gateway)
    await gateway.start(bot.router)
    try:
        async with Served() as serve:
            base = await serve(gateway.web_routes())
            peer = FakeOneBot(base.replace("http", "ws") + bot.settings.onebot.ws_path)
            await peer.connect()
            try:
                yield bot, gateway, peer
            finally:
                await peer.close()
    finally:
        await gateway.stop()
        await bot.close()


@asynccontextmanager
async def table_locked(url: str, table: str) -> AsyncIterator[None]:
    """``LOCK TABLE`` held by another connection until the block ends."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SET lock_timeout = 0"))
            await conn.execute(text(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
            yield
            await conn.commit()
    finally:
        await engine.dispose()


def _question(n: int) -> dict:
    words = "how do I reset my password?" if n % 2 else f"{UNKNOWN[n // 2 % 4]} (case {n})"
    return group_message([{"type": "at", "data": {"qq": SELF_ID}}, {"type": "text", "data": {"text": words}}],
                         message_id=9000 + n, user_id=5000 + n, group_id=600 + n)  # no chat's cool-down applies


async def _outcomes(bot: Bot) -> dict[str, str]:
    async with bot.engine.connect() as conn:
        rows = await conn.execute(text("SELECT message_id, outcome FROM inbound_messages"))
        return {row.message_id: row.outcome for row in rows}


def _replied_to(peer: FakeOneBot) -> list[str]:
    return [c["params"]["message"][0]["data"]["id"] for c in peer.calls("send_group_msg")]


def _apologies(peer: FakeOneBot) -> list[dict]:
    sorry = {render("internal_error", locale) for locale in ("en", "zh-CN")}
    calls = peer.calls("send_group_msg")
    texts = [(c, "".join(s["data"].get("text", "") for s in c["params"]["message"])) for c in calls]
    return [call for call, said in texts if any(line in said for line in sorry)]


async def test_every_question_asked_during_a_table_lock_is_answered_or_ticketed_once(pg_url: str) -> None:
    sleep = CountingSleep()
    async with qq_bot(pg_url, sleep, patience=120.0) as (bot, gateway, peer):
        await peer.push(_question(1))
        await peer.wait_calls("send_group_msg")  # answered before the stall
        async with table_locked(pg_url, "inbound_messages"):
            for n in range(2, QUESTIONS + 2):
                await peer.push(_question(n))
            await peer.push(_question(1))  # an answered message, pushed again during the stall
            await sleep.wait_for(20)  # the workers are retrying, not giving up
            assert len(peer.calls("send_group_msg")) == 1
        await peer.wait_calls("send_group_msg", QUESTIONS + 1, patience=60)
        await gateway.settled()  # every message handled: a duplicate reply would be in by now
        outcomes = await _outcomes(bot)
        replied = _replied_to(peer)
        apologies = _apologies(peer)
    assert len(outcomes) == QUESTIONS + 1
    assert set(outcomes.values()) <= {"answer", "suggest", "ticket", "ticket_merged"}, outcomes
    assert sorted(replied) == sorted(str(9000 + n) for n in range(1, QUESTIONS + 2))  # each once
    assert apologies == []


async def test_given_up_message_is_apologized_for_once_and_its_redelivery_is_handled(pg_url: str) -> None:
    sleep = CountingSleep()
    unknown = _question(2)  # becomes a ticket: needs the locked tickets table
    async with qq_bot(pg_url, sleep, patience=0.3) as (bot, gateway, peer):
        async with table_locked(pg_url, "tickets"):
            await peer.push(unknown)
            [sorry] = await peer.wait_calls("send_group_msg", patience=30)
            await gateway.settled()
            assert _apologies(peer) == [sorry]
            assert sleep.waits  # it was tried again before giving up
            assert (await _outcomes(bot))["9002"] == "error"
        await peer.push(unknown)  # the implementation delivers it again
        await peer.wait_calls("send_group_msg", 2, patience=30)
        await gateway.settled()
        outcomes = await _outcomes(bot)
        calls = peer.calls("send_group_msg")
    assert outcomes["9002"] == "ticket"  # handled this time, and answered (the second call)
    assert len(calls) == 2 and _apologies(peer) == [sorry]
