"""/reply: ops write to a ticket's askers while it stays open, and what the askers answer joins the ticket."""

from __future__ import annotations

from groupbot.core.messages import ReplyKind
from groupbot.core.tickets import TicketStatus

FIRST = "扫码之后安卓App闪退"
SECOND = "安卓App扫码后闪退了"
QUESTION = "请问是哪个版本？有截图吗？"
ANNOUNCED = ReplyKind.ANNOUNCEMENT


async def reported_and_asked(desk) -> None:
    """Alice (groupA) and Bob (groupB) report one failure; ops ask them a question."""
    await desk.say(FIRST, user="alice", chat="groupA", message_id="a1")
    await desk.say(SECOND, user="bob", chat="groupB", message_id="b1")
    assert await desk.count("select count(*) from tickets") == 1


async def test_an_update_reaches_every_asking_group_and_the_ticket_stays_open(desk):
    await reported_and_asked(desk)
    desk.clock.advance(minutes=20)
    replies = await desk.say(f"/reply 1 {QUESTION}", user="olga", chat="ops-room")
    [own] = [r for r in replies if r.chat.chat_id == "ops-room"]
    assert "2 个会话的 2 位提问人" in own.text and "24 小时" in own.text  # the language of the command's words
    posts = {r.chat.chat_id: r for r in replies if r.chat.chat_id != "ops-room"}
    assert set(posts) == {"groupA", "groupB"}
    assert (posts["groupA"].reply_to_message_id, posts["groupB"].reply_to_message_id) == ("a1", "b1")
    assert [m.user_id for m in posts["groupA"].mentions] == ["alice"]
    assert all(QUESTION in post.text and "工单 #1 的处理进展" in post.text for post in posts.values())
    ticket = await desk.ticket(1)
    assert ticket.status is TicketStatus.TRIAGED and ticket.resolution is None
    assert ticket.first_response_at == desk.clock.now()
    assert (await desk.event_kinds(1))[-2:] == ["status", "reply"]


async def test_the_askers_answers_join_the_ticket_with_one_acknowledgement(desk):
    await reported_and_asked(desk)
    await desk.ops(f"/reply 1 {QUESTION}")
    # Alice answers by replying to the update (a reply to the bot is addressed to it in any mode).
    first = await desk.say("版本 5.2.1，安卓 14", user="alice", chat="groupA", mention=False, reply_to_bot=True)
    assert [(r.chat.chat_id, r.kind) for r in first] == [("groupA", ReplyKind.TICKET), ("ops-room", ANNOUNCED)]
    assert "已补充到工单 #1" in first[0].text
    assert "answered the update" in first[1].text and "5.2.1" in first[1].text
    second = await desk.say("Pixel 8 上也一样", user="alice", chat="groupA", mention=False, reply_to_bot=True)
    assert [(r.chat.chat_id, r.kind) for r in second] == [("ops-room", ANNOUNCED)]  # no second "added" line
    assert (await desk.ticket(1)).summary.reports == 4
    assert await desk.count("select count(*) from tickets") == 1

    # What the FAQ answers is still answered, and small talk stays small talk.
    [answer] = await desk.say("How do I reset my password?", user="alice", chat="groupA")
    assert answer.kind is ReplyKind.ANSWER
    assert await desk.say("谢谢", user="alice", chat="groupA") == []
    # Someone the update did not ask is not awaited: their report is a ticket of its own.
    carol = await desk.say("地图组件在安卓上一直是灰色的", user="carol", chat="groupA")
    assert carol[0].kind is ReplyKind.TICKET and "#2" in carol[0].text
    assert (await desk.ticket(1)).summary.reports == 4


async def test_nobody_is_awaited_after_a_day_or_once_the_ticket_is_answered(desk):
    await reported_and_asked(desk)
    await desk.ops(f"/reply 1 {QUESTION}")
    desk.clock.advance(hours=25)
    late = await desk.say("版本 5.2.1", user="alice", chat="groupA")
    assert late[0].kind is ReplyKind.TICKET and "#2" in late[0].text

    await desk.ops(f"/reply 1 {QUESTION}")
    await desk.ops("/resolve 1 5.2.2 已修复")
    after = await desk.say("我用的是 Windows 版", user="bob", chat="groupB")
    assert after[0].kind is ReplyKind.TICKET and "#1" not in after[0].text
    assert (await desk.ticket(1)).summary.reports == 2


async def test_reply_is_refused_on_an_answered_ticket_and_for_customers(desk):
    await reported_and_asked(desk)
    await desk.ops("/resolve 1 5.2.2 已修复")
    refused = await desk.ops(f"/reply 1 {QUESTION}")
    assert "/reopen 1" in refused.text
    assert (await desk.event_kinds(1))[-1] == "resolve"
    [customer] = await desk.say(f"/reply 1 {QUESTION}", user="mallory", chat="groupA")
    assert customer.chat.chat_id == "groupA" and QUESTION not in customer.text
    assert (await desk.event_kinds(1))[-1] == "resolve"


async def test_reply_on_a_merged_ticket_points_to_the_ticket_its_askers_are_on(desk):
    await desk.say(FIRST, user="alice", chat="groupA")
    await desk.say("地图组件在安卓上一直是灰色的", user="carol", chat="groupC")
    await desk.ops("/dup 2 1")
    refused = await desk.ops(f"/reply 2 {QUESTION}")
    assert "/reply 1" in refused.text and "/reopen" not in refused.text


