"""QQ end to end: a fake OneBot peer over a real WebSocket, the real service, a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import text

from groupbot.adapters.onebot import OneBotGateway
from groupbot.adapters.onebot.segments import parse_cq
from groupbot.bootstrap import open_bot
from groupbot.features.texts import render
from groupbot.settings import Settings
from tests.adapters.onebot_peer import SELF_ID, TOKEN, FakeOneBot, group_message
from tests.adapters.support import Served
from tests.fakes import FakeChatPlatform

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def bot(db_url):
    settings = Settings(
        database_url=db_url,
        faq_dir=ROOT / "faq",
        onebot={"enabled": True, "access_token": TOKEN, "pace_interval": 0},
        ops={"chat_admins_are_ops": True},
    )
    bot = await open_bot(settings)
    yield bot
    await bot.close()


@pytest.fixture
async def qq(bot):
    """The QQ gateway serving the bot, and a fake NapCat connected to it."""
    gateway = OneBotGateway(bot.settings.onebot)
    bot.outbound.register(gateway)
    await gateway.start(bot.router)
    async with Served() as serve:
        base = await serve(gateway.web_routes())
        peer = FakeOneBot(base.replace("http", "ws") + bot.settings.onebot.ws_path)
        await peer.connect()
        peer.gateway = gateway
        yield peer
        await peer.close()
    await gateway.stop()


def _texts(call: dict) -> str:
    return "".join(s["data"].get("text", "") for s in call["params"]["message"] if s["type"] == "text")


async def test_question_in_a_qq_group_is_answered_as_a_reply(qq) -> None:
    await qq.push(
        group_message(
            [
                {"type": "at", "data": {"qq": SELF_ID}},
                {"type": "text", "data": {"text": " how do I reset my password?"}},
            ],
            message_id=8001,
        )
    )
    [call] = await qq.wait_calls("send_group_msg")
    assert call["params"]["group_id"] == 555
    assert call["params"]["message"][0] == {"type": "reply", "data": {"id": "8001"}}
    assert "password" in _texts(call).lower()


async def test_chit_chat_in_a_qq_group_gets_silence(qq, bot) -> None:
    await qq.push(group_message("[CQ:face,id=14] nice weather today", message_id=8002))
    await qq.push(
        group_message(
            [
                {"type": "at", "data": {"qq": SELF_ID}},
                {"type": "text", "data": {"text": "how do I reset my password?"}},
            ],
            message_id=8003,
        )
    )
    [call] = await qq.wait_calls("send_group_msg")
    assert call["params"]["message"][0]["data"]["id"] == "8003"
    await qq.gateway.settled()
    async with bot.engine.connect() as conn:
        assert (await conn.execute(text("select count(*) from inbound_messages"))).scalar_one() == 2


async def test_failure_report_becomes_a_ticket_and_the_resolution_is_replied_in_the_group(qq, bot) -> None:
    report = f"[CQ:at,qq={SELF_ID}] 仓库扫码枪在最新版本更新后一扫就卡死"
    await qq.push(group_message(report, message_id=8101, group_id=556))
    [ack] = await qq.wait_calls("send_group_msg")
    async with bot.engine.connect() as conn:
        [number] = (await conn.execute(text("select number from tickets"))).scalars().all()
    assert f"#{number}" in _texts(ack)

    console = FakeChatPlatform("console")
    bot.outbound.register(console)
    await console.start(bot.router)
    await console.say(f"/resolve {number} Fixed in version 2.3.1, please update the app.", user="ops", chat="ops-room")

    calls = await qq.wait_calls("send_group_msg", 2)
    answer = calls[1]
    assert answer["params"]["group_id"] == 556
    assert answer["params"]["message"][0] == {"type": "reply", "data": {"id": "8101"}}
    assert "2.3.1" in _texts(answer)


async def test_did_you_mean_is_listed_once_and_a_quoted_number_picks_the_answer(qq) -> None:
    # close to the import entry, not close enough to answer (`groupbot ask --explain`: 0.94, one candidate)
    ask = f"[CQ:at,qq={SELF_ID}] uploading fails"
    await qq.push(group_message(ask, message_id=8201))
    [suggestion] = await qq.wait_calls("send_group_msg")
    listed = _texts(suggestion)
    assert listed.count("1. ") == 1 and "CSV" in listed

    bot_message = str(max(int(m) for m in qq.messages))
    await qq.push(
        group_message(
            [{"type": "reply", "data": {"id": bot_message}}, {"type": "text", "data": {"text": "1"}}], message_id=8202
        )
    )
    calls = await qq.wait_calls("send_group_msg", 2)
    assert calls[1]["params"]["message"][0] == {"type": "reply", "data": {"id": "8202"}}
    assert "CSV" in _texts(calls[1])


async def test_group_owner_may_use_ops_commands_and_a_member_may_not(qq) -> None:
    command = f"[CQ:at,qq={SELF_ID}] /tickets"
    await qq.push(group_message(command, message_id=8301, role="member"))
    [refused] = await qq.wait_calls("send_group_msg")
    await qq.push(group_message(command, message_id=8302, role="owner", user_id=1))
    calls = await qq.wait_calls("send_group_msg", 2)
    assert _texts(refused).strip() == render("not_permitted", "en", name="tickets")
    assert "support team only" not in _texts(calls[1])


def _head(call: dict) -> list[dict]:
    """The segments before the text: the quote and the @-mentions."""
    message = call["params"]["message"]
    if isinstance(message, str):
        message = parse_cq(message)
    return [s for s in message if s["type"] in ("reply", "at")]


async def test_every_reply_to_a_group_question_quotes_it_and_ats_the_asker(qq, bot) -> None:
    ask = [{"type": "at", "data": {"qq": SELF_ID}}, {"type": "text", "data": {"text": " how do I reset my password?"}}]
    await qq.push(group_message(ask, message_id=8401, user_id=777))
    report = f"[CQ:at,qq={SELF_ID}] 仓库扫码枪在最新版本更新后一扫就卡死"
    await qq.push(group_message(report, message_id=8402, user_id=778))
    await qq.push(group_message(f"[CQ:at,qq={SELF_ID}] the app crashes with error 500 every time I upload a photo",
                                message_id=8403, user_id=779))
    calls = await qq.wait_calls("send_group_msg", 3)

    heads = sorted((_head(call) for call in calls), key=lambda head: head[0]["data"]["id"])
    assert heads == [
        [{"type": "reply", "data": {"id": "8401"}}, {"type": "at", "data": {"qq": "777"}}],
        [{"type": "reply", "data": {"id": "8402"}}, {"type": "at", "data": {"qq": "778"}}],
        [{"type": "reply", "data": {"id": "8403"}}, {"type": "at", "data": {"qq": "779"}}],
    ]


async def test_private_replies_carry_no_at(qq) -> None:
    private = {**group_message("how do I reset my password?", message_id=8501), "message_type": "private"}
    del private["group_id"]
    await qq.push(private)
    [call] = await qq.wait_calls("send_msg")
    assert [s["type"] for s in call["params"]["message"] if s["type"] == "at"] == []


PNG = b"\x89PNG\r\n\x1a\n" + b"\x02" * 48


async def test_a_reports_screenshot_is_copied_while_its_link_still_works(qq, bot) -> None:
    served: dict[str, tuple[int, bytes]] = {"/shot.png": (200, PNG), "/page": (200, b"<html>not a picture</html>")}
    fetched: list[str] = []

    async def picture_host(request: web.Request) -> web.Response:
        fetched.append(request.path)
        status, body = served.get(request.path, (404, b""))
        return web.Response(status=status, body=body)

    async with Served() as serve:
        host = await serve([web.get("/{name}", picture_host)])
        shot, page = f"{host}/shot.png?rkey=secret-key", f"{host}/page"
        await qq.push(group_message([
            {"type": "at", "data": {"qq": SELF_ID}},
            {"type": "text", "data": {"text": " 导出报表一直报错 E7731，见截图"}},
            {"type": "image", "data": {"file": "a.png", "url": shot}},
            {"type": "image", "data": {"file": "b.png", "url": page}},
        ], message_id=8101))
        await qq.wait_calls("send_group_msg")
        await qq.gateway.settled()
        await bot.pictures.settled()
        served["/shot.png"] = (404, b"")  # the rkey expired
        async with bot.uow_factory() as uow:
            [report] = (await uow.tickets.get(1)).reports
            copy = await uow.pictures.get(shot)
            assert report.images == (shot, page)
            assert await uow.pictures.copied([shot, page]) == {shot}  # a page is no picture: not kept
    assert copy is not None and (copy.data, copy.content_type) == (PNG, "image/png")
    assert sorted(fetched) == ["/page", "/shot.png"]


async def test_answers_and_chatter_copy_no_pictures(qq, bot) -> None:
    meme = "http://127.0.0.1:9/meme.gif"  # nothing listens: a fetch would only log
    await qq.push(group_message([{"type": "text", "data": {"text": "哈哈"}},
                                 {"type": "image", "data": {"file": "m.gif", "url": meme}}], message_id=8102))
    await qq.gateway.settled()
    await bot.pictures.settled()
    async with bot.uow_factory() as uow:
        assert await uow.pictures.copied([meme]) == set()
