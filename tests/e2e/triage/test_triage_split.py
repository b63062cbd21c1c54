"""/split: a report merged into the wrong ticket becomes a ticket of its own, and its asker follows it."""

from __future__ import annotations

from groupbot.core.chats import ChatSettings
from groupbot.core.language import ZH
from groupbot.core.messages import ChatKind, ChatRef, ReplyKind
from groupbot.core.tickets import Category, ReportSummary, TicketStatus

FIRST = "扫码之后安卓App闪退"
SECOND = "安卓App扫码后闪退了"
MAP = "地图组件在安卓上一直是灰色的"
DARK_MODE = "能不能加个暗黑模式"


async def wrongly_merged(desk) -> None:
    """#1: alice's crash in groupA, and bob's report in groupB that the matcher took for the same."""
    await desk.say(FIRST, user="alice", chat="groupA", message_id="a1")
    await desk.say(SECOND, user="bob", chat="groupB", message_id="b1")
    assert (await desk.ticket(1)).summary.reports == 2


async def answers_of(desk, command: str) -> dict[str, str]:
    """The posts ``command`` sends to the customers' chats, by chat."""
    replies = await desk.say(command, user="olga", chat="ops-room")
    return {reply.chat.chat_id: reply.text for reply in replies if reply.kind is ReplyKind.ANSWER}


async def test_a_second_problem_taken_as_details_becomes_a_ticket_of_its_own(desk):
    await desk.say(MAP, user="alice", chat="groupA", message_id="a1")
    joined = await desk.say(DARK_MODE, user="alice", chat="groupA", message_id="a2")
    assert "已补充到工单 #1" in joined[0].text  # her second problem, within minutes: taken as details
    card = (await desk.ops("/ticket 1")).text
    assert "\n  1. Alice @ groupA" in card and "\n  2. Alice @ groupA" in card  # numbered as /split counts
    before = len(desk.platform.sent)
    reply = await desk.ops("/split 1 2")
    assert reply.text.startswith(f"Report 2 of ticket #1 is now ticket #2 [feature request/low]: “{DARK_MODE}”")
    assert "#1 keeps 1 report" in reply.text
    assert [r.chat.chat_id for r in desk.platform.sent[before:]] == ["ops-room"]  # the asker hears nothing now
    old, new = await desk.ticket(1), await desk.ticket(2)
    assert [r.message_id for r in old.reports] == ["a1"] and old.summary == ReportSummary(1, 1, 1)
    assert [r.message_id for r in new.reports] == ["a2"] and new.summary == ReportSummary(1, 1, 1)
    assert (new.title, new.category, new.status, new.first_reporter) == (
        DARK_MODE, Category.FEATURE, TicketStatus.OPEN, "fake:alice")
    assert (old.title, old.category, old.first_response_at) == (MAP, Category.FAILURE, desk.clock.now())
    assert await desk.event_kinds(2) == ["opened", "split"]
    async with desk.bot.uow_factory() as uow:
        [left] = [e for e in await uow.tickets.events(1) if e.kind == "split"]
        [came] = [e for e in await uow.tickets.events(2) if e.kind == "split"]
    assert (left.actor, left.note, left.data) == (
        "fake:olga", DARK_MODE, {"to": "2", "report": "2", "chat": "fake:groupA", "message": "a2"})
    assert came.data == {"from": "1", "report": "2", "chat": "fake:groupA", "message": "a2", "told": "1"}


async def test_resolving_each_ticket_reaches_its_own_askers_with_the_number_they_know(desk):
    await wrongly_merged(desk)
    await desk.ops("/split 1 2")
    first = await answers_of(desk, "/resolve 1 请升级到 5.2.1")
    assert set(first) == {"groupA"}  # bob's report is no longer on #1
    second = await answers_of(desk, "/resolve 2 请清除缓存后重试")
    assert set(second) == {"groupB"}
    assert second["groupB"].startswith("工单 #1（现为 #2） 有答复了")  # bob was told #1
    [post] = [r for r in desk.platform.sent if r.chat.chat_id == "groupB" and r.kind is ReplyKind.ANSWER]
    assert [m.user_id for m in post.mentions] == ["bob"] and post.reply_to_message_id == "b1"


async def test_the_first_report_split_off_leaves_the_ticket_named_after_the_next(desk):
    await wrongly_merged(desk)
    await desk.ops("/split 1 1")
    old, new = await desk.ticket(1), await desk.ticket(2)
    assert (old.title, old.first_reporter, [r.message_id for r in old.reports]) == (SECOND, "fake:bob", ["b1"])
    assert (new.title, new.first_reporter, [r.message_id for r in new.reports]) == (FIRST, "fake:alice", ["a1"])


