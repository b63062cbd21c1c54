"""Small talk and feedback in a group, through the real pipeline (router, matcher with the model, SQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from groupbot.core.chats import AddressMode, ChatSettings
from groupbot.core.messages import ReplyKind
from tests.e2e.conftest import running_bot


@pytest.fixture
async def running(db_url):
    async with running_bot(db_url) as pair:
        yield pair


@pytest.fixture
def bot(running):
    return running[0]


@pytest.fixture
def chat(running):
    return running[1]


async def scalar(bot, sql: str):
    async with bot.engine.connect() as conn:
        return (await conn.execute(text(sql))).scalar_one()


@pytest.mark.parametrize("said", ["hi", "thanks", "好的", "收到", "hello everyone", "👍", "嗯嗯", "在吗", "请问有人吗",
                                  "can I ask a question?"])
async def test_small_talk_said_to_the_bot_never_opens_a_ticket(chat, bot, said):
    replies = await chat.say(said)
    assert all(reply.kind is ReplyKind.NOTICE for reply in replies)
    assert len(replies) <= 1
    assert await scalar(bot, "select count(*) from tickets") == 0


async def test_a_greeting_gets_one_short_reply_then_silence(chat):
    [hello] = await chat.say("hi there")
    assert hello.kind is ReplyKind.NOTICE and len(hello.text) < 60
    assert await chat.say("hello!", user="bob") == []  # the same kind again in this chat: no spam
    [thanks] = await chat.say("谢谢")
    assert thanks.text == "不客气！"


async def test_small_talk_in_a_group_that_takes_every_message_is_silent(chat, bot):
    async with bot.uow_factory() as uow:
        await uow.chats.save(ChatSettings(chat.message("x").chat, mode=AddressMode.ALL))
        await uow.commit()
    for said in ("ok", "收到", "哈哈哈", "thanks all", "搞定了"):
        assert await chat.say(said, mention=False) == []
    assert await scalar(bot, "select count(*) from tickets") == 0


async def test_the_askers_bare_2_after_an_answer_counts_without_a_mention(chat, bot):
    [answer] = await chat.say("how do I reset my password?", user="ann")
    assert answer.kind is ReplyKind.ANSWER and "1" in answer.text and "2" in answer.text
    assert await chat.say("2", user="bob", mention=False) == []  # somebody else's 2 is just chat
    [sorry] = await chat.say("2", user="ann", mention=False)
    assert "#" in sorry.text
    assert await scalar(bot, "select count(*) from tickets") == 1


async def test_the_askers_thumbs_up_or_thanks_after_an_answer_is_positive_feedback(chat, bot):
    await chat.say("how do I reset my password?", user="ann")
    assert await chat.say("thanks!", user="ann", mention=False) == []
    helpful = "select count(*) from audit_events where action = 'feedback' and outcome = 'helpful'"
    assert await scalar(bot, helpful) == 1
    await chat.say("how do I export a dashboard to PDF?", user="cy")
    assert await chat.say("👍", user="cy", mention=False) == []
    assert await scalar(bot, helpful) == 2
    assert await scalar(bot, "select count(*) from tickets") == 0


async def test_a_bare_2_after_a_chinese_answer_is_answered_and_ticketed_in_chinese(chat, bot):
    [answer] = await chat.say("忘记密码了怎么重置？", user="ann")
    assert answer.kind is ReplyKind.ANSWER and "有帮助发 1" in answer.text
    [sorry] = await chat.say("2", user="ann", mention=False)
    assert sorry.text.startswith("抱歉没能帮到您")
    assert await scalar(bot, "select locale from tickets") == "zh-CN"


@pytest.mark.parametrize("said", ["that didn't help", "not what I asked", "还是不行", "答非所问"])
async def test_saying_the_answer_missed_tickets_the_question_not_the_remark(chat, bot, said):
    await chat.say("how do I reset my password?", user="ann")
    [sorry] = await chat.say(said, user="ann")
    assert "#1" in sorry.text
    assert await scalar(bot, "select title from tickets") == "how do I reset my password?"
    unhelpful = "select count(*) from audit_events where action = 'feedback' and outcome = 'unhelpful'"
    assert await scalar(bot, unhelpful) == 1


@pytest.mark.parametrize(("said", "mention"), [("不行啊，导出的PDF是空白的", False),
                                              ("didn't work: the PDF is blank", False), ("导出的PDF是空白的", True)])
async def test_saying_how_the_answer_missed_tickets_the_question_with_those_words(chat, bot, said, mention):
    # before, it was a new question: offered the very entry just answered, and no ticket. The last says
    # no "didn't work" (so it is a question, said to the bot), but the FAQ's best for it is that answer.
    await chat.say("怎么导出PDF", user="ann")
    [sorry, *_notices] = await chat.say(said, user="ann", mention=mention)
    assert sorry.kind is ReplyKind.NOTICE and "#1" in sorry.text
    texts = "select text from ticket_reports order by id"
    async with bot.engine.connect() as conn:
        assert list((await conn.execute(text(texts))).scalars()) == ["怎么导出PDF", said]
    assert await scalar(bot, "select outcome from audit_events where action = 'feedback'") == "unhelpful"
    # someone else saying it is not feedback on ann's answer
    replies = await chat.say("不行啊，导出的PDF是空白的", user="bob")
    assert all("#1" not in reply.text for reply in replies)


async def test_the_remark_with_no_answer_pending_asks_for_the_problem_and_opens_nothing(chat, bot):
    [ask] = await chat.say("that didn't help", user="ann")
    assert ask.kind is ReplyKind.NOTICE and "describe your problem" in ask.text
    assert await scalar(bot, "select count(*) from tickets") == 0


@pytest.mark.parametrize("said", ["human please", "none of these", "不是这个", "都不是", "我要人工"])
async def test_declining_a_did_you_mean_in_words_tickets_the_question(db_url, tmp_path, said):
    from tests.e2e.conftest import running_unsure_bot

    async with running_unsure_bot(db_url, tmp_path) as (bot, chat):
        [offer] = await chat.say("export report", user="ann")
        assert offer.kind is ReplyKind.SUGGEST
        replies = await chat.say(said, user="ann")
        assert replies[0].kind is ReplyKind.TICKET and "#1" in replies[0].text
        assert await scalar(bot, "select title from tickets") == "export report"


@pytest.mark.parametrize(
    ("asked", "first", "second"),
    [
        ("How do I reset my password? And how do I turn on two-factor authentication?", "password", "2FA"),
        ("忘记密码了怎么办？还有，怎么邀请同事进团队？", "忘记密码", "邀请同事"),
    ],
)
async def test_two_questions_in_one_message_get_both_answers_in_one_reply(chat, bot, asked, first, second):
    [answer] = await chat.say(asked, user="ann")
    assert answer.kind is ReplyKind.ANSWER
    assert answer.text.startswith("1\ufe0f\u20e3") and "2\ufe0f\u20e3" in answer.text
    assert answer.text.index(first) < answer.text.index(second)  # in the order they were asked
    [sorry] = await chat.say("2", user="ann", mention=False)  # feedback concerns the whole message
    assert "#1" in sorry.text
    assert await scalar(bot, "select title from tickets") == asked
    assert await chat.say(asked, user="ann") == []  # the cool-down covers the pair


async def test_a_second_question_the_faq_cannot_answer_leaves_the_message_whole(chat):
    [answer] = await chat.say("How do I reset my password? Is your office open on Sundays?", user="ann")
    assert "\u20e3" not in answer.text
