"""Two bots on one database behind a round-robin proxy serve WeCom as one.

WeCom polls an unfinished reply stream, retries a callback it got no answer
to, and a later reply uses the message's response_url: each of these may
reach the instance that did not receive the message. The fake WeCom signs and
encrypts as the real one does; each bot has its own engine, web server and
gateway, built the way ``groupbot run`` builds them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from groupbot.bootstrap import Bot, open_bot, wecom_gateway
from groupbot.core.messages import ChatRef, IncomingMessage, Reply
from groupbot.settings import Settings
from tests.adapters.support import Served
from tests.adapters.wecom_peer import AES_KEY, SIGNED_AT, TOKEN, FakeWeCom, text_callback
from tests.fakes import SettableClock

ROOT = Path(__file__).resolve().parents[2]
CHAT = ChatRef("wecom", "group:wrkSFfCgAAxxxx")
PASSWORD = "@客服机器人 how do I reset my password?"


@dataclass
class Instance:
    """One bot with its served WeCom callback; its handling can be held back to make an answer slow."""

    bot: Bot
    url: str
    release: asyncio.Event
    handled: asyncio.Event

    async def sink(self, message: IncomingMessage) -> bool | None:
        await self.release.wait()
        try:
            return await self.bot.router(message)
        finally:
            self.handled.set()


@pytest.fixture
async def pair(db_url: str) -> AsyncIterator[tuple[Instance, Instance, FakeWeCom]]:
    async with Served() as serve:
        fake = FakeWeCom()
        fake.base = await serve(fake.routes())
        wecom = {"token": TOKEN, "encoding_aes_key": AES_KEY, "reply_wait": 0.2}
        settings = Settings(database_url=db_url, faq_dir=ROOT / "faq", wecom=wecom)
        instances = []
        for _ in range(2):
            bot = await open_bot(settings, clock=SettableClock(datetime.fromtimestamp(int(SIGNED_AT), UTC)))
            gateway = wecom_gateway(bot)
            bot.gateways = [gateway]
            bot.outbound.register(gateway)
            release = asyncio.Event()
            release.set()
            instance = Instance(bot, "", release, asyncio.Event())
            await gateway.start(instance.sink)
            instance.url = await serve(gateway.web_routes()) + settings.wecom.callback_path
            instances.append(instance)
        yield instances[0], instances[1], fake
        for instance in instances:
            await instance.bot.gateways[0].stop()
            await instance.bot.close()


async def _inbound(bot: Bot) -> int:
    async with bot.engine.connect() as conn:
        return (await conn.execute(text("select count(*) from inbound_messages"))).scalar_one()


async def _poll_until_finished(fake: FakeWeCom, url: str, poll: dict[str, object]) -> dict[str, object]:
    """Poll as WeCom does (a bounded number of times) until the stream says it is finished."""
    for _ in range(200):
        _, polled = await fake.callback(url, poll)
        if polled is None or polled["stream"]["finish"]:
            return polled
        await asyncio.sleep(0.01)
    raise AssertionError("the stream never finished")


async def test_a_slow_answer_is_polled_and_retried_through_the_other_instance(pair) -> None:
    a, b, fake = pair
    a.release.clear()  # A takes longer than reply_wait: its callback answers with an open stream
    _, first = await fake.callback(a.url, text_callback(PASSWORD, msgid="slow1"))
    assert first["stream"]["finish"] is False and first["stream"]["content"] == ""

    _, retried = await fake.callback(b.url, text_callback(PASSWORD, msgid="slow1"))
    assert retried["stream"] == first["stream"], "B knows the stream A opened, and does not handle it again"
    assert not b.handled.is_set()

    a.release.set()
    await a.handled.wait()
    poll = {"msgtype": "stream", "stream": {"id": first["stream"]["id"]}, "msgid": "poll1"}
    polled = await _poll_until_finished(fake, b.url, poll)
    assert polled["stream"]["id"] == first["stream"]["id"]
    assert "password" in polled["stream"]["content"].lower()
    assert await fake.callback(a.url, poll) == (200, None), "a finished stream, once delivered, is closed everywhere"
    assert await _inbound(a.bot) == 1


async def test_a_later_reply_through_the_other_instance_uses_the_response_url_once(pair) -> None:
    a, b, fake = pair
    question = text_callback("@客服机器人 仓库扫码枪在最新版本更新后一扫就卡死", msgid="t1",
                             response_url=fake.response_url("RC1"))
    _, reply = await fake.callback(a.url, question)
    if not reply["stream"]["finish"]:  # a busy machine may take longer than reply_wait: WeCom then polls
        poll = {"msgtype": "stream", "stream": {"id": reply["stream"]["id"]}, "msgid": "poll-t1"}
        reply = await _poll_until_finished(fake, a.url, poll)
    assert reply["stream"]["finish"] is True and "#" in reply["stream"]["content"]

    resolution = Reply(CHAT, "Ticket resolved: update the scanner firmware.", reply_to_message_id="t1")
    assert await b.bot.outbound.send(resolution) is not None
    [post] = fake.posts
    assert post["query"] == {"response_code": "RC1"}
    assert post["body"]["markdown"]["content"] == resolution.text
    assert await a.bot.outbound.send(resolution) is None, "the response_url was used up, on every instance"
    assert len(fake.posts) == 1