async def test_an_askers_still_not_working_after_the_answer_reopens_the_ticket(desk):
    await reported_and_asked(desk)
    await desk.ops("/resolve 1 请升级到 5.2.2")
    desk.clock.advance(hours=3)
    assert await desk.say("还是不行", user="mallory", chat="groupA")  # not a reporter: nothing reopens
    assert (await desk.ticket(1)).status is TicketStatus.RESOLVED
    replies = await desk.say("还是不行", user="alice", chat="groupA", mention=False, reply_to_bot=True)
    assert [(r.chat.chat_id, r.kind) for r in replies] == [("groupA", ReplyKind.NOTICE), ("ops-room", ANNOUNCED)]
    assert "重新打开工单 #1" in replies[0].text
    assert replies[1].text.startswith("↩️") and "#1" in replies[1].text and "还是不行" in replies[1].text
    ticket = await desk.ticket(1)
    assert ticket.status is TicketStatus.OPEN and ticket.resolved_at is None and ticket.summary.reports == 3
    assert await desk.count("select count(*) from tickets") == 1


async def test_a_day_after_the_answer_still_not_working_no_longer_reopens_it(desk):
    await reported_and_asked(desk)
    await desk.ops("/resolve 1 请升级到 5.2.2")
    desk.clock.advance(hours=25)
    [hint] = await desk.say("still not working", user="alice", chat="groupA")
    assert hint.kind is ReplyKind.NOTICE and "#1" not in hint.text
    assert (await desk.ticket(1)).status is TicketStatus.RESOLVED


async def test_a_long_answer_to_an_update_joins_the_ticket_and_a_long_question_is_still_declined(desk):
    await reported_and_asked(desk)
    await desk.ops(f"/reply 1 {QUESTION}")
    log = "版本 5.2.1，日志如下：\n" + "\n".join(f"E/AndroidRuntime: at com.acme.scan.Camera.open({n})"
                                          for n in range(100))
    assert len(log) > 2000
    replies = await desk.say(log, user="alice", chat="groupA", mention=False, reply_to_bot=True)
    assert [(r.chat.chat_id, r.kind) for r in replies] == [("groupA", ReplyKind.TICKET), ("ops-room", ANNOUNCED)]
    async with desk.bot.uow_factory() as uow:
        ticket = await uow.tickets.get(1)
    assert ticket.reports[-1].text == log and ticket.summary.reports == 3
    flood = "闪退" * 30_000  # far past what is kept: the head is filed, marked as cut
    await desk.say(flood, user="bob", chat="groupB", mention=False, reply_to_bot=True)
    async with desk.bot.uow_factory() as uow:
        ticket = await uow.tickets.get(1)
    assert ticket.reports[-1].text.endswith(" …") and len(ticket.reports[-1].text) < len(flood)
    [declined] = await desk.say("请问" * 1500, user="carol", chat="groupA")  # nobody awaits carol
    assert "上限 2000" in declined.text
    assert await desk.count("select count(*) from tickets") == 1


async def test_a_bare_link_joins_the_ticket_awaiting_its_sender_and_is_no_question_otherwise(desk):
    await reported_and_asked(desk)
    await desk.ops(f"/reply 1 {QUESTION}")
    link = "https://share.example.com/recording/7f3a"
    replies = await desk.say(link, user="alice", chat="groupA", mention=False, reply_to_bot=True)
    assert [(r.chat.chat_id, r.kind) for r in replies] == [("groupA", ReplyKind.TICKET), ("ops-room", ANNOUNCED)]
    assert (await desk.ticket(1)).reports[-1].text == link
    # nobody awaits carol: before, her link became ticket #2 "I couldn't find an answer"
    [hint] = await desk.say(f"@bot {link}", user="carol", chat="groupA")
    assert hint.kind is ReplyKind.NOTICE and "#" not in hint.text
    assert await desk.count("select count(*) from tickets") == 1


async def test_in_a_mention_only_group_an_answer_to_the_update_without_a_mention_joins_it_for_a_while(desk):
    await reported_and_asked(desk)
    desk.clock.advance(minutes=30)  # the reports' own wait for details is over
    await desk.ops(f"/reply 1 {QUESTION}")
    # QQ customers answer the question under it without @-ing the bot or quoting the update.
    first = await desk.say("版本 5.2.1，安卓 14", user="alice", chat="groupA", mention=False)
    assert [(r.chat.chat_id, r.kind) for r in first] == [("groupA", ReplyKind.TICKET), ("ops-room", ANNOUNCED)]
    # Not everything she says to the room is for the ticket: chat, a question the FAQ answers, "人工".
    for chat in ("哈哈好的", "How do I reset my password?", "人工"):
        assert await desk.say(chat, user="alice", chat="groupA", mention=False) == []
    assert await desk.say("我这边也是 5.2.1", user="carol", chat="groupA", mention=False) == []  # not asked
    assert (await desk.ticket(1)).summary.reports == 3
    desk.clock.advance(minutes=31)  # long after the update, her room talk is hers again
    assert await desk.say("Pixel 8 上也一样", user="alice", chat="groupA", mention=False) == []
    added = await desk.say("Pixel 8 上也一样", user="alice", chat="groupA", mention=False, reply_to_bot=True)
    assert [r.chat.chat_id for r in added] == ["groupA", "ops-room"]  # said to the bot, it still joins
    assert (await desk.ticket(1)).summary.reports == 4


async def test_a_reporters_second_line_without_a_mention_joins_the_report(desk):
    await desk.say(FIRST, user="alice", chat="groupA")
    details = await desk.say("型号是 X200，固件 2.1", user="alice", chat="groupA", mention=False)
    assert [(r.chat.chat_id, r.kind) for r in details] == [("groupA", ReplyKind.TICKET), ("ops-room", ANNOUNCED)]
    assert (await desk.ticket(1)).reports[-1].text == "型号是 X200，固件 2.1"
    desk.clock.advance(minutes=11)
    assert await desk.say("还有 X300 也是", user="alice", chat="groupA", mention=False) == []
    assert (await desk.ticket(1)).summary.reports == 2
