"""Customers of one group write Chinese or English: each message is answered in its own language.

The chat's language (/lang, else the configured locale) is only the default, for messages
without words and for commands.
"""

from __future__ import annotations

from groupbot.core.messages import ReplyKind


def _in_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


async def _chinese_group(desk) -> None:
    [ack] = await desk.say("/lang zh-CN", user="olga")
    assert _in_chinese(ack.text)


async def test_in_a_chinese_group_an_english_question_gets_english_and_a_chinese_one_chinese(desk):
    await _chinese_group(desk)
    [answer] = await desk.say("how do I reset my password?", user="ann")
    assert answer.kind is ReplyKind.ANSWER and "Was this helpful?" in answer.text and not _in_chinese(answer.text)
    [answer] = await desk.say("忘记密码了怎么重置？", user="bob")
    assert answer.kind is ReplyKind.ANSWER and "有帮助发 1" in answer.text


async def test_in_a_chinese_group_an_unanswerable_english_question_gets_an_english_ticket_notice(desk):
    await _chinese_group(desk)
    [notice] = [r for r in await desk.say("the sync agent on our NAS segfaults every night", user="ann")
                if r.chat.chat_id == "groupA"]
    assert notice.kind is ReplyKind.TICKET and "logged it as ticket #1" in notice.text
    assert (await desk.ticket(1)).locale == "en"  # what its "solved?" question is asked in
    [notice] = [r for r in await desk.say("扫码之后安卓App闪退", user="bob") if r.chat.chat_id == "groupA"]
    assert notice.kind is ReplyKind.TICKET and "工单 #2" in notice.text


async def test_wordless_messages_get_the_chats_language(desk):
    await _chinese_group(desk)
    await desk.say("how do I reset my password?", user="ann", mention=False)  # not for the bot: no reply
    [hint] = await desk.say("???", user="ann")
    assert hint.text.startswith("您好！请直接描述您的问题")
    await desk.say("忘记密码了怎么重置？", user="bob")
    [ticketed] = [r for r in await desk.say("2", user="bob", mention=False) if r.chat.chat_id == "groupA"]
    assert _in_chinese(ticketed.text)


async def test_a_bare_2_after_an_english_answer_stays_in_english_in_a_chinese_group(desk):
    await _chinese_group(desk)
    await desk.say("how do I reset my password?", user="ann")
    [ticketed] = [r for r in await desk.say("2", user="ann", mention=False) if r.chat.chat_id == "groupA"]
    assert not _in_chinese(ticketed.text) and "#1" in ticketed.text  # the conversation's language


async def test_the_solved_follow_up_is_asked_in_the_language_of_the_question(desk):
    await _chinese_group(desk)
    await desk.say("the sync agent on our NAS segfaults every night", user="ann")
    await desk.ops("/resolve 1 update the agent to 4.2.1")
    desk.clock.advance(hours=24)
    assert await desk.bot.job("follow-up").run_once() == 1
    await desk.bot.outbox.sender.run_once()
    asked = [r.text for r in desk.platform.sent if r.chat.chat_id == "groupA"][-1]
    assert "solved for you now? Reply 1 for yes, 2 for no." in asked
    [sorry] = [r for r in await desk.say("2", user="ann", mention=False) if r.chat.chat_id == "groupA"]
    assert "reopened ticket #1" in sorry.text  # its answer, in the same language, not the chat's
