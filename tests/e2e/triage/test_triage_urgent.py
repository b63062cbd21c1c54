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

    [answer_zh, again] = await desk.say(OUTAGE_ZH, user="bob", chat="groupB")
    assert "502" in answer_zh.text or "5xx" in answer_zh.text
    assert "工单 #" in answer_zh.text
    assert again.chat.chat_id == "ops-room"
    assert await desk.count("select count(*) from inbound_messages where outcome = 'answer'") == 2


async def test_the_same_outage_again_in_one_group_adds_a_report_without_a_second_answer(desk):
    await desk.say(OUTAGE_EN, user="alice", chat="groupA")
    replies = await desk.say(OUTAGE_EN, user="carol", chat="groupA")
    assert [r.kind for r in replies] == [ReplyKind.NOTICE, ReplyKind.ANNOUNCEMENT]  # "☝️ answered above", ops
    assert (await desk.ticket(1)).summary.askers == 2


async def test_an_ordinary_answered_question_opens_no_ticket(desk):
    [answer] = await desk.say("I get a 502 error page sometimes", user="dora", chat="groupA")
    assert answer.kind is ReplyKind.ANSWER and "ticket" not in answer.text
    assert await desk.count("select count(*) from tickets") == 0
