"""What a reporter adds right after their report joins its ticket, instead of opening one of its own."""

from __future__ import annotations

from groupbot.core.messages import ReplyKind
from groupbot.features.tickets.customer_replies import FOLLOWING

REPORT = "地图组件在安卓上一直是灰色的"
DETAIL = "型号是X200，固件2.1，重启也没用"
SHOT = "https://pictures.example.test/download?fileid=map-1&rkey=k1"
ANNOUNCED = ReplyKind.ANNOUNCEMENT


async def test_details_right_after_a_report_join_its_ticket_with_one_acknowledgement(desk):
    await desk.say(REPORT, user="alice", chat="groupA")
    replies = await desk.say(DETAIL, user="alice", chat="groupA")
    assert [(r.chat.chat_id, r.kind) for r in replies] == [("groupA", ReplyKind.TICKET), ("ops-room", ANNOUNCED)]
    assert "已补充到工单 #1" in replies[0].text
    assert replies[1].text.startswith("Ticket #1: Alice in groupA") and "added to their report" in replies[1].text
    more = await desk.say("", user="alice", chat="groupA", images=(SHOT,))  # a screenshot of it, no words
    assert [r.chat.chat_id for r in more] == ["ops-room"]  # acknowledged once a few minutes: ops only
    ticket = await desk.ticket(1)
    assert [r.text for r in ticket.reports][:2] == [REPORT, DETAIL] and ticket.reports[2].images == (SHOT,)
    assert await desk.count("select count(*) from tickets") == 1
    assert (await desk.event_kinds(1)).count("report") == 2


async def test_only_the_reporter_in_that_chat_and_only_for_a_while(desk):
    await desk.say(REPORT, user="alice", chat="groupA")
    [bobs] = [r for r in await desk.say(DETAIL, user="bob", chat="groupA") if r.chat.chat_id == "groupA"]
    assert "#2" in bobs.text  # someone else's words are their own report
    [elsewhere] = [r for r in await desk.say("导出的报表金额全是0", user="alice", chat="groupB")
                   if r.chat.chat_id == "groupB"]
    assert "#3" in elsewhere.text  # alice in another group: another conversation
    desk.clock.advance(seconds=FOLLOWING.total_seconds())
    [later] = [r for r in await desk.say("签名栏的logo上传后变成黑块", user="alice", chat="groupA")
               if r.chat.chat_id == "groupA"]
    assert "#4" in later.text  # ten minutes on, a new problem is a new ticket
    assert (await desk.ticket(1)).summary.reports == 1


async def test_faq_questions_and_small_talk_after_a_report_are_what_they_are(desk):
    await desk.say(REPORT, user="alice", chat="groupA")
    [answer] = await desk.say("How do I reset my password?", user="alice", chat="groupA")
    assert answer.kind is ReplyKind.ANSWER
    assert await desk.say("好的，等你们消息", user="alice", chat="groupA") == []
    assert (await desk.ticket(1)).summary.reports == 1


async def test_an_english_acknowledgement_after_a_report_is_not_filed_on_it(desk):
    await desk.say("the map stays grey on android since the update", user="bob", chat="groupA")
    for said in ("ok thanks, waiting", "ok, will wait", "noted, thanks. waiting for your reply"):
        replies = await desk.say(said, user="bob", chat="groupA")
        assert all(reply.kind is ReplyKind.NOTICE and "#" not in reply.text for reply in replies), said
    assert (await desk.ticket(1)).summary.reports == 1
    [added, _notice] = await desk.say("waiting for news on the export bug", user="bob", chat="groupA")
    assert "#1" in added.text and (await desk.ticket(1)).summary.reports == 2


async def test_an_update_still_awaits_the_reporter_for_its_ticket(desk):
    await desk.say(REPORT, user="alice", chat="groupA")
    await desk.ops("/reply 1 请问是哪个版本？")
    replies = await desk.say("导出的报表金额全是0", user="alice", chat="groupA")  # a new report of hers
    assert "已补充到工单 #1" in replies[0].text  # within the update's wait, what she says is for #1
    [told] = [r for r in await desk.say("版本是5.2.1", user="alice", chat="groupA") if r.chat.chat_id == "ops-room"]
    assert "answered the update" in told.text  # ops hear it as her answer to their question


async def test_a_known_problem_of_its_own_joins_its_own_ticket(desk):
    await desk.say("签名栏的logo上传后变成黑块", user="bob", chat="groupB")
    await desk.say(REPORT, user="alice", chat="groupA")
    [joined] = [r for r in await desk.say("签名栏的logo上传后变成黑块了", user="alice", chat="groupA")
                if r.chat.chat_id == "groupA"]
    assert "#1" in joined.text  # bob's ticket, where that problem is worked on
    assert (await desk.ticket(1)).summary.reports == 2 and (await desk.ticket(2)).summary.reports == 1


async def test_learning_the_ticket_keeps_the_details_and_answers_out_of_the_faq(desk):
    await desk.say(REPORT, user="alice", chat="groupA")
    await desk.say(DETAIL, user="alice", chat="groupA")  # details, right after the report
    await desk.say("安卓上的地图组件一直是灰色的", user="bob", chat="groupB")  # the problem told again: a wording
    await desk.ops("/reply 1 用的是哪个浏览器？")
    await desk.say("Chrome 120 on Windows", user="bob", chat="groupB", mention=False, reply_to_bot=True)
    assert (await desk.ticket(1)).summary.reports == 4
    await desk.ops("/resolve 1 请升级到 2.2 版本，地图组件已修复。")
    await desk.ops("/learn 1")
    entry = desk.bot.catalog.entry("ticket-1")
    assert entry is not None and entry.question == REPORT
    assert entry.aliases == ("安卓上的地图组件一直是灰色的",)  # not the firmware details, not the browser answer
    [reply, *_] = await desk.say("Chrome 120 on Windows", user="carol", chat="groupC")
    assert "2.2" not in reply.text  # someone else's "Chrome 120 on Windows" is not the map problem
