"""WeCom end to end: a fake WeCom posts encrypted callbacks to the real service on a real database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from groupbot.adapters.wecom import WeComGateway
from groupbot.bootstrap import open_bot
from groupbot.core.messages import ChatRef, Reply
from groupbot.settings import Settings
from tests.adapters.support import Served
from tests.adapters.wecom_peer import AES_KEY, SIGNED_AT, TOKEN, FakeWeCom, text_callback
from tests.fakes import SettableClock

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def wecom(db_url):
    """The bot with its WeCom gateway served, the fake WeCom, and the callback URL."""
    async with Served() as serve:
        fake = FakeWeCom()
        fake.base = await serve(fake.routes())
        wecom = {"token": TOKEN, "encoding_aes_key": AES_KEY, "webhooks": {"ops": fake.webhook_url("K")}}
        bot = await open_bot(Settings(database_url=db_url, faq_dir=ROOT / "faq", wecom=wecom))
        signing_time = SettableClock(datetime.fromtimestamp(int(SIGNED_AT), UTC))
        gateway = WeComGateway(bot.settings.wecom, clock=signing_time)
        bot.outbound.register(gateway)
        await gateway.start(bot.router)
        url = await serve(gateway.web_routes())
        yield bot, fake, url + bot.settings.wecom.callback_path
        await gateway.stop()
        await bot.close()


async def test_encrypted_group_question_gets_the_faq_answer(wecom) -> None:
    bot, fake, url = wecom
    status, reply = await fake.callback(url, text_callback("@客服机器人 how do I reset my password?", msgid="w1"))
    assert status == 200
    assert reply["stream"]["finish"] is True
    assert "password" in reply["stream"]["content"].lower()
    async with bot.engine.connect() as conn:
        assert (await conn.execute(text("select count(*) from inbound_messages"))).scalar_one() == 1


async def test_unanswerable_question_opens_a_ticket_and_the_group_robot_can_announce_it(wecom) -> None:
    bot, fake, url = wecom
    _, reply = await fake.callback(url, text_callback("@客服机器人 仓库扫码枪在最新版本更新后一扫就卡死", msgid="w2"))
    async with bot.engine.connect() as conn:
        [number] = (await conn.execute(text("select number from tickets"))).scalars().all()
    assert f"#{number}" in reply["stream"]["content"]

    await bot.outbound.send(Reply(ChatRef("wecom", "webhook:ops"), f"New ticket #{number}"))
    assert fake.posts[-1]["body"]["markdown"]["content"] == f"New ticket #{number}"


async def test_the_customers_reply_never_waits_for_the_ops_notice_to_a_group_robot(db_url) -> None:
    async with Served() as serve:
        fake = FakeWeCom()
        fake.base = await serve(fake.routes())
        wecom = {"token": TOKEN, "encoding_aes_key": AES_KEY, "webhooks": {"ops": fake.webhook_url("K")}}
        settings = Settings(database_url=db_url, faq_dir=ROOT / "faq", wecom=wecom, ops={"chat": "wecom:webhook:ops"})
        bot = await open_bot(settings)
        gateway = WeComGateway(bot.settings.wecom, clock=SettableClock(datetime.fromtimestamp(int(SIGNED_AT), UTC)))
        bot.outbound.register(gateway)
        await gateway.start(bot.router)
        url = await serve(gateway.web_routes()) + settings.wecom.callback_path
        fake.hold = asyncio.Event()  # the group robot answers slowly (pacing, a slow network)
        try:
            question = text_callback("@客服机器人 仓库扫码枪在最新版本更新后一扫就卡死", msgid="w9")
            _, reply = await fake.callback(url, question)

            assert reply is not None and reply["stream"]["finish"] is True
            assert "#" in reply["stream"]["content"], "the ticket reply, in full, in the first response"
        finally:
            fake.hold.set()
            await gateway.stop()
            await bot.close()
