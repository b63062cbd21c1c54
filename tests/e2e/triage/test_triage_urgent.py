"""An outage reported in the groups reaches the support team even when the FAQ has an answer for it."""

from __future__ import annotations

from groupbot.core.messages import ReplyKind
from groupbot.core.tickets import Severity

OUTAGE_EN = "everyone in our company gets a 502 error page since 9am"
OUTAGE_ZH = "我们所有用户打开报表都报错502"


async def test_an_answered_outage_is_also_a_ticket_and_every_later_report_counts_on_it(desk):
    [answer, notice] = await desk.say(OUTAGE_EN, user="alice", chat="groupA")
    assert answer.kind is ReplyKind.ANSWER and "status.example.com" in answer.text
    told = answer.text.index("I've also logged it as ticket #1 for our support team.")
    assert told < answer.text.index("Was this helpful?"), "before the feedback question"
    assert notice.chat.chat_id == "ops-room" and notice.text.startswith("New ticket #1")
    ticket = await desk.ticket(1)
    assert ticket.severity is Severity.CRITICAL

    [same, again] = await desk.say(OUTAGE_EN, user="bob", chat="groupB")
    assert same.kind is ReplyKind.ANSWER
    assert "already on this as ticket #1 (2 reports so far)" in same.text
    assert again.chat.chat_id == "ops-room" and again.text.startswith("Ticket #1 reported again")
    assert (await desk.ticket(1)).summary.reports == 2

    [answer_zh, _notice] = await desk.say(OUTAGE_ZH, user="cara", chat="groupC")  # other words: its own ticket
    assert "工单 #2" in answer_zh.text and "502" in answer_zh.text
    assert await desk.count("select count(*) from inbound_messages where outcome = 'answer'") == 3


async def test_a_thumbs_down_on_an_urgent_answer_does_not_report_the_message_twice(desk):
    await desk.say(OUTAGE_EN, user="alice", chat="groupA")
    replies = await desk.say("2", user="alice", chat="groupA", mention=False)
    assert "#1" in replies[0].text
    assert (await desk.ticket(1)).summary.reports == 1
    assert [r for r in replies if r.chat.chat_id == "ops-room"] == []


async def test_the_same_outage_again_in_one_group_adds_a_report_without_a_second_answer(desk):
    await desk.say(OUTAGE_EN, user="alice", chat="groupA")
    replies = await desk.say(OUTAGE_EN, user="carol", chat="groupA")
    assert [r.kind for r in replies] == [ReplyKind.NOTICE, ReplyKind.ANNOUNCEMENT]  # "☝️ answered above", ops
    assert (await desk.ticket(1)).summary.askers == 2

    # The first asker repeating it gets silence, and their answer still waits for feedback.
    assert [r.chat.chat_id for r in await desk.say(OUTAGE_EN, user="alice", chat="groupA")] == ["ops-room"]
    assert await desk.say("1", user="alice", chat="groupA", mention=False) == []  # thanked quietly
    assert await desk.count("select count(*) from inbound_messages where outcome = 'feedback:helpful'") == 1


async def test_an_ordinary_answered_question_opens_no_ticket(desk):
    [answer] = await desk.say("I get a 502 error page sometimes", user="dora", chat="groupA")
    assert answer.kind is ReplyKind.ANSWER and "ticket" not in answer.text
    assert await desk.count("select count(*) from tickets") == 0


async def test_an_outage_the_faq_cannot_answer_is_told_as_urgent_not_as_no_answer(desk):
    [told, notice] = await desk.say("网站打不开了，所有人都登录不了", user="erin", chat="groupA")
    assert told.kind is ReplyKind.TICKET and "紧急" in told.text and "#1" in told.text
    assert "没有找到答案" not in told.text
    assert notice.chat.chat_id == "ops-room"
    [ordinary, _ops] = await desk.say("the map legend overlaps the zoom buttons", user="finn", chat="groupB")
    assert "couldn't find an answer" in ordinary.text and "urgent" not in ordinary.text
