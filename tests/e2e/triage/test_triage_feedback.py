"""After an answer: was it helpful? A 👎 or a request for a human reaches the support team at once."""

from __future__ import annotations

import pytest

from groupbot.core.messages import ReplyKind

KNOWN = "How do I reset my password?"


async def test_answers_ask_for_feedback_with_buttons(desk):
    [answer] = await desk.say(KNOWN, user="zoe")
    assert answer.kind is ReplyKind.ANSWER
    assert [c.value for c in answer.choices] == ["1", "2"]
    assert "Was this helpful?" in answer.text


@pytest.mark.parametrize("word", ["1", "👍", "👍🏽"])
async def test_thumbs_up_is_recorded_quietly(desk, word):
    await desk.say(KNOWN, user="zoe")
    assert await desk.say(word, user="zoe", mention=False, reply_to_bot=True) == []
    assert await desk.count("select count(*) from audit_events where outcome = 'helpful'") == 1
    assert await desk.count("select count(*) from tickets") == 0


@pytest.mark.parametrize(
    ("word", "options"),
    [
        ("2", {"reply_to_bot": True}),
        ("👎", {"mention": True}),
        ("-1", {"reply_to_bot": True}),
        ("人工", {}),  # with an answer awaiting feedback, 人工 needs no mention
        ("转人工", {}),
        ("human", {}),
    ],
)
async def test_thumbs_down_or_human_opens_a_ticket_for_the_question(desk, word, options):
    await desk.say(KNOWN, user="zoe", message_id="q1")
    replies = await desk.say(word, user="zoe", **{"mention": False, **options})
    assert [r.chat.chat_id for r in replies] == ["groupA", "ops-room"]
    assert "#1" in replies[0].text
    ticket = await desk.ticket(1)
    assert (ticket.title, ticket.reports[0].message_id) == (KNOWN, "q1")


async def test_someone_elses_digit_is_not_feedback(desk):
    await desk.say(KNOWN, user="zoe")
    assert await desk.say("2", user="yuri", mention=False) == []
    assert await desk.count("select count(*) from tickets") == 0


@pytest.mark.parametrize("word", ["yes", "no", "ok", "有用"])
async def test_feedback_words_in_plain_group_talk_are_not_feedback(desk, word):
    await desk.say(KNOWN, user="zoe")
    assert await desk.say(word, user="zoe", mention=False) == []
    assert await desk.count("select count(*) from audit_events where action = 'feedback'") == 0
    assert await desk.count("select count(*) from tickets") == 0


@pytest.mark.parametrize(("word", "tickets"), [("1", 0), ("👍", 0), ("2", 1), ("👎", 1)])
async def test_the_askers_bare_digit_or_thumb_right_after_an_answer_is_feedback(desk, word, tickets):
    await desk.say(KNOWN, user="zoe")
    assert await desk.say(word, user="yuri", mention=False) == []  # not the asker: plain talk
    await desk.say(word, user="zoe", mention=False)
    assert await desk.count("select count(*) from audit_events where action = 'feedback'") == 1
    assert await desk.count("select count(*) from tickets") == tickets


async def test_feedback_in_a_private_chat_needs_no_mention(desk):
    await desk.say(KNOWN, user="zoe", chat="zoe-dm", direct=True, mention=False)
    replies = await desk.say("no", user="zoe", chat="zoe-dm", direct=True, mention=False)
    assert "#1" in replies[0].text
    assert await desk.count("select count(*) from tickets") == 1


async def test_human_in_plain_group_talk_without_pending_feedback_is_ignored(desk):
    await desk.say("扫码之后安卓App闪退", user="zoe")
    assert await desk.say("人工", user="zoe", mention=False) == []
    assert await desk.say("human", user="yuri", mention=False) == []
    assert await desk.event_kinds(1) == ["opened"]


async def test_human_with_an_open_ticket_updates_it(desk):
    await desk.say("扫码之后安卓App闪退", user="zoe")
    [reply] = await desk.say("转人工", user="zoe")
    assert "#1" in reply.text
    assert await desk.event_kinds(1) == ["opened", "human"]


async def test_human_without_a_question_asks_for_one(desk):
    [reply] = await desk.say("human", user="zoe")
    assert "describe your problem" in reply.text
    assert await desk.count("select count(*) from tickets") == 0


async def test_same_answer_to_the_same_question_is_not_repeated_in_a_chat(desk):
    [answer] = await desk.say(KNOWN, user="zoe")
    [pointer] = await desk.say(KNOWN, user="yuri")  # one line pointing up, not the answer again
    assert pointer.kind is ReplyKind.NOTICE and len(pointer.text) < len(answer.text) / 2
    assert await desk.say(KNOWN, user="zoe") == []
    assert [r.kind for r in await desk.say(KNOWN, user="yuri", chat="groupB")] == [ReplyKind.ANSWER]
