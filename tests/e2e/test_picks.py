"""Picking from a did-you-mean the way customers type it, and what a reply that picks nothing does."""

from __future__ import annotations

import pytest

from groupbot.core.messages import ReplyKind
from tests.e2e.conftest import running_unsure_bot


@pytest.fixture
async def unsure(db_url, tmp_path):
    """A bot that never answers outright, so every match becomes a did-you-mean; (bot, platform)."""
    async with running_unsure_bot(db_url, tmp_path) as pair:
        yield pair


async def _tickets(bot):
    async with bot.uow_factory() as uow:
        return await uow.tickets.find(limit=10)


@pytest.mark.parametrize("pick", ["２", "2️⃣", "#2", "2.", "选2", "第二个", "第2个", "the second one", "second"])
async def test_a_pick_as_customers_type_it_gives_that_answer(unsure, pick):
    bot, chat = unsure
    [offer] = await chat.say("export my report", user="sam")
    [answer] = await chat.say(pick, user="sam", mention=False)
    chosen = offer.choices[1].label.split(". ", 1)[1]
    assert answer.kind is ReplyKind.ANSWER and answer.text.startswith(chosen)
    assert await _tickets(bot) == []


@pytest.mark.parametrize(("reply", "says", "then", "mention"), [
    ("fifth", "1 to", "the first", True),  # an ordinal out of range
    ("第五个", "1 到", "the first", True),
    ("the blue one", "couldn't tell which", "1", False),  # a pick the bot cannot place
    ("那个", "没看出", "1", False),
])
async def test_a_pick_out_of_range_or_unplaceable_asks_again_and_keeps_the_offer(unsure, reply, says, then, mention):
    bot, chat = unsure
    await chat.say("export my report", user="sam")
    [retry] = await chat.say(reply, user="sam")
    assert retry.kind is ReplyKind.NOTICE and says in retry.text
    assert await _tickets(bot) == []  # not a ticket
    [answer] = await chat.say(then, user="sam", mention=mention)
    assert answer.kind is ReplyKind.ANSWER and await _tickets(bot) == []
