"""Commands from the chat: refusals for customers, a usage reply for every bad call, nothing changed by either."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from groupbot.bootstrap import open_bot
from groupbot.core.chats import ChatSettings
from groupbot.core.language import ZH
from groupbot.core.messages import ChatKind, ChatRef, Role
from groupbot.settings import Settings
from tests.fakes import FakeChatPlatform

ROOT = Path(__file__).resolve().parents[3]

FAILURE = "扫码之后安卓App闪退"
OPS_COMMANDS = [
    "/tickets",
    "/ticket 1",
    "/assign 1 me",
    "/escalate 1 rd",
    "/reply 1 which version?",
    "/resolve 1 fixed",
    "/close 1",
    "/reopen 1",
    "/wontfix 1",
    "/dup 1 2",
    "/split 1 2",
    "/reclassify 1 bug",
    "/severity 1 critical",
    "/note 1 hello",
    "/faq add q | a",
    "/faq reload",
    "/learn 1",
    "/stats",
    "/mode all",
    "/assign nonsense",
]


async def test_customers_are_refused_politely_audited_and_nothing_changes(desk):
    # One bot for every command: a whole bot per case would cost seconds each on PostgreSQL.
    await desk.say(FAILURE, user="alice", chat="groupB")  # elsewhere: groupA's refusals stay in English
    before = await desk.count("select count(*) from ticket_events")
    for line in OPS_COMMANDS:
        [reply] = await desk.say(line, user="mallory", chat="groupA")
        assert "support team only" in reply.text, line
    refused = "select count(*) from audit_events where outcome = 'refused' and actor = 'fake:mallory'"
    assert await desk.count(refused) == len(OPS_COMMANDS)
    assert await desk.count("select count(*) from ticket_events") == before
    assert await desk.count("select count(*) from chats") == 0
    assert (await desk.ticket(1)).assignee is None
    assert not (desk.learned_dir / "learned.yaml").exists()


async def test_refusal_is_in_the_senders_language(desk):
    [reply] = await desk.say("/assign 一 我", user="mallory")
    assert "客服团队" in reply.text


async def test_chat_admins_are_customers_unless_configured(desk):
    [reply] = await desk.say("/tickets", user="owner", role=Role.ADMIN)
    assert "support team only" in reply.text


async def test_configured_admin_may_triage(desk):
    await desk.say(FAILURE)
    assert "#1" in (await desk.ops("/assign 1 @bob", user="ada")).text


BAD_CALLS = [
    ("/ticket", "/ticket N", "missing"),
    ("/ticket one", "/ticket N", "ticket number"),
    ("/tickets urgent", "/tickets [status|category|team|mine|all …]", "filter by"),
    ("/tickets mine urgent", "/tickets [status|category|team|mine|all …]", "filter by"),
    ("/assign 1", "/assign N @user|me", "missing"),
    ("/assign x me", "/assign N @user|me", "ticket number"),
    ("/assign 1 @!!", "/assign N @user|me", "@name"),
    ("/escalate 1 ops", "/escalate N rd|pm [note]", "rd or pm"),
    ("/resolve 1", "/resolve N text", "missing"),
    ("/reply 1", "/reply N text", "missing"),
    ("/close one", "/close N [note]", "ticket number"),
    ("/reopen", "/reopen N [note]", "missing"),
    ("/wontfix #x", "/wontfix N [note]", "ticket number"),
    ("/dup 1", "/dup N M", "missing"),
    ("/dup 1 2 3", "/dup N M", "more than I expected"),
    ("/split 1", "/split N K", "missing (a report's number on the ticket)"),
    ("/split 1 x", "/split N K", "K must be a report's number on the ticket"),
    ("/split 1 0", "/split N K", "K must be"),
    ("/split 1 #2", "/split N K", "K must be"),
    ("/reclassify 1 weather", "/reclassify N category", "failure, howto"),
    ("/severity 1 apocalyptic", "/severity N low|normal|high|critical", "low, normal, high or critical"),
    ("/severity 1", "/severity N low|normal|high|critical", "missing"),
    ("/note 1", "/note N text", "missing"),
    ("/faq", "/faq search text", "missing"),
    ("/faq add just words", "/faq add question | answer", "question | answer"),
    ("/faq reload please", "/faq reload", "more than I expected"),
    ("/learn 0", "/learn N", "ticket number"),
    ("/stats 0", "/stats [days]", "1 to 366"),
    ("/stats ²", "/stats [days]", "1 to 366"),
    ("/stats " + "9" * 5000, "/stats [days]", "1 to 366"),
    ("/mode loud", "/mode mention|questions|all", "mention, questions or all"),
    ("/help me", "/help", "more than I expected"),
    ("/mytickets 3", "/mytickets", "more than I expected"),
    ("/retry", "/retry ID", "a message ID from /outbox"),
    ("/retry x7", "/retry ID", "a number that /outbox lists"),
]


async def test_every_bad_call_gets_its_usage_and_changes_nothing(desk):
    await desk.say(FAILURE)
    before = await desk.count("select count(*) from ticket_events")
    for line, usage, problem in BAD_CALLS:
        reply = await desk.ops(line)
        assert reply.text.startswith(f"Usage: {usage}\n"), line
        assert problem in reply.text, line
    assert await desk.count("select count(*) from ticket_events") == before


async def test_usage_in_chinese_for_a_chinese_call(desk):
    [reply] = await desk.say("/assign 一 我", user="olga", chat="ops-room")
    assert reply.text.startswith("用法：/assign N @user|me")


@pytest.mark.parametrize("line", ["/ticket 99", "/assign 99 me", "/resolve 99 done", "/dup 1 99", "/learn 42",
                                  "/split 99 2"])
async def test_unknown_ticket_numbers_are_named(desk, line):
    await desk.say(FAILURE)
    reply = await desk.ops(line)
    assert "There is no ticket #" in reply.text


async def test_a_ticket_cannot_duplicate_itself(desk):
    await desk.say(FAILURE)
    assert "itself" in (await desk.ops("/dup 1 1")).text


async def test_unknown_command_points_to_help(desk):
    [reply] = await desk.say("/frobnicate 3", user="olga")
    assert "/frobnicate" in reply.text and "/help" in reply.text


async def test_help_shows_each_role_its_commands(desk):
    [customer] = await desk.say("/help", user="zoe")
    assert "/mytickets" in customer.text and "/assign" not in customer.text
    ops = await desk.ops("/help")
    assert "/assign N @user|me" in ops.text and "/learn N" in ops.text
    assert "/faq delete" not in ops.text  # an admin's command: not offered to ops, who would be refused
    admin = await desk.ops("/help", user="ada")
    assert "/faq delete ID" in admin.text


async def test_ops_refused_an_admin_command_are_told_it_is_for_admins(desk):
    refused = await desk.ops("/faq delete en-password-reset")
    assert "admins only" in refused.text and "support team" not in refused.text
    [customer] = await desk.say("/faq delete en-password-reset", user="zoe")
    assert "support team only" in customer.text  # a customer hears the plain refusal


async def test_mode_is_saved_per_chat(desk):
    reply = await desk.ops("/mode questions")
    assert "looks like a question" in reply.text
    assert await desk.count("select count(*) from chats where mode = 'questions'") == 1


async def test_group_owners_triage_in_their_own_group_when_configured(db_url):
    settings = Settings(database_url=db_url, faq_dir=ROOT / "faq", ops={"chat_admins_are_ops": True})
    bot = await open_bot(settings)
    platform = FakeChatPlatform()
    bot.outbound.register(platform)
    await platform.start(bot.router)
    try:
        await platform.say(FAILURE, user="alice", chat="groupA")
        [assigned] = await platform.say("/assign 1 me", user="owner", chat="groupA", role=Role.ADMIN)
        assert "assigned to Owner" in assigned.text
        [refused] = await platform.say("/close 1", user="alice", chat="groupA")
        assert "仅限客服团队" in refused.text  # in the language alice reported in
    finally:
        await bot.close()


CHINESE_OPS = [
    ("/tickets", ["待处理", "[故障/"]),
    ("/ticket 1", ["状态 待处理", "团队 客服"]),
    ("/escalate 1 rd", ["已升级给 研发"]),
    ("/close 1", ["状态已改为“已关闭”"]),
    ("/escalate 1 pm", ["当前为“已关闭”，不能改为“已转研发/产品”"]),
    ("/reclassify 1 howto", ["分类已改为 咨询"]),
    ("/severity 1 紧急", ["严重程度已改为"]),
    ("/dup 1", ["缺少参数（工单号）"]),
    ("/stats", ["按分类：咨询 1", "按状态：已关闭 1"]),
]
RAW_NAMES = ("open", "closed", "escalated", "failure", "howto", "number", " rd", " pm", " ops")


async def test_a_chinese_ops_chat_sees_names_not_raw_values(desk):
    async with desk.bot.uow_factory() as uow:
        await uow.chats.save(ChatSettings(ChatRef("fake", "ops-room", ChatKind.GROUP), locale=ZH))
        await uow.commit()
    await desk.say(FAILURE)
    for line, expected in CHINESE_OPS:
        text = (await desk.ops(line)).text
        assert all(part in text for part in expected), (line, text)
        assert not any(raw in text for raw in RAW_NAMES), (line, text)


async def test_a_mistyped_command_gets_ops_a_hint_without_a_mention_and_customers_stay_unanswered(desk):
    [hint] = await desk.say("/asign 1 me", user="olga", chat="groupA", mention=False)
    assert "/asign" in hint.text and "/assign" in hint.text
    [hint_zh] = await desk.say("/tikets 工单", user="olga", chat="groupA", mention=False)
    assert "/tickets" in hint_zh.text and "没有" in hint_zh.text
    assert await desk.say("/foo the tmp dir is full", user="mallory", chat="groupA", mention=False) == []
    [nothing_close] = await desk.say("/zzz", user="olga", chat="groupA", mention=False)
    assert "/help" in nothing_close.text and "Did you mean" not in nothing_close.text


async def test_ticket_and_oncall_show_times_in_one_named_zone(desk):
    await desk.say(FAILURE, user="alice")
    card = (await desk.ops("/ticket 1")).text
    shift = (await desk.ops("/oncall me 2")).text
    assert "(Asia/Shanghai)" in card and "UTC" not in card
    assert "Asia/Shanghai" in shift
    local = desk.clock.now().astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{local:%Y-%m-%d %H:%M}" in card  # the report's time, in that zone
