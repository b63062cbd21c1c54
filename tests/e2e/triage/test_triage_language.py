"""/lang: the ops room speaks one language for command replies, notices and the digest."""

from __future__ import annotations

from groupbot.core.messages import ChatRef
from groupbot.core.outbox import OutboxKind
from tests.e2e.triage.conftest import OPS_ROOM

FAILURE_EN = "the export button gives error E1042 since this morning"


def _in_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


async def _ops_room_notices(desk) -> list[str]:
    return [r.text for r in desk.platform.sent if r.chat.chat_id == OPS_ROOM and r.kind.value == "announcement"]


async def _digest_text(desk) -> str:
    desk.clock.advance(days=8)  # the digest reports a week that has ended, after the test's messages
    assert await desk.bot.job("digest").run_once() is not None
    async with desk.bot.uow_factory() as uow:
        queued = [m for m in await uow.outbox.find(limit=100) if m.kind is OutboxKind.DIGEST]
    [to_ops] = [m for m in queued if m.destination.target.endswith(OPS_ROOM)]
    return to_ops.payload["text"]


async def test_chinese_ops_room_gets_chinese_replies_notices_and_digest_whatever_the_message_language(desk):
    set_reply = await desk.ops("/lang zh-CN")
    assert "中文" in set_reply.text
    await desk.say(FAILURE_EN, user="alice")
    [notice] = await _ops_room_notices(desk)
    assert notice.startswith("新工单 #1")
    for command in ("/assign 1 me", "/resolve 1 Please update to version 2.3 and try again", "/ticket 1"):
        reply = await desk.ops(command)
        assert _in_chinese(reply.text), (command, reply.text)
    assert _in_chinese(await _digest_text(desk))


async def test_english_ops_room_gets_english_even_for_chinese_commands_and_a_chinese_digest_setting(desk):
    await desk.ops("/lang en")
    await desk.say("扫码之后安卓App闪退", user="alice")
    [notice] = await _ops_room_notices(desk)
    assert notice.startswith("New ticket #1")
    reply = await desk.ops("/resolve 1 请升级到 2.3 版本后重试")
    assert reply.text.startswith("Ticket #1 is resolved"), reply.text
    digest = await _digest_text(desk)  # digest.locale is zh-CN by default; the room's /lang wins
    assert digest.startswith("Weekly support digest")


async def test_auto_goes_back_to_following_each_message_and_bad_values_get_usage(desk):
    await desk.ops("/lang en")
    await desk.ops("/lang auto")
    assert _in_chinese((await desk.ops("/ticket 99 工单")).text)  # follows the message again
    wrong = await desk.ops("/lang fr")
    assert "zh-CN, en or auto" in wrong.text
    async with desk.bot.uow_factory() as uow:
        stored = await uow.chats.get(ChatRef("fake", OPS_ROOM))
    assert stored is not None and stored.locale is None


async def test_customers_cannot_change_the_language(desk):
    [reply] = await desk.say("/lang en", user="mallory", chat="groupA")
    assert "support team only" in reply.text