async def test_a_merged_asker_split_off_again_hears_the_number_first_told(desk):
    await desk.say(MAP, user="alice", chat="groupA", message_id="a1")
    await desk.say(DARK_MODE, user="bob", chat="groupB", message_id="b1")
    await desk.ops("/dup 2 1")
    await desk.ops("/split 1 2")  # the merge was wrong after all
    assert [r.message_id for r in (await desk.ticket(3)).reports] == ["b1"]
    posts = await answers_of(desk, "/reply 3 we are on it")
    assert set(posts) == {"groupB"} and posts["groupB"].startswith("工单 #2（现为 #3） 的处理进展：\nwe are on it")
    assert set(await answers_of(desk, "/resolve 1 fixed")) == {"groupA"}


async def test_merged_back_the_split_report_hears_the_ticket_number_alone(desk):
    await wrongly_merged(desk)
    await desk.ops("/split 1 2")
    await desk.ops("/dup 2 1")  # the split was the mistake
    posts = await answers_of(desk, "/resolve 1 fixed")
    assert posts["groupB"].startswith("工单 #1 有答复了")


async def test_the_split_off_askers_next_words_follow_the_report(desk):
    await wrongly_merged(desk)
    await desk.ops("/split 1 2")
    replies = await desk.say("版本是5.2.1，华为手机", user="bob", chat="groupB")
    assert "已补充到工单 #2" in replies[0].text  # within their report's wait: details of #2 now
    assert [r.text for r in (await desk.ticket(2)).reports][-1] == "版本是5.2.1，华为手机"
    assert (await desk.ticket(1)).summary.reports == 1


async def test_an_update_wait_moves_with_the_report_but_stays_for_an_asker_still_on_the_ticket(desk):
    await desk.say(MAP, user="alice", chat="groupA", message_id="a1")
    await desk.say(DARK_MODE, user="alice", chat="groupA", message_id="a2")
    await desk.say(SECOND, user="bob", chat="groupB", message_id="b1")
    await desk.ops("/dup 2 1")
    await desk.ops("/reply 1 请问是哪个版本？")
    await desk.ops("/split 1 3")  # bob's crash report: a ticket of its own
    await desk.ops("/split 1 2")  # alice's dark mode wish: she still has her map report on #1
    desk.clock.advance(hours=2)  # past the details wait, inside the update's
    [bobs] = [r for r in await desk.say("版本是5.2.1", user="bob", chat="groupB") if r.chat.chat_id == "groupB"]
    assert "#3" in bobs.text
    [alices] = [r for r in await desk.say("安卓 14", user="alice", chat="groupA") if r.chat.chat_id == "groupA"]
    assert "#1" in alices.text


async def test_refusals_name_the_reason_and_change_nothing(desk):
    await wrongly_merged(desk)
    await desk.say(DARK_MODE, user="carol", chat="groupC", message_id="c1")
    before = await desk.count("select count(*) from ticket_events")
    assert "There is no ticket #9" in (await desk.ops("/split 9 1")).text
    assert (await desk.ops("/split 1 3")).text == ("Ticket #1 has 2 reports; there is no report 3. /ticket 1 "
                                                  "numbers them.")
    assert (await desk.ops("/split 2 1")).text == "Ticket #2 has only one report: there is nothing to split off."
    assert await desk.count("select count(*) from ticket_events") == before
    await desk.ops("/dup 2 1")
    assert "split it off #1 instead" in (await desk.ops("/split 2 1")).text
    await desk.ops("/resolve 1 fixed")
    refused = (await desk.ops("/split 1 2")).text
    assert refused.startswith("Ticket #1 is “resolved”: only an open ticket's reports can be split off.")
    assert await desk.count("select count(*) from tickets") == 2
    assert (await desk.ticket(1)).summary.reports == 3


async def speak_chinese_in_the_ops_room(desk) -> None:
    async with desk.bot.uow_factory() as uow:
        await uow.chats.save(ChatSettings(ChatRef("fake", "ops-room", ChatKind.GROUP), locale=ZH))
        await uow.commit()


async def test_refusals_in_chinese_for_a_chinese_ops_chat(desk):
    await desk.say(FIRST, user="alice", chat="groupA")
    await speak_chinese_in_the_ops_room(desk)
    assert (await desk.ops("/split 1 1")).text == "工单 #1 只有一条反馈，没有可拆分的内容。"
    await desk.say(SECOND, user="bob", chat="groupB")
    assert "已拆分为新工单 #2" in (await desk.ops("/split 1 2")).text


async def test_customers_cannot_split(desk):
    await wrongly_merged(desk)
    [reply] = await desk.say("/split 1 2", user="mallory", chat="groupA")
    assert reply.text == "抱歉，/split 仅限客服团队使用。"  # groupA speaks Chinese
    refused = "select count(*) from audit_events where outcome = 'refused' and action = '/split'"
    assert await desk.count(refused) == 1
    assert await desk.count("select count(*) from tickets") == 1
    assert (await desk.ticket(1)).summary.reports == 2


async def test_help_names_split_in_both_languages(desk):
    assert "/split N K" in (await desk.ops("/help")).text
    await speak_chinese_in_the_ops_room(desk)
    assert "拆分为新工单" in (await desk.ops("/help")).text
