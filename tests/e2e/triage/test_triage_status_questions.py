"""A customer asking how a ticket is doing gets its status, not a new ticket; others' tickets stay private."""

from __future__ import annotations

from groupbot.core.messages import ReplyKind

REPORT = "地图组件在安卓上一直是灰色的"


async def test_the_reporter_asking_for_news_hears_the_status_and_ops_see_it(desk):
    await desk.say(REPORT, user="alice", chat="groupA")
    desk.clock.advance(minutes=30)
    [status] = await desk.say("any update on ticket #1?", user="alice", chat="groupA")
    assert status.kind is ReplyKind.NOTICE and "#1" in status.text and "open" in status.text
    [zh] = await desk.say("工单 1 有进展吗", user="alice", chat="groupA")
    assert "工单 #1" in zh.text and "待处理" in zh.text
    assert await desk.count("select count(*) from tickets") == 1
    assert (await desk.ticket(1)).summary.reports == 1
    assert (await desk.event_kinds(1)).count("status_asked") == 2


async def test_someone_in_the_same_chat_may_ask_but_another_chat_hears_nothing_of_it(desk):
    await desk.say(REPORT, user="alice", chat="groupA")
    [here] = await desk.say("#1 怎么样了", user="carol", chat="groupA")
    assert "#1" in here.text and "待处理" in here.text
    [elsewhere] = await desk.say("#1 怎么样了", user="bob", chat="groupB")
    assert "/mytickets" in elsewhere.text and "待处理" not in elsewhere.text and REPORT not in elsewhere.text
    [missing] = await desk.say("any news on ticket 99?", user="bob", chat="groupB")
    assert "/mytickets" in missing.text
    assert await desk.count("select count(*) from tickets") == 1


async def test_asking_about_a_merged_ticket_tells_the_status_of_the_one_it_was_merged_into(desk):
    await desk.say(REPORT, user="alice", chat="groupA")
    await desk.say("the coffee widget draws purple squares on our wall display", user="bob", chat="groupB")
    await desk.ops("/dup 2 1")
    await desk.ops("/escalate 1 rd")
    [status] = await desk.say("any update on ticket #2?", user="bob", chat="groupB")
    assert "#2 was merged into #1" in status.text and "Ticket #1 is" in status.text
    assert (await desk.event_kinds(1))[-1] == "status_asked"  # on the ticket the work goes on in
