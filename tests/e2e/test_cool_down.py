"""The per-chat cool-down keeps a group free of repeats without leaving a second asker unanswered."""

from __future__ import annotations

from groupbot.core.messages import ReplyKind
from tests.e2e.conftest import running_bot
from tests.fakes import SettableClock

KNOWN = "How do I reset my password?"
FAILURE = "the mobile app crashes when I scan the QR code"


async def test_a_second_asker_gets_a_pointer_and_a_repeat_gets_silence(db_url, scenario_start):
    clock = SettableClock(scenario_start)
    async with running_bot(db_url, clock=clock) as (_, chat):
        [answer] = await chat.say(KNOWN, user="alice")
        assert answer.kind is ReplyKind.ANSWER
        clock.advance(minutes=1)
        [pointer] = await chat.say(KNOWN, user="bob")
        assert pointer.kind is ReplyKind.NOTICE and pointer.reply_to_message_id is not None
        assert "just above" in pointer.text and answer.text.startswith(pointer.text.split(": ", 1)[1])
        assert len(pointer.text) < len(answer.text) / 2
        assert await chat.say(KNOWN, user="alice") == []  # the asker repeating herself
        assert await chat.say(KNOWN, user="bob") == []  # and bob, once pointed
        clock.advance(minutes=6)
        [again] = await chat.say(KNOWN, user="bob")
        assert again.kind is ReplyKind.ANSWER  # the window is over


async def test_a_second_reporter_hears_the_ticket_number(db_url, scenario_start):
    clock = SettableClock(scenario_start)
    async with running_bot(db_url, clock=clock) as (_, chat):
        [opened] = await chat.say(FAILURE, user="alice")
        assert opened.kind is ReplyKind.TICKET and "#1" in opened.text
        [merged] = await chat.say(FAILURE, user="bob")
        assert merged.kind is ReplyKind.TICKET and "#1" in merged.text
        assert await chat.say(FAILURE, user="alice") == []
        assert await chat.say(FAILURE, user="bob") == []


async def test_repeating_the_question_keeps_the_answer_waiting_for_feedback(db_url, scenario_start):
    clock = SettableClock(scenario_start)
    async with running_bot(db_url, clock=clock) as (_, chat):
        await chat.say(KNOWN, user="alice")
        assert await chat.say(KNOWN, user="alice") == []  # impatient: the same question again
        [sorry] = await chat.say("2", user="alice", mention=False)
        assert sorry.kind is ReplyKind.NOTICE and "#1" in sorry.text


OUTAGE = "all our users get 502 since 10 minutes, the site is down"


async def test_a_second_reporter_of_an_answered_outage_hears_its_ticket_number(db_url, scenario_start):
    clock = SettableClock(scenario_start)
    async with running_bot(db_url, clock=clock) as (_, chat):
        [answer, *_ops] = await chat.say(OUTAGE, user="alice")
        assert answer.kind is ReplyKind.ANSWER and "#1" in answer.text
        [pointer, *_ops] = await chat.say(OUTAGE, user="bob")
        assert "just above" in pointer.text and "#1" in pointer.text and "2 reports" in pointer.text


async def test_useless_after_a_pointer_is_feedback_on_the_answer_pointed_to(db_url, scenario_start):
    clock = SettableClock(scenario_start)
    async with running_bot(db_url, clock=clock) as (bot, chat):
        await chat.say(KNOWN, user="alice")
        [pointer] = await chat.say(KNOWN, user="bob", message_id="b1")
        assert "just above" in pointer.text
        [ticket, *_ops] = await chat.say("没用", user="bob")
        assert ticket.kind is ReplyKind.NOTICE and "#1" in ticket.text
        async with bot.uow_factory() as uow:
            opened = await uow.tickets.get(1)
        assert opened is not None and (opened.title, opened.reports[0].message_id) == (KNOWN, "b1")
