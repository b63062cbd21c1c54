"""Small talk and negation, with phrasings of our own (none taken from the evaluation sets)."""

import unicodedata

import pytest

from groupbot.core.matching.negation import is_negated
from groupbot.core.matching.smalltalk import SmallTalk, small_talk


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hey folks!", SmallTalk.GREETING),
        ("good morning all", SmallTalk.GREETING),
        ("早上好～", SmallTalk.GREETING),
        ("大家好呀", SmallTalk.GREETING),
        ("哈囉", SmallTalk.GREETING),  # traditional characters too
        ("is anybody there?", SmallTalk.PRESENCE),
        ("客服在吗？？", SmallTalk.PRESENCE),
        ("有人嗎", SmallTalk.PRESENCE),
        ("@helpbot thank you very much!!", SmallTalk.THANKS),
        ("thx 🙏", SmallTalk.THANKS),
        ("多谢多谢", SmallTalk.THANKS),
        ("好的，辛苦了", SmallTalk.THANKS),
        ("okie", SmallTalk.ACK),
        ("Got it.", SmallTalk.ACK),
        ("收到", SmallTalk.ACK),
        ("嗯嗯嗯", SmallTalk.ACK),
        ("了解了解", SmallTalk.ACK),
        ("666", SmallTalk.ACK),
        ("👌👌", SmallTalk.ACK),
        ("LOL", SmallTalk.LAUGHTER),
        ("哈哈哈哈哈", SmallTalk.LAUGHTER),
        ("see you later", SmallTalk.GOODBYE),
        ("拜拜～", SmallTalk.GOODBYE),
        ("never mind, figured it out", SmallTalk.RESOLVED),
        ("nvm it works now thanks", SmallTalk.RESOLVED),
        ("已经好了，谢谢", SmallTalk.RESOLVED),
        ("没事了", SmallTalk.RESOLVED),
        # After a report: the asker will wait; nothing new to file, no second ticket.
        ("thanks, waiting for news", SmallTalk.THANKS),
        ("ok we'll wait, keep us posted", SmallTalk.ACK),
        ("好的，等你们消息", SmallTalk.ACK),
        ("收到，坐等", SmallTalk.ACK),
        ("ok thanks, waiting", SmallTalk.THANKS),
        ("ok, will wait", SmallTalk.ACK),
        ("Thanks, I'll wait", SmallTalk.THANKS),
        ("noted, thanks", SmallTalk.THANKS),
        ("ok, waiting for your response", SmallTalk.ACK),
        ("ok I will wait for your reply", SmallTalk.ACK),
        ("waiting", SmallTalk.ACK),
        ("no rush, let me know", SmallTalk.ACK),
        ("thanks in advance", SmallTalk.ACK),
        # Asking to ask: the question comes next; when said to the bot, it is asked for it.
        ("请问有人吗", SmallTalk.PRESENCE),
        ("你好请问在吗", SmallTalk.PRESENCE),
        ("你好，请问有人在吗？", SmallTalk.PRESENCE),
        ("有管理员在吗", SmallTalk.PRESENCE),
        ("我想咨询一下", SmallTalk.PRESENCE),
        ("打扰了，问个问题", SmallTalk.PRESENCE),
        ("excuse me, anyone around?", SmallTalk.PRESENCE),
        ("hi, can I ask a question?", SmallTalk.PRESENCE),
        ("quick question", SmallTalk.PRESENCE),
    ],
)
def test_small_talk_is_recognized_in_both_languages(text: str, kind: SmallTalk | None) -> None:
    assert small_talk(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        "收不到验证码",  # not "收到"
        "好的 但是导出还是失败",  # an ack followed by a problem
        "thanks, but where is the invoice?",
        "hello, my dashboard is empty",
        "ok so how do I add a user",
        "can't log in",
        "2",  # a feedback digit, handled elsewhere
        "?!",
        "everyone in my team lost access",
        "没事吧？系统是不是挂了",
        "hi " * 40,  # too long to be small talk
        "waiting for news on the export bug",  # names a problem
        "还要等多久",  # asks how long
        "等了很久还没有消息",  # a complaint
        "I will wait, but how do I export meanwhile?",
        "waiting for the fix of the export",  # names what is broken
        "ok, waiting. the export also fails on safari",
        "let me know how to export",
        "I am waiting for 2 hours and the page is blank",
        "请问怎么导出PDF",  # the question asked with its preamble
        "咨询一下发票",
        "quick question: how do I export?",
        "I have a question about invoices",
        "打扰一下，导出报错了",
    ],
)
def test_questions_and_problems_are_not_small_talk(text: str) -> None:
    assert small_talk(text) is None


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("I can't sign in", True),
        ("I can sign in but the report is empty", False),
        ("the webhook never fires", True),
        ("收不到重置邮件", True),
        ("收到重置邮件了", False),
        ("能不能开发票", False),  # A-not-A asks, it does not negate
        ("有没有年付优惠", False),
        ("不能导出", True),
        ("效果不错", False),
    ],
)
def test_negation(text: str, negated: bool) -> None:
    assert is_negated(text) is negated


def test_a_text_asked_about_again_is_not_folded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    folded: list[str] = []
    fold = unicodedata.normalize

    def counted(form: str, text: str) -> str:
        folded.append(text)
        return fold(form, text)

    monkeypatch.setattr(unicodedata, "normalize", counted)
    text = "thank you so much!!"  # no other test asks this exact text
    kinds = [small_talk(text) for _ in range(4)]  # as one message on its way through the bot
    assert kinds == [SmallTalk.THANKS] * 4
    assert folded.count(text) == 1
